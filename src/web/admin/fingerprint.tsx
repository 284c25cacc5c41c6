/**
 * A key fingerprint or certificate hash as people read it aloud over the telephone: hex digits in
 * groups of four, eight groups a line, in a fixed-width face so that columns line up when two
 * administrators compare theirs. Copying it gives the groups separated by spaces, the form the
 * CLI's `--fingerprint` accepts.
 */
const GROUP = 4;
const GROUPS_PER_LINE = 8;

export function groupsOf(hex: string): string[] {
  const digits = hex.replace(/[\s:]/g, "").toLowerCase();
  return digits.match(new RegExp(`.{1,${GROUP}}`, "g")) ?? [];
}

export function Fingerprint({ value }: { value: string }) {
  const groups = groupsOf(value);
  const lines: string[] = [];
  for (let at = 0; at < groups.length; at += GROUPS_PER_LINE) {
    lines.push(groups.slice(at, at + GROUPS_PER_LINE).join(" "));
  }
  return (
    <code className="fingerprint" translate="no">
      {lines.map((line, i) => (
        <span key={line + String(i)} className="fingerprint-line">
          {line}
          {i < lines.length - 1 ? " " : ""}
        </span>
      ))}
    </code>
  );
}
