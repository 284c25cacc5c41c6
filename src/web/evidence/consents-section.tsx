/**
 * Consent to use evidence for other proceedings (Art. 40(19)): the consents asked for or received on
 * this request; the requesting side asks the requested State, whose supervisor grants or refuses
 * (a refusal gives reasons). Each step travels to the other State as a signed message.
 */
import { useState } from "react";
import type { RequestDetail } from "../app/api-types.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { AnswerConsentForm, AskConsentForm } from "./consent-forms.js";
import type { EvidenceRights } from "./evidence-permissions.js";
import type { Consent } from "./evidence-types.js";

const STATUS_LABELS: Readonly<Record<string, MessageKey>> = {
  pending: "evidence.consents.status.pending",
  granted: "evidence.consents.status.granted",
  refused: "evidence.consents.status.refused",
};

export function ConsentsSection({ request, rights }: { request: RequestDetail; rights: EvidenceRights }) {
  const { t, dateTime } = useI18n();
  const consents = useApi<Consent[]>(`/requests/${encodeURIComponent(request.id)}/consents`);
  const [asking, setAsking] = useState(false);
  const [answering, setAnswering] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState("");
  const list = consents.status === "ready" ? consents.data : [];
  // Nothing to show or do: the section stays out of the way (a failed load hides it too).
  if (list.length === 0 && !rights.askConsent) return null;

  const done = (message: string) => {
    setAsking(false);
    setAnswering(undefined);
    setAnnouncement(message);
    consents.reload();
  };
  const statusText = (status: string) => {
    const key = STATUS_LABELS[status];
    return key === undefined ? status : t(key);
  };

  return (
    <section className="consents" aria-labelledby="consents-heading">
      <h3 id="consents-heading">{t("evidence.consents.title")}</h3>
      <p role="status">{announcement}</p>
      {list.length === 0 ? (
        <p>{t("evidence.consents.none")}</p>
      ) : (
        <table>
          <caption>{t("evidence.consents.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("evidence.consents.column.purpose")}</th>
              <th scope="col">{t("evidence.consents.column.direction")}</th>
              <th scope="col">{t("evidence.consents.column.status")}</th>
              <th scope="col">{t("evidence.consents.column.reasons")}</th>
              <th scope="col">{t("evidence.consents.column.dates")}</th>
              <th scope="col">{t("evidence.column.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((consent) => (
              <tr key={consent.id}>
                <th scope="row">{consent.purpose}</th>
                <td>
                  {consent.direction === "asked"
                    ? t("evidence.consents.direction.asked", { state: request.requestedState })
                    : t("evidence.consents.direction.received", { state: request.requestingState })}
                </td>
                <td>
                  <span className="badge">{statusText(consent.status)}</span>
                </td>
                <td>{consent.reasons ?? ""}</td>
                <td>
                  {t("evidence.consents.askedAt", { when: dateTime(consent.createdAt) })}
                  {consent.answeredAt !== null && (
                    <>
                      <br />
                      {t("evidence.consents.answeredAt", { when: dateTime(consent.answeredAt) })}
                    </>
                  )}
                </td>
                <td>
                  {rights.answerConsent(consent) && (
                    <button
                      type="button"
                      aria-expanded={answering === consent.id}
                      onClick={() => setAnswering(consent.id)}
                    >
                      {t("evidence.consents.answer")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {answering !== undefined && (
        <AnswerConsentForm
          consent={list.find((c) => c.id === answering)}
          to={request.requestingState}
          onDone={done}
          onCancel={() => setAnswering(undefined)}
        />
      )}
      {rights.askConsent && !asking && (
        <div className="actions">
          <button type="button" onClick={() => setAsking(true)}>
            {t("evidence.consents.ask")}
          </button>
        </div>
      )}
      {asking && (
        <AskConsentForm
          requestId={request.id}
          to={request.requestedState}
          onDone={done}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}
