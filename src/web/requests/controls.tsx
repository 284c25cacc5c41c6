/**
 * Labelled controls bound to a path of the draft: each has a real `<label>`, says "required" in
 * words, and points with `aria-describedby` at the findings about it (marking itself
 * `aria-invalid` for an error), so a screen reader hears what is wrong where it is.
 */
import { type ReactNode, useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { asText, getAt } from "./document-model.js";
import { useDraft, useShell } from "./form-context.js";

export type ControlProps = {
  path: string;
  label: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  /** The control that stands for its whole field: findings about the field as such point here. */
  primary?: boolean | undefined;
  disabled?: boolean | undefined;
};

function useControl(path: string, primary: boolean | undefined, hint: string | undefined) {
  const draft = useDraft();
  const shell = useShell();
  const id = useId();
  const hintId = `${id}-hint`;
  const mine = (shell?.findings ?? []).filter(
    (f) => f.path === path || (primary === true && (shell?.single === true || f.path === shell?.field)),
  );
  const describedBy = [mine.length > 0 ? shell?.findingsId : undefined, hint ? hintId : undefined]
    .filter((part) => part !== undefined)
    .join(" ");
  return {
    id,
    hintId,
    value: getAt(draft.document, path),
    set: (value: unknown) => draft.set(path, value),
    aria: {
      "aria-describedby": describedBy === "" ? undefined : describedBy,
      "aria-invalid": mine.some((f) => f.severity === "error") ? (true as const) : undefined,
    },
  };
}

export function FieldLabel({ text, required }: { text: string; required?: boolean | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <span className="field-label">{text}</span>
      {required === true && <span className="required"> ({t("requests.field.required")})</span>}
    </>
  );
}

function Labelled(props: ControlProps & { id: string; hintId: string; children: ReactNode }) {
  return (
    <div className="control">
      <label htmlFor={props.id}>
        <FieldLabel text={props.label} required={props.required} />
      </label>
      {props.hint && (
        <p id={props.hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.children}
    </div>
  );
}

export function TextControl(
  props: ControlProps & {
    multiline?: boolean;
    type?: "text" | "email" | "tel";
    /** Applied to what is typed, e.g. upper case for a State code. */
    transform?: (text: string) => string;
    list?: string;
    maxLength?: number;
  },
) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  const common = {
    id,
    value: asText(value),
    disabled: props.disabled,
    "aria-required": props.required === true ? (true as const) : undefined,
    ...aria,
  };
  const onChange = (text: string) => set(props.transform ? props.transform(text) : text);
  return (
    <Labelled {...props} id={id} hintId={hintId}>
      {props.multiline ? (
        <textarea {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          list={props.list}
          maxLength={props.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Labelled>
  );
}

export function NumberControl(props: ControlProps & { min?: number; max?: number }) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  return (
    <Labelled {...props} id={id} hintId={hintId}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={asText(value)}
        aria-required={props.required === true ? true : undefined}
        {...aria}
        onChange={(e) => set(e.target.value === "" ? undefined : e.target.valueAsNumber)}
      />
    </Labelled>
  );
}

export function DateControl(props: ControlProps) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  return (
    <Labelled {...props} id={id} hintId={hintId}>
      <input
        id={id}
        type="date"
        value={asText(value)}
        {...aria}
        onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
      />
    </Labelled>
  );
}

/** `2026-04-12T08:15:00Z` ↔ the `2026-04-12T08:15` a datetime-local box shows; times are UTC, as the label says. */
const toBox = (value: unknown): string => {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) return "";
  return new Date(value).toISOString().slice(0, 16);
};
const fromBox = (text: string): string | undefined =>
  text === "" ? undefined : `${text.length === 16 ? `${text}:00` : text.slice(0, 19)}Z`;

export function UtcDateTimeControl(props: ControlProps) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  return (
    <Labelled {...props} id={id} hintId={hintId}>
      <input
        id={id}
        type="datetime-local"
        value={toBox(value)}
        {...aria}
        onChange={(e) => set(fromBox(e.target.value))}
      />
    </Labelled>
  );
}

export type Option = { value: string; label: string };

export function SelectControl(
  props: ControlProps & { options: readonly Option[]; blank?: string; onPick?: (value: string) => void },
) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  return (
    <Labelled {...props} id={id} hintId={hintId}>
      <select
        id={id}
        value={asText(value)}
        disabled={props.disabled}
        aria-required={props.required === true ? true : undefined}
        {...aria}
        onChange={(e) => (props.onPick ? props.onPick(e.target.value) : set(e.target.value || undefined))}
      >
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A yes/no: `literal` writes `true` or nothing (for "will follow"-style statements), else true/false. */
export function CheckboxControl(props: ControlProps & { literal?: boolean }) {
  const { id, hintId, value, set, aria } = useControl(props.path, props.primary, props.hint);
  return (
    <div className="control checkbox">
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        {...aria}
        onChange={(e) => set(e.target.checked ? true : props.literal ? undefined : false)}
      />
      <label htmlFor={id}>
        <FieldLabel text={props.label} required={props.required} />
      </label>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
