/** Editors of pack fields that are one control: a text, a date, a yes, a number of days, a list of lines. */
import { useId, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { CheckboxControl, FieldLabel, NumberControl, TextControl, UtcDateTimeControl } from "./controls.js";
import { asList, getAt } from "./document-model.js";
import { type EditorProps, useDraft, useShell } from "./form-context.js";
import { declarationsOf, kindOf } from "./treaty-data.js";

export const LongText = (props: EditorProps) => <TextControl {...props} primary multiline />;
export const ShortText = (props: EditorProps) => <TextControl {...props} primary />;
export const UtcDateTime = (props: EditorProps) => <UtcDateTimeControl {...props} primary />;
export const TrueCheckbox = (props: EditorProps) => <CheckboxControl {...props} primary literal />;

/** The preservation period, with the treaty's minimum and the requested State's maximum as hints. */
export function PreservationDays(props: EditorProps) {
  const { t, pick } = useI18n();
  const { document, pack, declarations } = useDraft();
  const minimum = kindOf(pack, String(document.kind))?.timeRules.find(
    (rule) => rule.type === "preservation-minimum-days",
  );
  const requested = declarationsOf(declarations, String(document.requestedState));
  const hints = [t("requests.preservation.inDays")];
  if (minimum) hints.push(t("requests.preservation.minimum", { days: minimum.value }));
  if (requested?.preservationMaxDays)
    hints.push(
      t("requests.preservation.maximum", {
        state: pick(requested.stateName),
        days: requested.preservationMaxDays,
      }),
    );
  return (
    <NumberControl
      path={`${props.path}.periodDays`}
      label={props.label}
      required={props.required}
      hint={hints.join(" ")}
      min={1}
      primary
    />
  );
}

/** A list of short texts (procedures, limitations on use), one per line. */
export function Lines(props: EditorProps) {
  const { t } = useI18n();
  const draft = useDraft();
  const shell = useShell();
  const id = useId();
  const stored = asList(getAt(draft.document, props.path)).map(String);
  // The box keeps what is typed (a trailing new line included); the document keeps the lines.
  const [text, setText] = useState(stored.join("\n"));
  const errors = shell?.findings ?? [];
  const describedBy = [errors.length > 0 ? shell?.findingsId : undefined, `${id}-hint`]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="control">
      <label htmlFor={id}>
        <FieldLabel text={props.label} required={props.required} />
      </label>
      <p id={`${id}-hint`} className="hint">
        {t("requests.lines.hint")}
      </p>
      <textarea
        id={id}
        value={text}
        aria-describedby={describedBy}
        aria-invalid={errors.some((f) => f.severity === "error") ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const lines = event.target.value.split("\n").filter((line) => line.trim() !== "");
          draft.set(props.path, lines.length === 0 ? undefined : lines);
        }}
      />
    </div>
  );
}
