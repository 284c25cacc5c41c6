/**
 * The draft document as the form holds it: a plain object edited by JSON path (`$.offences[0].provision`,
 * the paths the pack and the findings use). What the officer has not written yet is dropped before
 * the document goes to the node, so an empty box never breaks the document's format.
 */

export type DraftDocument = Readonly<Record<string, unknown>>;
type Segment = string | number;

export function segmentsOf(path: string): Segment[] {
  const out: Segment[] = [];
  for (const match of path.slice(1).matchAll(/\.([A-Za-z0-9]+)|\[(\d+)\]/g)) {
    out.push(match[1] ?? Number(match[2]));
  }
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function getAt(document: unknown, path: string): unknown {
  let current = document;
  for (const segment of segmentsOf(path)) {
    if (typeof segment === "number") current = Array.isArray(current) ? current[segment] : undefined;
    else current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

function setIn(container: unknown, segments: readonly Segment[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (typeof head === "number") {
    const list = Array.isArray(container) ? [...container] : [];
    while (list.length < head) list.push({});
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  const record: Record<string, unknown> = isRecord(container) ? { ...container } : {};
  const next = setIn(record[head], rest, value);
  if (next === undefined) delete record[head];
  else record[head] = next;
  return record;
}

/** A new document with `value` at `path` (undefined removes it); the objects on the way are created. */
export function setAt(document: DraftDocument, path: string, value: unknown): DraftDocument {
  return setIn(document, segmentsOf(path), value) as DraftDocument;
}

/** Nothing written: absent, blank text, no number, or only such things inside. */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (typeof value === "number") return Number.isNaN(value);
  if (Array.isArray(value)) return value.every(isBlank);
  if (isRecord(value)) return Object.values(value).every(isBlank);
  return false;
}

/** A list row is empty when only its type is chosen: an identifier with a type and no value says nothing. */
const isBlankRow = (value: unknown): boolean =>
  isRecord(value) ? Object.entries(value).every(([key, v]) => key === "type" || isBlank(v)) : isBlank(value);

function clean(value: unknown): unknown {
  if (Array.isArray(value)) {
    const rows = value.filter((row) => !isBlankRow(row)).map(clean);
    return rows.length === 0 ? undefined : rows;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const cleaned = clean(v);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return isBlank(value) ? undefined : value;
}

/** The document as the node should see it: blanks and empty rows left out. */
export function cleanDocument(document: DraftDocument): DraftDocument {
  return (clean(document) ?? {}) as DraftDocument;
}

/** Whether `path` is `owner` or lies inside it (`$.offences[0].provision` inside `$.offences`). */
export const isWithin = (path: string, owner: string): boolean =>
  path === owner || path.startsWith(`${owner}.`) || path.startsWith(`${owner}[`);

/** The field a finding belongs to: the longest field path that contains it. */
export function ownerOf(path: string, fields: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const field of fields) {
    if (isWithin(path, field) && (best === undefined || field.length > best.length)) best = field;
  }
  return best;
}

/** An id usable in HTML for a path: `$.data.description` → `data-description`. */
export const slugOf = (path: string): string =>
  path
    .replace(/^\$\.?/, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/-$/, "");

export const asText = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";

export const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
