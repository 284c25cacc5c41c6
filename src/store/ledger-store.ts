/**
 * Appends to the node's ledger inside the caller's transaction, so a state change and its ledger
 * entry commit together or not at all. Appends are serialised by locking the single head row
 * (`FOR UPDATE` on PostgreSQL; SQLite transactions are exclusive already) and the entry index is
 * the primary key, so two appends can never share an index even if the lock were bypassed.
 */
import type { Kysely, Transaction } from "kysely";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { appendLeaf, type Frontier, rootFromFrontier } from "../ledger/frontier.js";
import type { NodeCoord } from "../ledger/node-coord.js";
import { type NodeSource, nodeSourceFrom } from "../ledger/proof-plan.js";
import type { SignedTreeHead } from "../ledger/tree-head.js";
import type { Database } from "./schema.js";

export type LedgerEvent = Omit<Entry, "index" | "time">;

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

export type Executor = Kysely<Database> | Transaction<Database>;

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

/**
 * Fetches the perfect nodes a proof plan names in one query (one round trip, which matters on
 * PostgreSQL): about 2·log2(n) rows, each picked by its primary key.
 */
export async function fetchNodes(db: Executor, coords: readonly NodeCoord[]): Promise<NodeSource> {
  if (coords.length === 0) return nodeSourceFrom([]);
  const rows = await db
    .selectFrom("ledger_nodes")
    .select(["level", "idx", "hash"])
    .where((eb) =>
      eb.or(coords.map(({ level, index }) => eb.and([eb("level", "=", level), eb("idx", "=", index)]))),
    )
    .execute();
  const found = rows.map((row) => ({
    level: Number(row.level),
    index: Number(row.idx),
    hash: fromHex(row.hash),
  }));
  return nodeSourceFrom(found);
}

export async function readEntries(db: Executor, from: number, limit: number): Promise<Entry[]> {
  const rows = await db
    .selectFrom("ledger_entries")
    .select("entry")
    .where("idx", ">=", from)
    .orderBy("idx")
    .limit(limit)
    .execute();
  return rows.map((r) => JSON.parse(r.entry) as Entry);
}

/**
 * One page of raw entry rows in index order, for streaming the whole log: the rows after index
 * `after` (from the start when `undefined`), at most `limit`. Keyset pagination, so each page costs
 * one index range scan however deep into the log it is. The JSON is returned as stored, unparsed.
 */
export async function readEntryRows(
  db: Executor,
  after: number | undefined,
  limit: number,
): Promise<{ idx: number; entry: string }[]> {
  let query = db.selectFrom("ledger_entries").select(["idx", "entry"]);
  if (after !== undefined) query = query.where("idx", ">", after);
  return query.orderBy("idx").limit(limit).execute();
}

/** Fetches the stored nodes in the given index ranges (inclusive), one query per range. */
export async function fetchNodeRanges(
  db: Executor,
  ranges: readonly { level: number; from: number; to: number }[],
): Promise<NodeSource> {
  const found: (NodeCoord & { hash: Uint8Array })[] = [];
  for (const { level, from, to } of ranges) {
    const rows = await db
      .selectFrom("ledger_nodes")
      .select(["idx", "hash"])
      .where("level", "=", level)
      .where("idx", ">=", from)
      .where("idx", "<=", to)
      .execute();
    for (const row of rows) found.push({ level, index: Number(row.idx), hash: fromHex(row.hash) });
  }
  return nodeSourceFrom(found);
}

export async function storeTreeHead(db: Executor, head: SignedTreeHead): Promise<void> {
  await db
    .insertInto("tree_heads")
    .values({
      size: head.size,
      timestamp: head.timestamp,
      root: toHex(head.root),
      log_id: head.logId,
      signature: head.signature,
    })
    .onConflict((oc) => oc.column("size").doNothing())
    .execute();
}

const toSignedHead = (row: {
  size: number;
  timestamp: number;
  root: string;
  log_id: string;
  signature: string;
}): SignedTreeHead => ({
  logId: row.log_id,
  size: Number(row.size),
  timestamp: Number(row.timestamp),
  root: fromHex(row.root),
  signature: row.signature,
});

export async function readTreeHeads(db: Executor): Promise<SignedTreeHead[]> {
  const rows = await db.selectFrom("tree_heads").selectAll().orderBy("size").execute();
  return rows.map(toSignedHead);
}

export async function latestTreeHead(db: Executor): Promise<SignedTreeHead | undefined> {
  const row = await db
    .selectFrom("tree_heads")
    .selectAll()
    .orderBy("size", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toSignedHead(row) : undefined;
}
