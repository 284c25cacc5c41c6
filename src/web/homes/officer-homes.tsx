/**
 * The officers' homes: each opens on the work waiting for this person, under the heading the
 * browser tests look for, with a way on to the fuller lists.
 */
import type { RequestView } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import { Link } from "../app/router.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { ApprovalsTable } from "./approvals-queue.js";
import { ExecutionTable } from "./execution-queue.js";
import { RequestTable } from "./request-table.js";
import { AllRequestsTable, NewRequestLink } from "./requests-list.js";
import { UrgentTable } from "./urgent-queue.js";

function HomeHeading({ text }: { text: string }) {
  return (
    <div className="home-intro">
      <h1>{text}</h1>
      <NewRequestLink />
    </div>
  );
}

function MoreRequestsLink() {
  const { t } = useI18n();
  return (
    <p>
      <Link to="/requests">{t("homes.seeAllRequests")}</Link>
    </p>
  );
}

/** Drafts first: new ones and those a supervisor returned for changes; then the unit's other requests. */
export function CaseOfficerHome() {
  const { t, number } = useI18n();
  const drafts = useApi<RequestView[]>("/requests?queue=drafts&limit=500");
  return (
    <>
      <HomeHeading text={t("homes.caseOfficer.heading")} />
      <h2>{t("homes.drafts.heading")}</h2>
      <ShowLoaded loaded={drafts}>
        {(requests) => (
          <RequestTable
            caption={t("homes.drafts.caption", { count: number(requests.length) })}
            empty={t("homes.drafts.empty")}
            requests={requests}
          />
        )}
      </ShowLoaded>
      <h2>{t("homes.unit.heading")}</h2>
      <AllRequestsTable exceptDrafts />
    </>
  );
}

export function SupervisorHome() {
  const { t } = useI18n();
  return (
    <>
      <HomeHeading text={t("homes.supervisor.heading")} />
      <ApprovalsTable />
      <MoreRequestsLink />
    </>
  );
}

export function DutyOfficerHome() {
  const { t } = useI18n();
  return (
    <>
      <HomeHeading text={t("homes.dutyOfficer.heading")} />
      <UrgentTable />
      <MoreRequestsLink />
    </>
  );
}

export function ExecutingOfficerHome() {
  const { t } = useI18n();
  return (
    <>
      <HomeHeading text={t("homes.executingOfficer.heading")} />
      <ExecutionTable />
      <MoreRequestsLink />
    </>
  );
}
