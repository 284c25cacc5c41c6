/**
 * The administrator's home: any split-view alarm first, then the node's accounts, peers and own
 * identity, each counted, with the way to the screen that manages it. The administrator reads no
 * case, so nothing here touches requests.
 */
import { ShowLoaded } from "../app/loaded.js";
import { Link } from "../app/router.js";
import { type Loaded, useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { NodeSummary, PeerSummary, UsersSummary } from "./home-types.js";
import { SplitViewAlarm } from "./split-view-alarm.js";

function UsersCard() {
  const { t, number } = useI18n();
  const users = useApi<UsersSummary>("/users");
  return (
    <section className="panel" aria-labelledby="home-users">
      <h2 id="home-users">{t("homes.admin.users")}</h2>
      <ShowLoaded loaded={users}>
        {({ users: list }) => (
          <dl className="home-facts">
            <dt>{t("homes.admin.accounts")}</dt>
            <dd>{number(list.length)}</dd>
            <dt>{t("homes.admin.disabled")}</dt>
            <dd>{number(list.filter((user) => user.disabled).length)}</dd>
          </dl>
        )}
      </ShowLoaded>
      <Link to="/admin/users">{t("homes.admin.manageUsers")}</Link>
    </section>
  );
}

function PeersCard({ peers }: { peers: Loaded<PeerSummary[]> }) {
  const { t, number } = useI18n();
  return (
    <section className="panel" aria-labelledby="home-peers">
      <h2 id="home-peers">{t("homes.admin.peers")}</h2>
      <ShowLoaded loaded={peers}>
        {(list) => (
          <dl className="home-facts">
            <dt>{t("homes.admin.activePeers")}</dt>
            <dd>{number(list.filter((peer) => peer.status === "active").length)}</dd>
            <dt>{t("homes.admin.revokedPeers")}</dt>
            <dd>{number(list.filter((peer) => peer.status === "revoked").length)}</dd>
            <dt>{t("homes.admin.splitViews")}</dt>
            <dd>{number(list.reduce((sum, peer) => sum + peer.splitViews.length, 0))}</dd>
          </dl>
        )}
      </ShowLoaded>
      <Link to="/admin/peers">{t("homes.admin.reviewPeers")}</Link>
    </section>
  );
}

function NodeCard() {
  const { t, pick } = useI18n();
  const node = useApi<NodeSummary>("/node");
  return (
    <section className="panel" aria-labelledby="home-node">
      <h2 id="home-node">{t("homes.admin.node")}</h2>
      <ShowLoaded loaded={node}>
        {(info) => (
          <dl className="home-facts">
            <dt>{t("homes.admin.state")}</dt>
            <dd>{info.stateName === null ? info.state : `${pick(info.stateName)} (${info.state})`}</dd>
            <dt>{t("homes.admin.treaties")}</dt>
            <dd dir="ltr">{info.treaties.join(", ")}</dd>
            <dt>{t("homes.admin.version")}</dt>
            <dd dir="ltr">{info.version}</dd>
          </dl>
        )}
      </ShowLoaded>
      <Link to="/admin/node">{t("homes.admin.seeNode")}</Link>
    </section>
  );
}

export function AdministratorHome() {
  const { t } = useI18n();
  const peers = useApi<PeerSummary[]>("/peers");
  return (
    <>
      <h1>{t("homes.admin.heading")}</h1>
      {peers.status === "ready" && <SplitViewAlarm peers={peers.data} />}
      <div className="home-cards">
        <UsersCard />
        <PeersCard peers={peers} />
        <NodeCard />
      </div>
      <p>
        <Link to="/ledger">{t("homes.openLedger")}</Link>
      </p>
    </>
  );
}
