/**
 * Peers' signed tree heads as we received them, and the split-view alerts raised about them.
 * Writes that go with a receipt or an alert take the caller's transaction; a status change is
 * conditional on the head still being unchecked, so a head is judged once.
 */
import type { Transaction } from "kysely";
import type { Executor } from "./ledger-store.js";
import type { Database, PeerSplitViewsTable, PeerTreeHeadsTable } from "./schema.js";

export type PeerHeadRow = PeerTreeHeadsTable;
export type SplitViewRow = PeerSplitViewsTable;
export type PeerHeadStatus = "unchecked" | "consistent" | "split-view";

export async function insertPeerHead(trx: Transaction<Database>, row: PeerHeadRow): Promise<void> {
  await trx.insertInto("peer_tree_heads").values(row).execute();
}

/** Unchecked heads whose next check is due, in the order they arrived. */
export const dueUncheckedHeads = (db: Executor, now: string): Promise<PeerHeadRow[]> =>
  db
    .selectFrom("peer_tree_heads")
    .selectAll()
    .where("status", "=", "unchecked")
    .where("next_check_at", "<=", now)
    .orderBy("received_at")
    .orderBy("size")
    .orderBy("id")
    .execute();

/** The peer's heads already found consistent, largest first. */
export const consistentHeads = (db: Executor, state: string): Promise<PeerHeadRow[]> =>
  db
    .selectFrom("peer_tree_heads")
    .selectAll()
    .where("peer_state", "=", state)
    .where("status", "=", "consistent")
    .orderBy("size", "desc")
    .orderBy("received_at")
    .execute();

export const peerHeads = (db: Executor, state: string): Promise<PeerHeadRow[]> =>
  db
    .selectFrom("peer_tree_heads")
    .selectAll()
    .where("peer_state", "=", state)
    .orderBy("received_at")
    .orderBy("size")
    .execute();

/** Judges an unchecked head; false if someone judged it meanwhile. */
export async function settlePeerHead(
  db: Executor,
  id: string,
  changes: {
    status: Exclude<PeerHeadStatus, "unchecked">;
    checked_at: string;
    checked_against: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("peer_tree_heads")
    .set({ ...changes, last_check_error: null })
    .where("id", "=", id)
    .where("status", "=", "unchecked")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A check that could not be made (peer unreachable, an answer that proves nothing): try later. */
export async function deferPeerHead(
  db: Executor,
  id: string,
  changes: { check_attempts: number; next_check_at: string; last_check_error: string },
): Promise<void> {
  await db
    .updateTable("peer_tree_heads")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", "unchecked")
    .execute();
}

export async function insertSplitView(trx: Transaction<Database>, row: SplitViewRow): Promise<void> {
  await trx.insertInto("peer_split_views").values(row).execute();
}

/** Every split-view alert, oldest first; for one State when `state` is given. */
export function listSplitViews(db: Executor, state?: string): Promise<SplitViewRow[]> {
  let query = db.selectFrom("peer_split_views").selectAll();
  if (state !== undefined) query = query.where("peer_state", "=", state);
  return query.orderBy("detected_at").orderBy("id").execute();
}
