/**
 * A stored request's contents, read-only, for whoever approves, decides or follows it: each part
 * under the pack's label (or the UI's name for it), lists and nested parts laid out, enumerated
 * values and dates in the reader's language.
 */
import { type ReactNode, useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { isCitation, useCitationText } from "./citation-text.js";
import { asList } from "./document-model.js";
import { useValueLabel } from "./enum-labels.js";
import { isEnumValue } from "./enum-values.js";
import { keyLabelOf } from "./key-labels.js";
import { useLanguageName } from "./language-names.js";
import { type Pack, packLabelOf } from "./treaty-data.js";

/** Shown in the page's header already, or bookkeeping of the format. */
const SHOWN_ELSEWHERE = new Set([
  "format",
  "kind",
  "reference",
  "requestingState",
  "requestedState",
  "urgency",
]);

function Value({ value, pack }: { value: unknown; pack: Pack }): ReactNode {
  const { t, pick, date, dateTime, number } = useI18n();
  const valueLabel = useValueLabel();
  const keyLabel = (key: string) => {
    const message = keyLabelOf(key);
    return message ? t(message) : key;
  };
  if (typeof value === "boolean") return value ? t("requests.document.yes") : t("requests.document.no");
  if (typeof value === "number") return number(value);
  if (typeof value === "string") {
    if (isEnumValue(value)) return valueLabel(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return dateTime(value);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value);
    const offence = pack.offences.find((o) => o.code === value);
    return offence ? `${value} — ${pick(offence.title)}` : value;
  }
  if (Array.isArray(value)) {
    return (
      <ol>
        {value.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a stored document's lists never reorder.
          <li key={index}>
            <Value value={item} pack={pack} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object" && value !== null) {
    return (
      <dl className="facts nested">
        {Object.entries(value).map(([key, inner]) => (
          <div key={key}>
            <dt>{keyLabel(key)}</dt>
            <dd>
              <Value value={inner} pack={pack} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return null;
}

/** Parts read better in their own words than laid out: the legal basis as citations, languages by name. */
function Special({ name, value, pack }: { name: string; value: unknown; pack: Pack }): ReactNode {
  const citation = useCitationText();
  const languageName = useLanguageName();
  if (name === "legalBasis") {
    return asList(value)
      .map((basis) => (isCitation(basis) ? citation(basis) : JSON.stringify(basis)))
      .join("; ");
  }
  if (name === "languages" && typeof value === "object" && value !== null) {
    const { request, translations } = value as { request?: unknown; translations?: unknown };
    return [request, ...asList(translations)]
      .filter((code) => typeof code === "string")
      .map(languageName)
      .join(", ");
  }
  return <Value value={value} pack={pack} />;
}

export function DocumentView({ document, pack }: { document: unknown; pack: Pack }) {
  const { t, pick } = useI18n();
  const headingId = useId();
  const entries =
    typeof document === "object" && document !== null
      ? Object.entries(document).filter(([key]) => !SHOWN_ELSEWHERE.has(key))
      : [];
  const labelOf = (key: string) => {
    const fromPack = packLabelOf(pack, `$.${key}`);
    if (fromPack) return pick(fromPack);
    const message = keyLabelOf(key);
    return message ? t(message) : key;
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.document.title")}</h2>
      <dl className="document">
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt className="field-label">{labelOf(key)}</dt>
            <dd>
              <Special name={key} value={value} pack={pack} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
