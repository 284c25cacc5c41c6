/**
 * Asking the requested State's consent to use its evidence for other proceedings, and answering such
 * a request as the requested State's supervisor. The purpose asked for is what a later opening or
 * export must state, word for word (compared without case or repeated spaces), to rely on it.
 */
import { useId, useState } from "react";
import { api } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import { EvidenceForm, FormError, useFocusedHeading, useSending } from "./evidence-form.js";
import type { Consent } from "./evidence-types.js";

type Done = { onDone(message: string): void; onCancel(): void };

export function AskConsentForm({
  requestId,
  to,
  onDone,
  onCancel,
}: Done & { requestId: string; to: string }) {
  const { t } = useI18n();
  const id = useId();
  const [purpose, setPurpose] = useState("");
  const [reasons, setReasons] = useState("");

  return (
    <EvidenceForm
      heading={t("evidence.consents.askTitle", { state: to })}
      level={4}
      confirmLabel={t("evidence.consents.send")}
      check={() =>
        purpose.trim().length < 3 || reasons.trim() === "" ? t("evidence.consents.incomplete") : undefined
      }
      onConfirm={async () => {
        await api("POST", `/requests/${encodeURIComponent(requestId)}/consents`, {
          purpose: purpose.trim(),
          reasons: reasons.trim(),
        });
        onDone(t("evidence.consents.sent", { state: to }));
      }}
      onCancel={onCancel}
    >
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t("evidence.consents.purpose")}</label>
        <textarea
          id={`${id}-purpose`}
          value={purpose}
          required
          maxLength={2000}
          aria-describedby={`${id}-purpose-hint`}
          onChange={(event) => setPurpose(event.target.value)}
        />
        <p id={`${id}-purpose-hint`} className="hint">
          {t("evidence.consents.purposeHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reasons`}>{t("evidence.consents.reasons")}</label>
        <textarea
          id={`${id}-reasons`}
          value={reasons}
          required
          maxLength={8000}
          onChange={(event) => setReasons(event.target.value)}
        />
      </div>
    </EvidenceForm>
  );
}

export function AnswerConsentForm({
  consent,
  to,
  onDone,
  onCancel,
}: Done & { consent: Consent | undefined; to: string }) {
  const { t } = useI18n();
  const id = useId();
  const heading = useFocusedHeading();
  const [reasons, setReasons] = useState("");
  const { busy, error, setError, run } = useSending();
  if (consent === undefined) return null;
  const consentId = consent.id;

  function answer(granted: boolean) {
    const given = reasons.trim();
    if (!granted && given === "") return setError(t("evidence.consents.reasonsRequired"));
    void run(async () => {
      await api("POST", `/consents/${encodeURIComponent(consentId)}/answer`, {
        granted,
        ...(given === "" ? {} : { reasons: given }),
      });
      onDone(t("evidence.consents.answered", { state: to }));
    });
  }

  return (
    <form className="evidence-form panel" onSubmit={(event) => event.preventDefault()} aria-labelledby={id}>
      <h4 id={id} ref={heading} tabIndex={-1}>
        {t("evidence.consents.answerTitle")}
      </h4>
      <blockquote className="consent-purpose">{consent.purpose}</blockquote>
      {consent.reasons !== null && <p>{t("evidence.consents.theirReasons", { reasons: consent.reasons })}</p>}
      <div className="field">
        <label htmlFor={`${id}-reasons`}>{t("evidence.consents.answerReasons")}</label>
        <textarea
          id={`${id}-reasons`}
          value={reasons}
          maxLength={8000}
          aria-describedby={`${id}-reasons-hint`}
          onChange={(event) => setReasons(event.target.value)}
        />
        <p id={`${id}-reasons-hint`} className="hint">
          {t("evidence.consents.answerReasonsHint")}
        </p>
      </div>
      <FormError error={error} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => answer(true)}>
          {t("evidence.consents.grant")}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => answer(false)}>
          {t("evidence.consents.refuse")}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t("action.cancel")}
        </button>
      </div>
    </form>
  );
}
