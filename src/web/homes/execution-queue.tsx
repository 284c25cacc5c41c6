/**
 * The executing officer's work: requests from other States that were granted here and are to be
 * carried out (or are being carried out), most urgent first, then the one waiting longest.
 */
import type { RequestView } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { mostUrgentLongestWaiting } from "./queue-order.js";
import { RequestTable } from "./request-table.js";

export function ExecutionTable() {
  const { t, number } = useI18n();
  const loaded = useApi<RequestView[]>("/requests?queue=execution&limit=500");
  return (
    <ShowLoaded loaded={loaded}>
      {(requests) => (
        <RequestTable
          caption={t("homes.execution.caption", { count: number(requests.length) })}
          empty={t("homes.execution.empty")}
          requests={[...requests].sort(mostUrgentLongestWaiting)}
        />
      )}
    </ShowLoaded>
  );
}

export function ExecutionQueue(_props: ScreenProps) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("nav.execution")}</h1>
      <ExecutionTable />
    </>
  );
}
