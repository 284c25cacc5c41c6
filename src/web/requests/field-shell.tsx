/**
 * One field of the request form with its findings beside it. A field of several parts is a
 * fieldset whose legend is the pack's label; a one-control field lets the control carry the label.
 */
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n.js";
import { FieldLabel } from "./controls.js";
import { asList, getAt, isBlank, slugOf } from "./document-model.js";
import { FieldFindings } from "./findings.js";
import { ShellContext, type ShellValue, useDraft } from "./form-context.js";

export function FieldShell(props: {
  field: string;
  label: string;
  required: boolean;
  group: boolean;
  children: ReactNode;
}) {
  const draft = useDraft();
  const findings = draft.findingsOf(props.field);
  const slug = slugOf(props.field);
  const value: ShellValue = {
    field: props.field,
    findingsId: `findings-${slug}`,
    findings,
    single: !props.group,
  };
  if (!props.group) {
    return (
      <ShellContext.Provider value={value}>
        <div className="field" id={`field-${slug}`}>
          {props.children}
          <FieldFindings id={value.findingsId} findings={findings} />
        </div>
      </ShellContext.Provider>
    );
  }
  return (
    <ShellContext.Provider value={value}>
      <fieldset
        className="field"
        id={`field-${slug}`}
        aria-describedby={findings.length > 0 ? value.findingsId : undefined}
      >
        <legend>
          <FieldLabel text={props.label} required={props.required} />
        </legend>
        <FieldFindings id={value.findingsId} findings={findings} />
        {props.children}
      </fieldset>
    </ShellContext.Provider>
  );
}

/**
 * A small repeatable list (offences, persons, identifiers …): one row shown even when the list is
 * empty, so the officer starts writing at once; rows left empty are dropped before sending.
 */
export function ListRows(props: {
  path: string;
  rowLabel(n: number): string;
  addLabel: string;
  removeLabel(n: number): string;
  newRow(): Readonly<Record<string, unknown>>;
  children(rowPath: string, index: number): ReactNode;
}) {
  const { t } = useI18n();
  const draft = useDraft();
  const rows = asList(getAt(draft.document, props.path));
  const shown = rows.length === 0 ? 1 : rows.length;
  const remove = (index: number) =>
    draft.set(
      props.path,
      rows.filter((_, i) => i !== index),
    );
  return (
    <div className="list-rows">
      {Array.from({ length: shown }, (_, index) => {
        const rowPath = `${props.path}[${index}]`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; the index is their path.
          <fieldset key={index} className="list-row">
            <legend>{props.rowLabel(index + 1)}</legend>
            {props.children(rowPath, index)}
            {(rows.length > 1 || !isBlank(rows[index])) && (
              <button type="button" className="danger" onClick={() => remove(index)}>
                {props.removeLabel(index + 1)}
              </button>
            )}
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => draft.set(props.path, [...(rows.length === 0 ? [{}] : rows), props.newRow()])}
      >
        {props.addLabel}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {t("requests.list.count", { count: shown })}
      </span>
    </div>
  );
}
