/**
 * Appends to the node's ledger inside the caller's transaction, so a state change and its ledger
 * entry commit together or not at all. Appends are serialised by locking the single head row
 * (`FOR UPDATE` on PostgreSQL; SQLite transactions are exclusive already) and the entry index is
 * the primary key, so two appends can never share an index even if the lock were bypassed.
 */
import type { Kysely, Transaction } from "kysely";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { appendLeaf, type Frontier, rootFromFrontier } from "../ledger/frontier.js";
import type { Database } from "./schema.js";

export type LedgerEvent = Omit<Entry, "index" | "time">;

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

type Executor = Kysely<Database> | Transaction<Database>;

async function lockHead(trx: Executor, kind: "sqlite" | "postgres") {
  let query = trx.selectFrom("ledger_head").selectAll().where("id", "=", 1);
  if (kind === "postgres") query = query.forUpdate();
  const head = await query.executeTakeFirstOrThrow();
  const frontier: Frontier = {
    size: Number(head.size),
    hashes: (JSON.parse(head.frontier) as string[]).map(fromHex),
  };
  return frontier;
}

/** Appends the events in order at `time`; returns the entries as stored, with their indexes. */
export async function appendToLedger(
  trx: Transaction<Database>,
  kind: "sqlite" | "postgres",
  time: Date,
  events: readonly LedgerEvent[],
): Promise<Entry[]> {
  let frontier = await lockHead(trx, kind);
  const entries: Entry[] = [];
  const nodes: { level: number; idx: number; hash: string }[] = [];
  const rows: { idx: number; leaf_hash: string; entry: string }[] = [];
  for (const event of events) {
    const entry: Entry = { ...event, index: frontier.size, time: time.toISOString() };
    const leaf = entryLeafHash(entry);
    const appended = appendLeaf(frontier, leaf);
    frontier = appended.frontier;
    entries.push(entry);
    rows.push({ idx: entry.index, leaf_hash: toHex(leaf), entry: JSON.stringify(entry) });
    for (const node of appended.newNodes)
      nodes.push({ level: node.level, idx: node.index, hash: toHex(node.hash) });
  }
  if (rows.length === 0) return entries;
  // Chunked: SQLite allows at most 32,766 bound parameters per statement.
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto("ledger_entries")
      .values(rows.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < nodes.length; i += 1000)
    await trx
      .insertInto("ledger_nodes")
      .values(nodes.slice(i, i + 1000))
      .execute();
  await trx
    .updateTable("ledger_head")
    .set({
      size: frontier.size,
      root: toHex(rootFromFrontier(frontier)),
      frontier: JSON.stringify(frontier.hashes.map(toHex)),
    })
    .where("id", "=", 1)
    .execute();
  return entries;
}

export async function ledgerSize(db: Executor): Promise<number> {
  const head = await db
    .selectFrom("ledger_head")
    .select("size")
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return Number(head.size);
}
