/**
 * The nearest unmet deadline of each request in a list. The list answer carries no deadlines and
 * `GET /deadlines` names only overdue ones or those whose reminder has passed, so the one complete
 * source is each request's detail. The urgent queue is short (open urgent requests), so one detail
 * call per row is cheap; they run in parallel and are fetched again whenever the list is reloaded.
 */
import { useEffect, useState } from "react";
import { api } from "../app/api.js";
import type { RequestDetail, RequestView } from "../app/api-types.js";

/**
 * What is known of one request's nearest unmet deadline. "unreadable" is kept apart from "none": a
 * detail that could not be fetched says nothing about deadlines, and claiming there is none would
 * hide exactly the row a duty officer must not miss.
 */
export type NearestDeadline =
  | { readonly kind: "due"; readonly dueAt: string }
  | { readonly kind: "none" }
  | { readonly kind: "unreadable" };

/** requestId → its nearest deadline; absent while loading. */
export type NearestDeadlines = ReadonlyMap<string, NearestDeadline>;

const nearestUnmet = (deadlines: RequestDetail["deadlines"]): NearestDeadline => {
  const dueAt = deadlines
    .filter((deadline) => deadline.metAt === null)
    .map((deadline) => deadline.dueAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return dueAt === undefined ? { kind: "none" } : { kind: "due", dueAt };
};

export function useNearestDeadlines(requests: readonly RequestView[]): NearestDeadlines {
  const [nearest, setNearest] = useState<NearestDeadlines>(new Map());

  useEffect(() => {
    let current = true;
    Promise.all(
      requests.map(async (request): Promise<[string, NearestDeadline]> => {
        try {
          const detail = await api<RequestDetail>("GET", `/requests/${encodeURIComponent(request.id)}`);
          return [request.id, nearestUnmet(detail.deadlines)];
        } catch {
          // A row whose detail cannot be read still shows, saying its deadline is unknown.
          return [request.id, { kind: "unreadable" }];
        }
      }),
    ).then((entries) => current && setNearest(new Map(entries)));
    return () => {
      current = false;
    };
  }, [requests]);

  return nearest;
}
