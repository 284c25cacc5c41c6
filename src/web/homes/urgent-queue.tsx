/**
 * The 24/7 urgent queue: open urgent requests from other States, nearest deadline first, each with
 * a live countdown. The duty officer watches it through the night, so it asks the node again every
 * minute: a request that arrives shows up without a reload.
 */
import { useEffect } from "react";
import type { RequestView } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { byNearestDeadline } from "./queue-order.js";
import { RequestTable } from "./request-table.js";
import { useNearestDeadlines } from "./use-nearest-deadlines.js";

const REFRESH_MS = 60_000;

function UrgentRows({ requests }: { requests: readonly RequestView[] }) {
  const { t, number } = useI18n();
  const deadlines = useNearestDeadlines(requests);
  return (
    <RequestTable
      caption={t("homes.urgent.caption", { count: number(requests.length) })}
      empty={t("homes.urgent.empty")}
      requests={[...requests].sort(byNearestDeadline(deadlines))}
      deadlines={deadlines}
    />
  );
}

export function UrgentTable() {
  const loaded = useApi<RequestView[]>("/requests?queue=urgent&limit=500");
  const { reload } = loaded;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return <ShowLoaded loaded={loaded}>{(requests) => <UrgentRows requests={requests} />}</ShowLoaded>;
}

export function UrgentQueue(_props: ScreenProps) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("nav.urgent")}</h1>
      <UrgentTable />
    </>
  );
}
