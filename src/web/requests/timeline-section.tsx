/**
 * Everything that happened to a request, in order: each change of state (what, from, to, who) and
 * each message between the two States — sent ones with their delivery, received ones with what
 * they said (a question asked, a consultation, a report), so the officer reads it here.
 */
import { type ReactNode, useId } from "react";
import type { Correspondence, RequestDetail } from "../app/api-types.js";
import type { Loaded } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { useWords } from "./request-words.js";
import type { Declarations } from "./treaty-data.js";

type Entry = { key: string; at: string | null; content: ReactNode };

/** What a received message says in words, where it carries words. */
function textOf(body: Readonly<Record<string, unknown>>): string | undefined {
  const text = body.text ?? body.reasons;
  return typeof text === "string" && text.trim() !== "" ? text : undefined;
}

/** Sorted by time; a message not yet delivered (no time) comes last. Ties keep their order. */
const byTime = (a: Entry, b: Entry) =>
  (a.at === null ? Number.POSITIVE_INFINITY : Date.parse(a.at)) -
  (b.at === null ? Number.POSITIVE_INFINITY : Date.parse(b.at));

export function TimelineSection(props: {
  detail: RequestDetail;
  messages: Loaded<Correspondence>;
  declarations: readonly Declarations[];
}) {
  const { t, dateTime } = useI18n();
  const words = useWords();
  const headingId = useId();
  const state = (code: string) => words.stateName(code, props.declarations);

  const entries: Entry[] = props.detail.history.map((event) => ({
    key: `event-${event.seq}`,
    at: event.at,
    content: (
      <>
        <strong>{words.action(event.action)}</strong>
        {event.from !== event.to &&
          ` — ${t("requests.timeline.stateChange", { from: words.state(event.from), to: words.state(event.to) })}`}{" "}
        <span className="hint">
          {t("requests.timeline.by", { actor: words.actor(event.actor, props.detail.people) })}
        </span>
      </>
    ),
  }));
  if (props.messages.status === "ready") {
    for (const sent of props.messages.data.sent) {
      let delivery = t("requests.timeline.pending", { attempts: sent.attempts });
      if (sent.status === "delivered" && sent.deliveredAt)
        delivery = t("requests.timeline.delivered", { date: dateTime(sent.deliveredAt) });
      if (sent.status === "not-delivered")
        delivery = t("requests.timeline.notDelivered", { error: sent.lastError ?? "" });
      entries.push({
        key: `sent-${sent.messageId}`,
        at: sent.deliveredAt ?? sent.gaveUpAt,
        content: (
          <>
            <strong>
              {t("requests.timeline.sent", { state: state(sent.peer), message: words.message(sent.kind) })}
            </strong>{" "}
            <span className={sent.status === "not-delivered" ? "error-text" : "hint"}>{delivery}</span>
          </>
        ),
      });
    }
    for (const received of props.messages.data.received) {
      const text = textOf(received.body);
      entries.push({
        key: `received-${received.messageId}`,
        at: received.receivedAt,
        content: (
          <>
            <strong>
              {t("requests.timeline.received", {
                state: state(received.from),
                message: words.message(received.kind),
              })}
            </strong>
            {text !== undefined && <blockquote>{text}</blockquote>}
          </>
        ),
      });
    }
  }
  entries.sort(byTime);

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.timeline.title")}</h2>
      {props.messages.status === "error" && (
        <p role="alert" className="error">
          {t("requests.timeline.messagesFailed", { detail: props.messages.error.detail })}
        </p>
      )}
      {entries.length === 0 ? (
        <p>{t("requests.timeline.empty")}</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => (
            <li key={entry.key}>
              {entry.at !== null && (
                <>
                  <time dateTime={entry.at}>{dateTime(entry.at)}</time>{" "}
                </>
              )}
              {entry.content}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
