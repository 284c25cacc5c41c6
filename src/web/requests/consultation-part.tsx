/**
 * Before refusing, refusing in part or postponing, the treaty expects the requested State to
 * consult the requesting one. If that has not happened, the form says so, offers to consult
 * instead, and otherwise asks why consultation is not appropriate — the node asks the same.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { FieldLabel } from "./controls.js";

export function ConsultationPart(props: {
  consulted: boolean;
  canConsult: boolean;
  citation: string;
  value: string;
  onChange(value: string): void;
  onConsult(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  if (props.consulted) return <p className="ok-text">{t("requests.actionForm.consulted")}</p>;
  return (
    <div className="consultation">
      <p className="warning-text">{t("requests.actionForm.notConsulted", { citation: props.citation })}</p>
      {props.canConsult && (
        <p>
          <button type="button" onClick={props.onConsult}>
            {t("requests.actionForm.consult")}
          </button>
        </p>
      )}
      <div className="control">
        <label htmlFor={`${id}-why`}>
          <FieldLabel text={t("requests.actionForm.notAppropriate")} required />
        </label>
        <textarea
          id={`${id}-why`}
          value={props.value}
          aria-required
          onChange={(e) => props.onChange(e.target.value)}
        />
      </div>
    </div>
  );
}
