/**
 * The stated purpose that opening or exporting evidence records in its custody (Art. 40(19)): what
 * for, in the officer's words, and whether for the proceedings the request states or for others
 * (which needs the providing State's consent; the node refuses otherwise and says why).
 */
import { useId, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { EvidenceForm } from "./evidence-form.js";
import type { Purpose } from "./evidence-types.js";

export function PurposeForm(props: {
  heading: string;
  confirmLabel: string;
  onSubmit(purpose: Purpose): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState("");
  const [use, setUse] = useState<Purpose["use"]>("stated-proceedings");
  const [tried, setTried] = useState(false);
  const tooShort = text.trim().length < 3;

  return (
    <EvidenceForm
      heading={props.heading}
      confirmLabel={props.confirmLabel}
      check={() => {
        setTried(true);
        return tooShort ? t("evidence.purpose.tooShort") : undefined;
      }}
      onConfirm={() => props.onSubmit({ use, text: text.trim() })}
      onCancel={props.onCancel}
    >
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t("evidence.purpose.label")}</label>
        <textarea
          id={`${id}-purpose`}
          value={text}
          required
          minLength={3}
          maxLength={2000}
          aria-describedby={`${id}-purpose-hint`}
          aria-invalid={tried && tooShort}
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
    </EvidenceForm>
  );
}
