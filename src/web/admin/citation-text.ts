/**
 * A treaty provision as officers read it, in the reader's language ("Art. 46(1)", "第46(1)条"),
 * with a warning when the pack could not confirm the provision's numbering or wording.
 */
import type { I18n } from "../i18n/i18n.js";
import type { Declarations } from "./admin-types.js";

type Citation = Declarations["reservations"][number]["citation"];

export function citationText(citation: Citation, t: I18n["t"]): string {
  const ref = `${citation.article}${citation.paragraph ? `(${citation.paragraph})` : ""}${citation.item ? `(${citation.item})` : ""}`;
  const text = t("admin.citation", { ref });
  return citation.unverified ? `${text} ${t("admin.citationUnverified")}` : text;
}
