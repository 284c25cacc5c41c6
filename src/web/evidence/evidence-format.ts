/**
 * How evidence figures read: sizes in the reader's language with decimal units (so "kB" means
 * 1000 bytes, as the unit says; the exact count is in the tooltip), and the node's refusals in words,
 * the use limitation's own detail quoted as the node wrote it (it cites Art. 40(19) and the
 * decision's conditions).
 */
import { ApiError } from "../app/api.js";
import type { I18n } from "../i18n/i18n.js";
import { problemText } from "../requests/problem-text.js";

const UNITS = [
  ["gigabyte", 1e9],
  ["megabyte", 1e6],
  ["kilobyte", 1e3],
] as const;

export function formatSize(bytes: number, number: I18n["number"]): string {
  const found = UNITS.find(([, size]) => bytes >= size);
  if (found === undefined) return number(bytes, { style: "unit", unit: "byte", unitDisplay: "long" });
  const [unit, size] = found;
  return number(bytes / size, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 });
}

/** A refused use in its own words; any other failure as every screen says it. */
export function errorText(t: I18n["t"], error: unknown): string {
  if (error instanceof ApiError && error.code === "EVIDENCE_USE_REFUSED")
    return t("evidence.error.useRefused", { detail: error.detail });
  return problemText(t, error);
}
