/**
 * What every request carries whatever its kind: its reference, the requesting State, the language
 * it is written in and the channel it goes through (each offered with what the requested State
 * accepts), the legal basis, and — for an emergency — the risk to life that justifies it.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { LANGUAGES } from "../i18n/languages.js";
import { useCitationText } from "./citation-text.js";
import { SelectControl, TextControl } from "./controls.js";
import { asList, type DraftDocument } from "./document-model.js";
import { useValueLabel } from "./enum-labels.js";
import { CHANNELS } from "./enum-values.js";
import { FieldShell } from "./field-shell.js";
import { useDraft } from "./form-context.js";
import { useLanguageName } from "./language-names.js";
import { Labelled } from "./message-parts.js";
import { declarationsOf } from "./treaty-data.js";

export const generalFields = (document: DraftDocument): string[] => [
  "$.reference",
  "$.requestingState",
  "$.languages",
  "$.channel",
  "$.legalBasis",
  ...(document.urgency === "emergency" ? ["$.emergency"] : []),
];

function LegalBasis() {
  const { t } = useI18n();
  const { document } = useDraft();
  const citation = useCitationText();
  const bases = asList(document.legalBasis).flatMap((basis) =>
    typeof basis === "object" && basis !== null && "treaty" in basis && "article" in basis
      ? [citation(basis as { treaty: string; article: string; paragraph?: string })]
      : [],
  );
  return (
    <p>
      <Labelled label={t("requests.key.legalBasis")}>
        {bases.join("; ") || t("requests.option.notStated")}
      </Labelled>
    </p>
  );
}

export function GeneralFields() {
  const { t, pick } = useI18n();
  const { document, declarations } = useDraft();
  const headingId = useId();
  const languageName = useLanguageName();
  const valueLabel = useValueLabel();
  const requested = declarationsOf(declarations, String(document.requestedState));
  const requesting = declarationsOf(declarations, String(document.requestingState));
  const state = requested ? pick(requested.stateName) : String(document.requestedState);
  const accepted = (list: readonly string[], value: string, label: string) =>
    list.includes(value) ? t("requests.general.accepted", { label, state }) : label;
  const languages = [...new Set([...(requested?.languages ?? []), ...LANGUAGES])].map((code) => ({
    value: code,
    label: accepted(requested?.languages ?? [], code, languageName(code)),
  }));
  const channels = CHANNELS.map((channel) => ({
    value: channel,
    label: accepted(requested?.channels ?? [], channel, valueLabel(channel)),
  }));
  const labels = {
    reference: t("requests.general.reference"),
    language: t("requests.general.language"),
    channel: t("requests.key.channel"),
    risk: t("requests.key.riskToLife"),
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.general.title")}</h2>
      <FieldShell field="$.reference" label={labels.reference} required group={false}>
        <TextControl path="$.reference" label={labels.reference} required primary />
      </FieldShell>
      <FieldShell field="$.requestingState" label="" required={false} group={false}>
        <p>
          <Labelled label={t("requests.general.requestingState")}>
            {requesting
              ? `${pick(requesting.stateName)} (${requesting.state})`
              : String(document.requestingState)}
          </Labelled>
        </p>
      </FieldShell>
      <FieldShell field="$.languages" label={labels.language} required group={false}>
        <SelectControl
          path="$.languages.request"
          label={labels.language}
          options={languages}
          required
          primary
        />
      </FieldShell>
      <FieldShell field="$.channel" label={labels.channel} required={false} group={false}>
        <SelectControl
          path="$.channel"
          label={labels.channel}
          options={channels}
          blank={t("requests.option.notStated")}
          primary
        />
      </FieldShell>
      <FieldShell field="$.legalBasis" label="" required={false} group={false}>
        <LegalBasis />
      </FieldShell>
      {document.urgency === "emergency" && (
        <FieldShell field="$.emergency" label={labels.risk} required group={false}>
          <TextControl path="$.emergency.riskToLife" label={labels.risk} required multiline primary />
        </FieldShell>
      )}
    </section>
  );
}
