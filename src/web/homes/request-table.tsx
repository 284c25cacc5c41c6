/**
 * The one table every list and queue uses: a row per request, its reference linking to the request,
 * what it asks for, who the other State is, where it stands and how urgent it is. Queues that run
 * against the clock add a live countdown to the nearest deadline. An empty list says so in words.
 */
import type { RequestView } from "../app/api-types.js";
import { Countdown, Since } from "../app/countdown.js";
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import { common } from "../i18n/messages/common.js";
import type { MessageKey } from "../i18n/messages/index.js";
import type { NearestDeadlines } from "./use-nearest-deadlines.js";
import { useTreatyLabels } from "./use-treaty-labels.js";
import "./homes.css";

type Props = {
  caption: string;
  requests: readonly RequestView[];
  /** Shown instead of the table when there is no request. */
  empty: string;
  /** Adds the "Nearest deadline" column. */
  deadlines?: NearestDeadlines;
};

/** A state the catalogue does not know (a newer node's) is shown as its code rather than breaking the row. */
const stateKey = (state: string): MessageKey | undefined => {
  const key = `state.${state}`;
  return key in common.en ? (key as MessageKey) : undefined;
};

export function RequestTable({ caption, requests, empty, deadlines }: Props) {
  const { t, dateTime } = useI18n();
  const labels = useTreatyLabels(requests.map((request) => request.treaty));
  if (requests.length === 0) return <p className="empty-state">{empty}</p>;
  return (
    <table className="request-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("homes.column.reference")}</th>
          <th scope="col">{t("homes.column.kind")}</th>
          <th scope="col">{t("homes.column.counterpart")}</th>
          <th scope="col">{t("homes.column.state")}</th>
          <th scope="col">{t("homes.column.urgency")}</th>
          {deadlines !== undefined && <th scope="col">{t("homes.column.deadline")}</th>}
          <th scope="col">{t("homes.column.updated")}</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request) => {
          const key = stateKey(request.state);
          const due = deadlines?.get(request.id);
          return (
            <tr key={request.id}>
              <th scope="row">
                <Link to={`/requests/${encodeURIComponent(request.id)}`}>{request.reference}</Link>
              </th>
              <td>{labels.kind(request.treaty, request.kind)}</td>
              <td>
                {request.direction === "outgoing"
                  ? t("homes.counterpart.to", { state: labels.state(request.treaty, request.requestedState) })
                  : t("homes.counterpart.from", {
                      state: labels.state(request.treaty, request.requestingState),
                    })}
              </td>
              <td>{key === undefined ? request.state : t(key)}</td>
              <td>
                <span className={`urgency urgency-${request.urgency}`}>
                  {t(`homes.urgency.${request.urgency}`)}
                </span>
              </td>
              {deadlines !== undefined && (
                <td>
                  {due === undefined ? (
                    <span aria-busy="true">{t("app.loading")}</span>
                  ) : due.kind === "unreadable" ? (
                    t("homes.deadline.unknown")
                  ) : due.kind === "none" ? (
                    <>
                      {t("homes.deadline.none")} <Since at={request.updatedAt} />
                    </>
                  ) : (
                    <Countdown dueAt={due.dueAt} />
                  )}
                </td>
              )}
              <td>
                <time dateTime={request.updatedAt}>{dateTime(request.updatedAt)}</time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
