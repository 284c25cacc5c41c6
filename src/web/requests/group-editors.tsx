/**
 * Editors of pack fields made of several parts (an authority, the custodian, the safeguards …):
 * the fieldset and its legend come from `FieldShell`; these are the parts, each labelled.
 */
import { useI18n } from "../i18n/i18n.js";
import { CheckboxControl, DateControl, SelectControl, TextControl, UtcDateTimeControl } from "./controls.js";
import { asList, getAt } from "./document-model.js";
import { useOptions, useValueLabel } from "./enum-labels.js";
import { AUTHORISATIONS, AUTHORITY_KINDS, CUSTODIAN_KINDS, DATA_CATEGORIES, STAGES } from "./enum-values.js";
import { type EditorProps, useDraft } from "./form-context.js";

/** The id of the list of States this node knows, offered as suggestions in every State-code box. */
export const KNOWN_STATES_LIST = "known-states";

export function StateCodeControl(props: { path: string; label: string; primary?: boolean }) {
  const { t } = useI18n();
  return (
    <TextControl
      {...props}
      hint={t("requests.stateCode.hint")}
      list={KNOWN_STATES_LIST}
      maxLength={2}
      transform={(text) => text.toUpperCase()}
    />
  );
}

export function AuthorityEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const kinds = useOptions(AUTHORITY_KINDS);
  return (
    <>
      <TextControl path={`${path}.name`} label={t("requests.key.name")} primary />
      <SelectControl
        path={`${path}.kind`}
        label={t("requests.label.authorityKind")}
        options={kinds}
        blank={t("requests.option.notStated")}
      />
      <TextControl path={`${path}.function`} label={t("requests.key.function")} />
      <TextControl path={`${path}.contact.email`} label={t("requests.key.email")} type="email" />
      <TextControl path={`${path}.contact.phone`} label={t("requests.key.phone")} type="tel" />
      <TextControl path={`${path}.contact.address`} label={t("requests.key.address")} />
    </>
  );
}

export function CustodianEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const kinds = useOptions(CUSTODIAN_KINDS);
  return (
    <>
      <TextControl path={`${path}.name`} label={t("requests.key.name")} primary />
      <SelectControl
        path={`${path}.kind`}
        label={t("requests.label.custodianKind")}
        options={kinds}
        blank={t("requests.option.notStated")}
      />
      <StateCodeControl path={`${path}.establishedIn`} label={t("requests.key.establishedIn")} />
      <TextControl path={`${path}.address`} label={t("requests.key.address")} />
    </>
  );
}

export function DataLocationEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <StateCodeControl path={`${path}.state`} label={t("requests.label.dataState")} primary />
      <TextControl path={`${path}.system`} label={t("requests.key.system")} />
    </>
  );
}

export function ProceedingsEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const stages = useOptions(STAGES);
  return (
    <>
      <SelectControl
        path={`${path}.stage`}
        label={t("requests.key.stage")}
        options={stages}
        blank={t("requests.option.choose")}
        primary
      />
      <TextControl path={`${path}.subject`} label={t("requests.key.subject")} multiline />
    </>
  );
}

export function SafeguardsEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const kinds = useOptions(AUTHORISATIONS);
  return (
    <>
      <TextControl path={`${path}.authorisedBy`} label={t("requests.key.authorisedBy")} primary />
      <SelectControl
        path={`${path}.authorisation`}
        label={t("requests.key.authorisation")}
        options={kinds}
        blank={t("requests.option.choose")}
      />
      <TextControl path={`${path}.grounds`} label={t("requests.key.grounds")} multiline />
      <TextControl path={`${path}.proportionality`} label={t("requests.key.proportionality")} multiline />
    </>
  );
}

export function DeadlineEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <DateControl path={`${path}.date`} label={t("requests.label.deadlineDate")} primary />
      <TextControl path={`${path}.reasons`} label={t("requests.label.deadlineReasons")} multiline />
    </>
  );
}

export function CollectionPeriodEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <UtcDateTimeControl path={`${path}.from`} label={t("requests.key.from")} primary />
      <UtcDateTimeControl path={`${path}.to`} label={t("requests.key.to")} />
      <TextControl path={`${path}.justification`} label={t("requests.key.justification")} multiline />
    </>
  );
}

export function WarrantEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <TextControl path={`${path}.issuedBy`} label={t("requests.key.issuedBy")} primary />
      <DateControl path={`${path}.date`} label={t("requests.key.date")} />
      <TextControl path={`${path}.reference`} label={t("requests.key.reference")} />
    </>
  );
}

/** Confidentiality: answering at all records a choice, so `required` is always a yes or a no once touched. */
export function ConfidentialityEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <CheckboxControl path={`${path}.required`} label={t("requests.key.required")} primary />
      <CheckboxControl
        path={`${path}.noUserNotification`}
        label={t("requests.key.noUserNotification")}
        literal
      />
      <TextControl path={`${path}.reasons`} label={t("requests.label.confidentialityReasons")} multiline />
    </>
  );
}

export function DualCriminalityEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <>
      <TextControl path={`${path}.statement`} label={t("requests.key.statement")} multiline primary />
      <TextControl
        path={`${path}.requestedStateProvision`}
        label={t("requests.key.requestedStateProvision")}
      />
    </>
  );
}

/** Subscriber, traffic, content: a checkbox each, written as the list the document holds. */
export function DataCategoriesEditor({ path }: EditorProps) {
  const label = useValueLabel();
  const draft = useDraft();
  const chosen = asList(getAt(draft.document, path));
  return (
    <div className="checkbox-row">
      {DATA_CATEGORIES.map((category) => (
        <div className="control checkbox" key={category}>
          <input
            id={`category-${category}`}
            type="checkbox"
            checked={chosen.includes(category)}
            onChange={(event) => {
              const next = DATA_CATEGORIES.filter((c) =>
                c === category ? event.target.checked : chosen.includes(c),
              );
              draft.set(path, next.length === 0 ? undefined : next);
            }}
          />
          <label htmlFor={`category-${category}`}>{label(category)}</label>
        </div>
      ))}
    </div>
  );
}
