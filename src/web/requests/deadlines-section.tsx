/** A request's deadlines, each with a live countdown until it is met, and the provision behind it. */
import { useId } from "react";
import type { RequestDetail } from "../app/api-types.js";
import { Countdown } from "../app/countdown.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { isCitation, useCitationText } from "./citation-text.js";

const KINDS: Readonly<Record<string, MessageKey>> = {
  "preservation-expiry": "requests.deadlines.preservation-expiry",
  "response-target": "requests.deadlines.response-target",
  requested: "requests.deadlines.requested",
};

export function DeadlinesSection({ deadlines }: { deadlines: RequestDetail["deadlines"] }) {
  const { t, dateTime } = useI18n();
  const citation = useCitationText();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.deadlines.title")}</h2>
      {deadlines.length === 0 ? (
        <p>{t("requests.deadlines.none")}</p>
      ) : (
        <ul className="deadlines">
          {deadlines.map((deadline) => {
            const name = KINDS[deadline.kind];
            return (
              <li key={deadline.kind}>
                <strong>{name ? t(name) : deadline.kind}</strong>{" "}
                {deadline.metAt === null ? (
                  <Countdown dueAt={deadline.dueAt} />
                ) : (
                  <span className="ok-text">
                    {t("requests.deadlines.met", { date: dateTime(deadline.metAt) })}
                  </span>
                )}{" "}
                <span className="hint">
                  {t("requests.deadlines.due", { date: dateTime(deadline.dueAt) })}
                  {deadline.remindAt !== null &&
                    deadline.metAt === null &&
                    ` · ${t("requests.deadlines.remind", { date: dateTime(deadline.remindAt) })}`}
                  {isCitation(deadline.citation) && ` · ${citation(deadline.citation)}`}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
