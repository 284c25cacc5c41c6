/** Lists the node's peers, by State, with any split view detected, for an administrator or an auditor. */
import type { Actor } from "../../cases/roles.js";
import { listSplitViews } from "../../store/peer-head-store.js";
import { listPeerRows } from "../../store/peer-store.js";
import { type PeerView, toPeerView } from "./peer-view.js";
import { assertMay, type PeersContext } from "./peers-context.js";

export type ListPeersOptions = { context: PeersContext; actor: Actor };

export async function listPeers(options: ListPeersOptions): Promise<PeerView[]> {
  assertMay(options.actor, "peer.read");
  const rows = await listPeerRows(options.context.db);
  const alerts = await listSplitViews(options.context.db);
  const now = options.context.clock.now();
  return rows.map((row) =>
    toPeerView(
      row,
      options.actor,
      now,
      alerts.filter((alert) => alert.peer_state === row.state),
    ),
  );
}
