/**
 * The inline form of one action, headed by its name: it asks for what the action needs (see
 * action-needs.ts), says what is required and refuses to send without it, and sends the version
 * the person was looking at, so a request changed meanwhile is not decided blind.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../app/api.js";
import type { RequestDetail, RequestView } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { needsOf } from "./action-needs.js";
import { useCitationText } from "./citation-text.js";
import { type ConditionRow, ConditionsEditor, emptyCondition } from "./conditions-editor.js";
import { ConsultationPart } from "./consultation-part.js";
import { FieldLabel } from "./controls.js";
import { GroundsFieldset } from "./grounds-fieldset.js";
import { ProblemAlert } from "./problem-alert.js";
import { useWords } from "./request-words.js";
import type { Pack } from "./treaty-data.js";

export type ActionFormProps = {
  action: string;
  detail: RequestDetail;
  pack: Pack;
  onCancel(): void;
  /** Another action instead (consult before refusing). */
  onSwitch(action: string): void;
  onDone(record: RequestView): void;
  onReload(): void;
};

export function ActionForm({ action, detail, pack, onCancel, onSwitch, onDone, onReload }: ActionFormProps) {
  const { t } = useI18n();
  const words = useWords();
  const citation = useCitationText();
  const id = useId();
  const needs = needsOf(action);
  const [reason, setReason] = useState("");
  const [grounds, setGrounds] = useState<string[]>([]);
  const [conditions, setConditions] = useState<ConditionRow[]>([emptyCondition()]);
  const [notAppropriate, setNotAppropriate] = useState("");
  const [extension, setExtension] = useState("");
  const [noLongerRequired, setNoLongerRequired] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [problem, setProblem] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form takes the focus when it opens, so a keyboard or screen-reader user starts at its title.
  useEffect(() => heading.current?.focus(), []);
  const consulted = detail.history.some((event) => event.action === "open-consultation");
  const filled = conditions
    .filter((c) => c.type !== "" && c.text.trim() !== "")
    .map((c) => ({ type: c.type, text: c.text.trim() }));
  const days = Number.parseInt(extension, 10);

  function whatIsMissing(): string[] {
    const out: string[] = [];
    if (needs.grounds && grounds.length === 0) out.push(t("requests.actionForm.missingGrounds"));
    if (needs.reason?.required && reason.trim() === "") out.push(t("requests.actionForm.missingReason"));
    if (needs.conditions?.required && filled.length === 0)
      out.push(t("requests.actionForm.missingConditions"));
    if (needs.consultation && !consulted && notAppropriate.trim() === "")
      out.push(t("requests.actionForm.missingConsultation"));
    if (needs.extension && !(days >= 1 && days <= 365)) out.push(t("requests.actionForm.missingExtension"));
    return out;
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const gaps = whatIsMissing();
    setMissing(gaps);
    if (gaps.length > 0) return;
    setProblem(undefined);
    setSending(true);
    try {
      const record = await api<RequestView>("POST", `/requests/${detail.id}/actions/${action}`, {
        expectedVersion: detail.version,
        ...(needs.reason && reason.trim() !== "" ? { reason: reason.trim() } : {}),
        ...(needs.grounds ? { grounds } : {}),
        ...(needs.conditions && filled.length > 0 ? { conditions: filled } : {}),
        ...(needs.consultation && !consulted && notAppropriate.trim() !== ""
          ? { consultationNotAppropriate: notAppropriate.trim() }
          : {}),
        ...(needs.extension ? { extensionDays: days } : {}),
        ...(needs.noLongerRequired && noLongerRequired ? { noLongerRequired: true } : {}),
      });
      onDone(record);
    } catch (error) {
      setProblem(error);
    } finally {
      setSending(false);
    }
  }

  const reasonCitation = needs.reason?.citation
    ? citation(pack.procedures[needs.reason.citation])
    : undefined;
  return (
    <form
      className="panel action-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void confirm(e)}
      noValidate
    >
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {words.action(action)}
      </h3>
      {needs.grounds && (
        <GroundsFieldset pack={pack} kind={detail.kind} chosen={grounds} onChange={setGrounds} />
      )}
      {needs.consultation && (
        <ConsultationPart
          consulted={consulted}
          canConsult={detail.actions.includes("open-consultation")}
          citation={citation(pack.procedures.consultation)}
          value={notAppropriate}
          onChange={setNotAppropriate}
          onConsult={() => onSwitch("open-consultation")}
        />
      )}
      {needs.reason && (
        <div className="control">
          <label htmlFor={`${id}-reason`}>
            <FieldLabel text={t(needs.reason.label)} required={needs.reason.required} />
          </label>
          {reasonCitation && (
            <p id={`${id}-reason-hint`} className="hint">
              {t("requests.actionForm.reasonCitation", { citation: reasonCitation })}
            </p>
          )}
          <textarea
            id={`${id}-reason`}
            value={reason}
            aria-required={needs.reason.required ? true : undefined}
            aria-describedby={reasonCitation ? `${id}-reason-hint` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      )}
      {needs.conditions && (
        <ConditionsEditor
          rows={conditions}
          onChange={setConditions}
          required={needs.conditions.required}
          hint={citation(pack.procedures.conditions)}
        />
      )}
      {needs.extension && (
        <div className="control">
          <label htmlFor={`${id}-days`}>
            <FieldLabel text={t("requests.actionForm.extension")} required />
          </label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={extension}
            aria-required
            onChange={(e) => setExtension(e.target.value)}
          />
        </div>
      )}
      {needs.noLongerRequired && (
        <div className="control checkbox">
          <input
            id={`${id}-no-longer`}
            type="checkbox"
            checked={noLongerRequired}
            onChange={(e) => setNoLongerRequired(e.target.checked)}
          />
          <label htmlFor={`${id}-no-longer`}>{t("requests.actionForm.noLongerRequired")}</label>
        </div>
      )}
      {missing.length > 0 && (
        <div role="alert" className="error">
          <ul>
            {missing.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      )}
      {problem !== undefined && <ProblemAlert error={problem} onReload={onReload} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {t("requests.actionForm.confirm")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("action.cancel")}
        </button>
      </div>
    </form>
  );
}
