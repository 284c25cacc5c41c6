/**
 * The order of work in a queue: what is most pressing comes first. Approvals and execution put
 * emergencies before urgent before normal requests, then the one waiting longest; the urgent queue
 * puts the nearest deadline first (overdue ones lead, being the nearest).
 */
import type { RequestView } from "../app/api-types.js";
import type { NearestDeadlines } from "./use-nearest-deadlines.js";

const URGENCY_RANK: Readonly<Record<RequestView["urgency"], number>> = { emergency: 0, urgent: 1, normal: 2 };

export const mostUrgentLongestWaiting = (a: RequestView, b: RequestView): number =>
  URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || Date.parse(a.updatedAt) - Date.parse(b.updatedAt);

export const byNearestDeadline =
  (nearest: NearestDeadlines) =>
  (a: RequestView, b: RequestView): number => {
    const dueA = nearest.get(a.id);
    const dueB = nearest.get(b.id);
    // Rows without a known deadline go after those with one, then by urgency and waiting time.
    const timeA = dueA?.kind === "due" ? Date.parse(dueA.dueAt) : Number.POSITIVE_INFINITY;
    const timeB = dueB?.kind === "due" ? Date.parse(dueB.dueAt) : Number.POSITIVE_INFINITY;
    if (timeA !== timeB) return timeA < timeB ? -1 : 1;
    return mostUrgentLongestWaiting(a, b);
  };
