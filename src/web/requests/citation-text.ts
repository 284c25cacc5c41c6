/**
 * A treaty provision as officers cite it, in the reader's language: "UNCC Art. 42(2)(a)". A
 * citation the pack could not check against the authentic text says so, so nobody relies on it
 * unawares.
 */
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import type { Citation } from "./treaty-data.js";

const TREATY_NAMES: Readonly<Record<string, MessageKey>> = {
  "uncc-2024": "requests.treaty.uncc-2024",
  "budapest-2001": "requests.treaty.budapest-2001",
};

/** The function that writes a citation, for the reader's language. */
export function useCitationText(): (citation: Citation) => string {
  const { t } = useI18n();
  return (citation) => {
    const name = TREATY_NAMES[citation.treaty];
    const paragraph = citation.paragraph ? `(${citation.paragraph})` : "";
    const item = citation.item ? `(${citation.item})` : "";
    const text = t("requests.citation.text", {
      treaty: name ? t(name) : citation.treaty,
      article: `${citation.article}${paragraph}${item}`,
    });
    return citation.unverified ? `${text} ${t("requests.citation.unverified")}` : text;
  };
}

/** Whether an unknown value (a stored deadline's citation, a problem's) is a citation. */
export const isCitation = (value: unknown): value is Citation =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Citation).treaty === "string" &&
  typeof (value as Citation).article === "string";
