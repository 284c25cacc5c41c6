/**
 * The supervisor's approvals: outgoing requests of the unit waiting for a second pair of eyes,
 * most urgent first, then the one waiting longest. The table is also the supervisor's home.
 */
import type { RequestView } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { mostUrgentLongestWaiting } from "./queue-order.js";
import { RequestTable } from "./request-table.js";

export function ApprovalsTable() {
  const { t, number } = useI18n();
  const loaded = useApi<RequestView[]>("/requests?queue=approvals&limit=500");
  return (
    <ShowLoaded loaded={loaded}>
      {(requests) => (
        <RequestTable
          caption={t("homes.approvals.caption", { count: number(requests.length) })}
          empty={t("homes.approvals.empty")}
          requests={[...requests].sort(mostUrgentLongestWaiting)}
        />
      )}
    </ShowLoaded>
  );
}

export function ApprovalsQueue(_props: ScreenProps) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("nav.approvals")}</h1>
      <ApprovalsTable />
    </>
  );
}
