/**
 * The nearest unmet deadline of each request in a list. The list answer carries no deadlines and
 * `GET /deadlines` names only overdue ones or those whose reminder has passed, so the one complete
 * source is each request's detail. The urgent queue is short (open urgent requests), so one detail
 * call per row is cheap; they run in parallel and are fetched again whenever the list is reloaded.
 */
import { useEffect, useState } from "react";
import { api } from "../app/api.js";
import type { RequestDetail, RequestView } from "../app/api-types.js";

/** requestId → due time of the nearest unmet deadline; null when none is open; absent while loading. */
export type NearestDeadlines = ReadonlyMap<string, string | null>;

const nearestUnmet = (deadlines: RequestDetail["deadlines"]): string | null =>
  deadlines
    .filter((deadline) => deadline.metAt === null)
    .map((deadline) => deadline.dueAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

export function useNearestDeadlines(requests: readonly RequestView[]): NearestDeadlines {
  const [nearest, setNearest] = useState<NearestDeadlines>(new Map());

  useEffect(() => {
    let current = true;
    Promise.all(
      requests.map(async (request): Promise<[string, string | null]> => {
        try {
          const detail = await api<RequestDetail>("GET", `/requests/${encodeURIComponent(request.id)}`);
          return [request.id, nearestUnmet(detail.deadlines)];
        } catch {
          // A row whose detail cannot be read still shows; it only lacks its countdown.
          return [request.id, null];
        }
      }),
    ).then((entries) => current && setNearest(new Map(entries)));
    return () => {
      current = false;
    };
  }, [requests]);

  return nearest;
}
