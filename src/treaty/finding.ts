/**
 * A finding is what the engine says about one point of a request: how grave it is, which rule and
 * provision it comes from, which field it concerns, and the message in all six UN languages.
 */
import type { Citation } from "./citation.js";
import type { LocalizedText } from "./languages.js";
import type { Severity } from "./pack-schema.js";

export type Finding = {
  severity: Severity;
  ruleId: string;
  citation: Citation;
  /** JSON path of the field concerned, `$` for the document as a whole. */
  path: string;
  message: LocalizedText;
};

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === "error");

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by field, so an officer reads what blocks the request before what merely helps. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.path.localeCompare(b.path));
}
