/**
 * The few fields the auditor's and administrator's homes read from answers whose schemas live in
 * other routes (ledger head, peers, users, node, statistics); only what these summaries show.
 */
import type { Localized } from "../i18n/languages.js";

/** GET /ledger/head (src/server/routes/ledger.ts). */
export type TreeHeadView = { logId: string; size: number; timestamp: number; root: string };

/** GET /peers (src/server/routes/peers.ts). */
export type PeerSummary = {
  state: string;
  status: "active" | "revoked";
  splitViews: readonly { detectedAt: string; reason: string }[];
};

/** GET /users (src/server/routes/users.ts). */
export type UsersSummary = { users: readonly { disabled: boolean }[] };

/** GET /node (the plan's contract). */
export type NodeSummary = { state: string; stateName: Localized | null; version: string; treaties: string[] };

/** GET /statistics (the plan's contract). */
export type StatisticsSummary = {
  requests: readonly { direction: "outgoing" | "incoming"; count: number }[];
  overdue: { total: number };
};
