/**
 * Revokes a peer: the node stops trusting the State's card. The card and its history stay, for the
 * record; trusting the State again takes a fresh fingerprint confirmation (import-peer-card).
 */
import { type Actor, actorName } from "../../cases/roles.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { findPeer, replacePeer } from "../../store/peer-store.js";
import { PeerError } from "./peer-errors.js";
import { type PeerView, toPeerView } from "./peer-view.js";
import { assertMay, type PeersContext, peerSubject } from "./peers-context.js";

export type RevokePeerOptions = {
  context: PeersContext;
  actor: Actor;
  state: string;
  /** Why, for the ledger: a compromise, the end of an arrangement, a node rebuilt with new keys. */
  reason?: string | undefined;
};

const MAX_REASON = 500;

export async function revokePeer(options: RevokePeerOptions): Promise<PeerView> {
  assertMay(options.actor, "peer.manage");
  const { context, actor, state, reason } = options;
  if (reason !== undefined && (reason.trim() === "" || reason.length > MAX_REASON)) {
    throw new PeerError("BAD_REQUEST", `a reason must be 1 to ${MAX_REASON} characters`);
  }
  const now = context.clock.now();
  const row = await context.db.transaction().execute(async (trx) => {
    const before = await findPeer(trx, state);
    if (before === undefined) throw new PeerError("NOT_FOUND", `${state} is not a peer of this node`);
    if (before.status === "revoked") throw new PeerError("CONFLICT", `${state} is revoked already`);
    const at = now.toISOString();
    const changes = { status: "revoked", revoked_by: actorName(actor), revoked_at: at, updated_at: at };
    if (!(await replacePeer(trx, before, changes))) {
      throw new PeerError("CONFLICT", `${state}'s card changed meanwhile; look again and retry`);
    }
    await appendToLedger(trx, context.storeKind, now, [
      {
        actor: actorName(actor),
        type: "peer.revoked",
        subject: peerSubject(state),
        data: { sequence: before.sequence, ...(reason === undefined ? {} : { reason }) },
      },
    ]);
    return { ...before, ...changes };
  });
  return toPeerView(row, actor, now);
}
