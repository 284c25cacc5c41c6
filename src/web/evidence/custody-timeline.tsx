/**
 * The custody record of one item as a timeline: every event this node's ledger holds for it and,
 * for an item received from another State, the events that State recorded before handing it over
 * (proven against its signed tree head on arrival), in time order, each with who, where and why.
 */

import { useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import type { CustodyEvent, EvidenceItem } from "./evidence-types.js";

const EVENT_LABELS: Readonly<Record<string, MessageKey>> = {
  acquired: "evidence.event.acquired",
  sealed: "evidence.event.sealed",
  reviewed: "evidence.event.reviewed",
  released: "evidence.event.released",
  transmitted: "evidence.event.transmitted",
  received: "evidence.event.received",
  verified: "evidence.event.verified",
  opened: "evidence.event.opened",
  exported: "evidence.event.exported",
};

type Placed = CustodyEvent & { state: string };

/** Events of both States in time order; the sender's first on a tie (they happened before). */
export function custodyOf(item: EvidenceItem, ownState: string): Placed[] {
  const sender = (item.senderCustody?.events ?? []).map((e) => ({
    ...e,
    state: item.senderCustody?.state ?? "",
  }));
  const own = item.custody.map((e) => ({ ...e, state: ownState }));
  return [...sender, ...own].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export function CustodyTimeline({
  item,
  ownState,
  people,
  id,
}: {
  item: EvidenceItem;
  ownState: string;
  /** Display names of the request's people by `user:<id>` (the request detail's `people`). */
  people: Readonly<Record<string, string>>;
  id: string;
}) {
  const { t, dateTime } = useI18n();
  const { user } = useSignedIn();
  const events = custodyOf(item, ownState);

  const eventLabel = (event: string) => {
    const key = EVENT_LABELS[event];
    return key === undefined ? event : t(key);
  };

  // Custody names people by id (`user:<id>`); shown as the request's timeline does: "you", their
  // name, or a short id (people of another State are not in this node's `people`).
  const actorText = (actor: string) => {
    if (actor.startsWith("node:")) return t("evidence.custody.node", { state: actor.slice("node:".length) });
    const id = actor.replace(/^user:/, "");
    if (id === user.id) return t("evidence.custody.you");
    return people[actor] ?? t("evidence.custody.user", { id: id.slice(0, 8) });
  };

  // Openings and exports record "<use>: <text>"; the use reads better in words, punctuated as the
  // reader's language does.
  const purposeText = (purpose: string) => {
    const [, use, text] = /^(stated-proceedings|other-proceedings): (.*)$/s.exec(purpose) ?? [];
    if (use === undefined || text === undefined) return purpose;
    const label = use === "stated-proceedings" ? t("evidence.use.stated") : t("evidence.use.other");
    return t("requests.labelled", { label, value: text });
  };

  return (
    <section id={id} className="custody" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("evidence.custody.title", { name: item.fileName })}</h3>
      {events.length === 0 ? (
        <p>{t("evidence.custody.empty")}</p>
      ) : (
        <ol className="timeline">
          {events.map((event) => (
            <li key={`${event.state}-${event.ledgerIndex}`}>
              <time dateTime={event.at}>{dateTime(event.at)}</time> <strong>{eventLabel(event.event)}</strong>
              <dl className="custody-facts">
                <dt>{t("evidence.custody.actor")}</dt>
                <dd>{actorText(event.actor)}</dd>
                <dt>{t("evidence.custody.state")}</dt>
                <dd>{event.state}</dd>
                {event.purpose !== null && (
                  <>
                    <dt>{t("evidence.custody.purpose")}</dt>
                    <dd>{purposeText(event.purpose)}</dd>
                  </>
                )}
                <dt>{t("evidence.custody.ledger")}</dt>
                <dd>{t("evidence.custody.ledgerEntry", { state: event.state, index: event.ledgerIndex })}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
