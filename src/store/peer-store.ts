/**
 * Reading and writing peers, their card history and this node's own cards. Cards are stored as
 * their canonical JSON text and handed back as text: parsing (and trusting) them is the caller's
 * business. Writes take the caller's transaction, so the change and its ledger entry commit together.
 */
import type { Transaction } from "kysely";
import type { Executor } from "./ledger-store.js";
import type { Database, OwnCardsTable, PeerCardsTable, PeersTable } from "./schema.js";

export type PeerRow = PeersTable;
export type PeerCardRow = PeerCardsTable;
export type OwnCardRow = OwnCardsTable;

export const findPeer = (db: Executor, state: string): Promise<PeerRow | undefined> =>
  db.selectFrom("peers").selectAll().where("state", "=", state).executeTakeFirst();

export const listPeerRows = (db: Executor): Promise<PeerRow[]> =>
  db.selectFrom("peers").selectAll().orderBy("state").execute();

export async function insertPeer(trx: Transaction<Database>, row: PeerRow): Promise<void> {
  await trx.insertInto("peers").values(row).execute();
}

/**
 * Replaces a peer's row only if it still holds the card of `expectedSequence` and `expectedStatus`:
 * of two updates racing from the same card, one wins and the other learns it lost (false).
 */
export async function replacePeer(
  trx: Transaction<Database>,
  expected: { state: string; sequence: number; status: string },
  changes: Partial<Omit<PeerRow, "state">>,
): Promise<boolean> {
  const result = await trx
    .updateTable("peers")
    .set(changes)
    .where("state", "=", expected.state)
    .where("sequence", "=", expected.sequence)
    .where("status", "=", expected.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPeerCard(trx: Transaction<Database>, row: PeerCardRow): Promise<void> {
  await trx.insertInto("peer_cards").values(row).execute();
}

export const listPeerCards = (db: Executor, state: string): Promise<PeerCardRow[]> =>
  db
    .selectFrom("peer_cards")
    .selectAll()
    .where("state", "=", state)
    .orderBy("received_at")
    .orderBy("sequence")
    .execute();

export const latestOwnCard = (db: Executor): Promise<OwnCardRow | undefined> =>
  db.selectFrom("own_cards").selectAll().orderBy("sequence", "desc").limit(1).executeTakeFirst();

export async function insertOwnCard(trx: Transaction<Database>, row: OwnCardRow): Promise<void> {
  await trx.insertInto("own_cards").values(row).execute();
}
