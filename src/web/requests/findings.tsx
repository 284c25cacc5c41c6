/**
 * The engine's findings as officers read them: how grave (in words, not by colour alone), the
 * message in the reader's language, and the provision it enforces.
 */
import type { Finding } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { useCitationText } from "./citation-text.js";

export function FindingView({ finding, about }: { finding: Finding; about?: string | undefined }) {
  const { t, pick } = useI18n();
  const citation = useCitationText();
  return (
    <li className={`finding ${finding.severity}`}>
      <strong>{t(`requests.severity.${finding.severity}`)}</strong> {pick(finding.message)}{" "}
      <cite>{citation(finding.citation)}</cite>
      {about !== undefined && !pick(finding.message).includes(about) && (
        <span className="hint"> — {t("requests.findings.about", { field: about })}</span>
      )}
    </li>
  );
}

/** The findings beside one field; absent when there are none, so nothing points at an empty box. */
export function FieldFindings({ id, findings }: { id: string; findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul id={id} className="findings field-findings">
      {findings.map((finding) => (
        <FindingView key={`${finding.ruleId}${finding.path}`} finding={finding} />
      ))}
    </ul>
  );
}

export const countBySeverity = (findings: readonly Finding[]) => ({
  errors: findings.filter((f) => f.severity === "error").length,
  warnings: findings.filter((f) => f.severity !== "error").length,
});

/**
 * Every finding in one list, each with the field it is about. The live region holds only the counts,
 * so a screen reader speaks when they change, not after every pause in typing; a check under way is
 * marked busy (and shown, outside the live region) instead of announced.
 */
export function FindingsSummary({
  findings,
  checked,
  checking,
  labelOf,
  headingId,
}: {
  findings: readonly Finding[];
  /** Whether the node has answered yet; until then the counts are unknown and not announced. */
  checked: boolean;
  checking: boolean;
  labelOf(path: string): string | undefined;
  headingId: string;
}) {
  const { t } = useI18n();
  const { errors, warnings } = countBySeverity(findings);
  let status = "";
  if (findings.length > 0) status = t("requests.findings.count", { errors, warnings });
  else if (checked) status = t("requests.findings.none");
  return (
    <section className="findings-summary" aria-labelledby={headingId} aria-busy={checking}>
      <h2 id={headingId}>{t("requests.findings.title")}</h2>
      <p role="status" aria-busy={checking}>
        {status}
      </p>
      {checking && <p className="hint">{t("requests.findings.checking")}</p>}
      {findings.length > 0 && (
        <ul className="findings">
          {findings.map((finding) => (
            <FindingView
              key={`${finding.ruleId}${finding.path}`}
              finding={finding}
              about={labelOf(finding.path)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
