/**
 * The few fields the auditor's and administrator's homes read from answers whose schemas live in
 * other routes (ledger head, peers, users, node, statistics): only what these summaries show, picked
 * from the server's own answer types (types only), so a changed answer fails the UI's type check.
 */
import type { TreeHeadView as TreeHead } from "../../services/ledger/ledger-views.js";
import type { NodeInfo } from "../../services/node/node-info-view.js";
import type { PeerView } from "../../services/peers/peer-view-schema.js";
import type { StatisticsView } from "../../services/statistics/statistics-view.js";
import type { UserView } from "../../services/users/user-view.js";

/** GET /ledger/head. */
export type TreeHeadView = Pick<TreeHead, "logId" | "size" | "timestamp" | "root">;

/** GET /peers. */
export type PeerSummary = Pick<PeerView, "state" | "status"> & {
  splitViews: readonly Pick<PeerView["splitViews"][number], "detectedAt" | "reason">[];
};

/** GET /users. */
export type UsersSummary = { users: readonly Pick<UserView, "disabled">[] };

/** GET /node. */
export type NodeSummary = Pick<NodeInfo, "state" | "stateName" | "version" | "treaties">;

/** GET /statistics. */
export type StatisticsSummary = {
  requests: readonly Pick<StatisticsView["requests"][number], "direction" | "count">[];
  overdue: Pick<StatisticsView["overdue"], "total">;
};
