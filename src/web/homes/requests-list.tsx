/**
 * Every request this person may see (their unit's; for the 24/7 officer also the urgent queue of
 * every unit; for the auditor all), most recently changed first. The node applies need-to-know in
 * its query; this screen only says which of those the list is.
 */
import type { RequestView, Role } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import { Link } from "../app/router.js";
import { mayOpen, type ScreenProps, screenFor } from "../app/screens.js";
import { useSignedIn } from "../app/session.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { RequestTable } from "./request-table.js";

const CAPTION: Readonly<Record<Role, MessageKey>> = {
  "case-officer": "homes.all.caption.unit",
  supervisor: "homes.all.caption.unit",
  "executing-officer": "homes.all.caption.unit",
  "duty-officer": "homes.all.caption.duty",
  auditor: "homes.all.caption.node",
  administrator: "homes.all.caption.node",
};

/** The link to the request wizard, for the roles the screen table lets open it. */
export function NewRequestLink() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const wizard = screenFor(["requests", "new"]);
  if (wizard === undefined || !mayOpen(wizard, user.role)) return null;
  return (
    <Link to="/requests/new" className="button primary">
      {t("homes.newRequest")}
    </Link>
  );
}

/** The requests this person may see; `exceptDrafts` leaves out what a drafts table above already shows. */
export function AllRequestsTable({ exceptDrafts = false }: { exceptDrafts?: boolean }) {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const loaded = useApi<RequestView[]>("/requests?queue=all&limit=500");
  return (
    <ShowLoaded loaded={loaded}>
      {(all) => {
        const requests = exceptDrafts ? all.filter((request) => request.state !== "draft") : all;
        return (
          <RequestTable
            caption={t(exceptDrafts ? "homes.all.caption.unitNotDrafts" : CAPTION[user.role], {
              count: number(requests.length),
            })}
            empty={t("homes.all.empty")}
            requests={requests}
          />
        );
      }}
    </ShowLoaded>
  );
}

export function RequestsList(_props: ScreenProps) {
  const { t } = useI18n();
  return (
    <>
      <div className="home-intro">
        <h1>{t("nav.requests")}</h1>
        <NewRequestLink />
      </div>
      <AllRequestsTable />
    </>
  );
}
