/**
 * The refusal grounds the pack allows for this kind of request, each with its title and article —
 * the human-rights and persecution grounds among them where the treaty has them. Entries the pack
 * marks as never a ground on their own (bank secrecy, fiscal matters) are listed as such, not offered.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { useCitationText } from "./citation-text.js";
import { FieldLabel } from "./controls.js";
import { kindOf, type Pack } from "./treaty-data.js";

export function GroundsFieldset(props: {
  pack: Pack;
  kind: string;
  chosen: readonly string[];
  onChange(chosen: string[]): void;
}) {
  const { t, pick } = useI18n();
  const citation = useCitationText();
  const id = useId();
  const codes = kindOf(props.pack, props.kind)?.refusalGrounds ?? [];
  const grounds = codes.flatMap((code) => props.pack.refusalGrounds.filter((g) => g.code === code));
  const offered = grounds.filter((g) => !g.notAGround);
  const notGrounds = grounds.filter((g) => g.notAGround);
  return (
    <fieldset className="grounds">
      <legend>
        <FieldLabel text={t("requests.actionForm.grounds")} required />
      </legend>
      {offered.length === 0 && <p>{t("requests.actionForm.noGrounds")}</p>}
      {offered.map((ground) => (
        <div className="control checkbox" key={ground.code}>
          <input
            id={`${id}-${ground.code}`}
            type="checkbox"
            checked={props.chosen.includes(ground.code)}
            onChange={(e) =>
              props.onChange(
                e.target.checked
                  ? [...props.chosen, ground.code]
                  : props.chosen.filter((c) => c !== ground.code),
              )
            }
          />
          <label htmlFor={`${id}-${ground.code}`}>
            {pick(ground.title)} — {citation(ground.citation)}
          </label>
        </div>
      ))}
      {notGrounds.length > 0 && (
        <p className="hint">
          {t("requests.actionForm.notGrounds", {
            list: notGrounds.map((g) => `${pick(g.title)} (${citation(g.citation)})`).join("; "),
          })}
        </p>
      )}
    </fieldset>
  );
}
