/**
 * The stated purpose that opening or exporting evidence records in its custody (Art. 40(19)): what
 * for, in the officer's words, and whether for the proceedings the request states or for others
 * (which needs the providing State's consent; the node refuses otherwise and says why).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./evidence-format.js";
import type { Purpose } from "./evidence-types.js";

export function PurposeForm(props: {
  heading: string;
  confirmLabel: string;
  onSubmit(purpose: Purpose): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState("");
  const [use, setUse] = useState<Purpose["use"]>("stated-proceedings");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => headingRef.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim().length < 3) {
      setError(t("evidence.purpose.tooShort"));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit({ use, text: text.trim() });
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  }

  return (
    <form className="evidence-form panel" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {props.heading}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t("evidence.purpose.label")}</label>
        <textarea
          id={`${id}-purpose`}
          value={text}
          required
          minLength={3}
          maxLength={2000}
          aria-describedby={`${id}-purpose-hint`}
          aria-invalid={error !== undefined && text.trim().length < 3}
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${id}-purpose-hint`} className="hint">
          {t("evidence.purpose.hint")}
        </p>
      </div>
      <fieldset>
        <legend>{t("evidence.use.legend")}</legend>
        {(["stated-proceedings", "other-proceedings"] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name={`${id}-use`}
              value={value}
              checked={use === value}
              onChange={() => setUse(value)}
            />{" "}
            {value === "stated-proceedings" ? t("evidence.use.stated") : t("evidence.use.other")}
          </label>
        ))}
        {use === "other-proceedings" && <p className="hint">{t("evidence.use.otherHint")}</p>}
      </fieldset>
      {error !== undefined && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("evidence.working") : props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          {t("action.cancel")}
        </button>
      </div>
    </form>
  );
}
