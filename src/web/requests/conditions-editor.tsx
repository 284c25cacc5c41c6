/**
 * Conditions of a grant (or proposed in a consultation): each a type and a text. The first row is
 * there from the start; rows left empty are not sent.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { FieldLabel } from "./controls.js";
import { useOptions } from "./enum-labels.js";
import { CONDITION_TYPES } from "./enum-values.js";

export type ConditionRow = { type: string; text: string };

export const emptyCondition = (): ConditionRow => ({ type: "", text: "" });

export function ConditionsEditor(props: {
  rows: readonly ConditionRow[];
  onChange(rows: ConditionRow[]): void;
  required: boolean;
  hint?: string | undefined;
}) {
  const { t } = useI18n();
  const id = useId();
  const types = useOptions(CONDITION_TYPES);
  const update = (index: number, change: Partial<ConditionRow>) =>
    props.onChange(props.rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="conditions" aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend>
        <FieldLabel text={t("requests.actionForm.conditions")} required={props.required} />
      </legend>
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their position is their identity.
        <fieldset key={index} className="condition-row">
          <legend className="visually-hidden">
            {t("requests.actionForm.conditionRow", { n: index + 1 })}
          </legend>
          <label htmlFor={`${id}-type-${index}`}>{t("requests.actionForm.conditionType")}</label>
          <select
            id={`${id}-type-${index}`}
            value={row.type}
            onChange={(e) => update(index, { type: e.target.value })}
          >
            <option value="">{t("requests.option.choose")}</option>
            {types.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-text-${index}`}>{t("requests.actionForm.conditionText")}</label>
          <textarea
            id={`${id}-text-${index}`}
            value={row.text}
            onChange={(e) => update(index, { text: e.target.value })}
          />
          {props.rows.length > 1 && (
            <button
              type="button"
              className="danger"
              onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}
            >
              {t("requests.actionForm.removeCondition", { n: index + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => props.onChange([...props.rows, emptyCondition()])}>
        {t("requests.actionForm.addCondition")}
      </button>
    </fieldset>
  );
}
