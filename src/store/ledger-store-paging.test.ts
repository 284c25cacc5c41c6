/**
 * Streaming verification of the stored ledger: paging through the entries (and fetching only the
 * nodes each page completes) gives exactly the result of verifying the whole log at once, as
 * `verifyStoredLedger` did before it streamed, for intact and tampered logs and for page sizes that
 * put the damage on, before and after page boundaries.
 */
import { generateKeyPairSync } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachBackend } from "../../test/support/backends.js";
import { bytesEqual } from "../ledger/hash.js";
import type { VerifyLogResult } from "../ledger/log-verifier.js";
import { nodeSourceFrom } from "../ledger/proof-plan.js";
import { signTreeHead } from "../ledger/tree-head.js";
import { verifyLog } from "../ledger/verify-log.js";
import { verifyStoredLedger } from "../services/ledger/verify-stored-ledger.js";
import type { Store } from "./database.js";
import {
  appendToLedger,
  type Executor,
  fetchNodeRanges,
  fromHex,
  readEntryRows,
  readTreeHeads,
  storeTreeHead,
  toHex,
} from "./ledger-store.js";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const LOG_ID = "XA/paging-test";
const TIME = new Date("2030-01-15T09:00:00.000Z");
const N = 21;
const PAGE_SIZES = [1, 2, 3, 4, 5, 7, 8, 20, 21, 22];

/** N entries appended in uneven transactions, with signed heads at sizes 9 and N. */
async function buildLedger(store: Store): Promise<void> {
  let done = 0;
  for (const size of [4, 5, 7, 5]) {
    const events = Array.from({ length: size }, (_, i) => ({
      actor: "user:clerk",
      type: "test.appended",
      subject: `subject/${done + i}`,
      data: { i: done + i },
    }));
    await store.db.transaction().execute((trx) => appendToLedger(trx, store.kind, TIME, events));
    done += size;
    if (done === 9 || done === N) await signHead(store.db);
  }
}

async function signHead(db: Executor): Promise<void> {
  const head = await db.selectFrom("ledger_head").selectAll().executeTakeFirstOrThrow();
  const size = Number(head.size);
  await storeTreeHead(
    db,
    signTreeHead(
      { logId: LOG_ID, size, timestamp: TIME.getTime() + size, root: fromHex(head.root) },
      privateKey,
    ),
  );
}

/** What verifyStoredLedger did before it streamed: the whole log and node table in memory. */
async function verifyAllAtOnce(db: Executor): Promise<VerifyLogResult> {
  const rows = await db.selectFrom("ledger_entries").select("entry").orderBy("idx").execute();
  const entries = rows.map((row) => {
    try {
      return JSON.parse(row.entry) as unknown;
    } catch {
      return row.entry;
    }
  });
  const nodes = await db.selectFrom("ledger_nodes").selectAll().execute();
  const storedNodes = nodeSourceFrom(
    nodes.map((n) => ({ level: Number(n.level), index: Number(n.idx), hash: fromHex(n.hash) })),
  );
  const result = verifyLog(entries, await readTreeHeads(db), publicKey, { storedNodes, logId: LOG_ID });
  const head = await db.selectFrom("ledger_head").selectAll().executeTakeFirstOrThrow();
  if (result.ok && (Number(head.size) !== result.size || !bytesEqual(fromHex(head.root), result.root))) {
    return { ok: false, code: "LEDGER_ROOT_MISMATCH", message: "head row", firstBadIndex: 0 };
  }
  return result;
}

async function entryAt(db: Executor, idx: number): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom("ledger_entries")
    .select("entry")
    .where("idx", "=", idx)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.entry) as Record<string, unknown>;
}

async function setEntry(db: Executor, idx: number, entry: unknown): Promise<void> {
  await db
    .updateTable("ledger_entries")
    .set({ entry: typeof entry === "string" ? entry : JSON.stringify(entry) })
    .where("idx", "=", idx)
    .execute();
}

async function setNode(db: Executor, level: number, idx: number, hash: string): Promise<void> {
  await db
    .updateTable("ledger_nodes")
    .set({ hash })
    .where("level", "=", level)
    .where("idx", "=", idx)
    .execute();
}

type Expected = "ok" | { code: string; firstBadIndex?: number };

const tampering: [string, (db: Executor) => Promise<void>, Expected][] = [
  ["intact", async () => {}, "ok"],
  [
    "an edited entry",
    async (db) => setEntry(db, 7, { ...(await entryAt(db, 7)), actor: "user:mallory" }),
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 7 },
  ],
  [
    "a deleted entry",
    async (db) => {
      await db.deleteFrom("ledger_entries").where("idx", "=", 6).execute();
    },
    { code: "LEDGER_BAD_INDEX", firstBadIndex: 6 },
  ],
  [
    "an inserted entry",
    async (db) => {
      for (let idx = N - 1; idx >= 3; idx--)
        await db
          .updateTable("ledger_entries")
          .set({ idx: idx + 1 })
          .where("idx", "=", idx)
          .execute();
      const forged = { ...(await entryAt(db, 4)), index: 3, subject: "forged" };
      await db
        .insertInto("ledger_entries")
        .values({ idx: 3, leaf_hash: "00".repeat(32), entry: JSON.stringify(forged) })
        .execute();
    },
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 3 },
  ],
  [
    "two entries swapped",
    async (db) => {
      const [a, b] = [await entryAt(db, 2), await entryAt(db, 8)];
      await setEntry(db, 2, b);
      await setEntry(db, 8, a);
    },
    { code: "LEDGER_BAD_INDEX", firstBadIndex: 2 },
  ],
  [
    "an entry renumbered to hide a swap",
    async (db) => setEntry(db, 5, { ...(await entryAt(db, 6)), index: 5 }),
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 5 },
  ],
  [
    "damaged JSON",
    async (db) => setEntry(db, 10, "{not json"),
    { code: "LEDGER_BAD_ENTRY", firstBadIndex: 10 },
  ],
  [
    "a damaged stored leaf",
    async (db) => setNode(db, 0, 12, "11".repeat(32)),
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 12 },
  ],
  [
    "a damaged stored node over leaves 8-11",
    async (db) => setNode(db, 2, 2, "11".repeat(32)),
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 8 },
  ],
  [
    "a damaged stored node over leaves 0-15",
    async (db) => setNode(db, 4, 0, "11".repeat(32)),
    { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 0 },
  ],
  [
    "entries removed from the end",
    async (db) => {
      await db.deleteFrom("ledger_entries").where("idx", ">=", 18).execute();
    },
    { code: "LEDGER_TRUNCATED", firstBadIndex: 18 },
  ],
  [
    "a signed head with another root",
    async (db) => {
      await db
        .updateTable("tree_heads")
        .set({ root: "00".repeat(32) })
        .where("size", "=", 9)
        .execute();
    },
    { code: "LEDGER_BAD_SIGNATURE" },
  ],
];

const summary = (result: VerifyLogResult): Expected =>
  result.ok
    ? "ok"
    : result.firstBadIndex === undefined
      ? { code: result.code }
      : { code: result.code, firstBadIndex: result.firstBadIndex };

describeEachBackend("verifyStoredLedger in pages", (backend) => {
  it.each(tampering)("%s: every page size gives the whole-log result", async (_name, tamper, expected) => {
    const store = await backend.open();
    await buildLedger(store);
    await tamper(store.db);

    const before = await verifyAllAtOnce(store.db);
    expect(summary(before)).toEqual(expected);
    const onePage = await verifyStoredLedger(store.db, publicKey, LOG_ID, { pageSize: 1_000 });
    expect(onePage).toEqual({ ...before, signedHeads: 2 });
    for (const pageSize of PAGE_SIZES) {
      expect(await verifyStoredLedger(store.db, publicKey, LOG_ID, { pageSize })).toEqual(onePage);
    }
  });

  it("reports a head row that does not match the entries", async () => {
    const store = await backend.open();
    await buildLedger(store);
    await store.db
      .updateTable("ledger_head")
      .set({ size: N - 1 })
      .execute();
    for (const pageSize of [3, 1_000]) {
      expect(await verifyStoredLedger(store.db, publicKey, LOG_ID, { pageSize })).toMatchObject({
        ok: false,
        code: "LEDGER_ROOT_MISMATCH",
        firstBadIndex: N - 1,
      });
    }
  });

  it("reports progress after each page and refuses a bad page size", async () => {
    const store = await backend.open();
    await buildLedger(store);
    for (const [pageSize, calls] of [
      [3, [3, 6, 9, 12, 15, 18, 21]],
      [4, [4, 8, 12, 16, 20, 21]],
    ] as const) {
      const seen: [number, number][] = [];
      const report = await verifyStoredLedger(store.db, publicKey, LOG_ID, {
        pageSize,
        onProgress: (verified, expected) => seen.push([verified, expected]),
      });
      expect(report).toMatchObject({ ok: true, size: N, signedHeads: 2 });
      expect(seen).toEqual(calls.map((verified) => [verified, N]));
    }
    await expect(verifyStoredLedger(store.db, publicKey, LOG_ID, { pageSize: 0 })).rejects.toThrow(
      /pageSize/,
    );
  });

  it("reads entry pages by keyset and nodes by level range", async () => {
    const store = await backend.open();
    await buildLedger(store);
    await store.db.deleteFrom("ledger_entries").where("idx", "=", 5).execute();
    const first = await readEntryRows(store.db, undefined, 4);
    expect(first.map((r) => r.idx)).toEqual([0, 1, 2, 3]);
    expect((await readEntryRows(store.db, 3, 4)).map((r) => r.idx)).toEqual([4, 6, 7, 8]);
    expect((await readEntryRows(store.db, 19, 4)).map((r) => r.idx)).toEqual([20]);
    expect(JSON.parse(first[2]?.entry ?? "")).toMatchObject({ index: 2 });

    const all = await store.db.selectFrom("ledger_nodes").selectAll().execute();
    const hashOf = (level: number, idx: number) =>
      all.find((n) => Number(n.level) === level && Number(n.idx) === idx)?.hash;
    const nodes = await fetchNodeRanges(store.db, [
      { level: 0, from: 6, to: 8 },
      { level: 2, from: 1, to: 1 },
    ]);
    for (const idx of [6, 7, 8])
      expect(toHex(nodes({ level: 0, index: idx }) ?? new Uint8Array())).toBe(hashOf(0, idx));
    expect(toHex(nodes({ level: 2, index: 1 }) ?? new Uint8Array())).toBe(hashOf(2, 1));
    expect(hashOf(0, 9)).toBeDefined();
    expect(nodes({ level: 0, index: 9 })).toBeUndefined();
    expect(nodes({ level: 1, index: 3 })).toBeUndefined();
  });
});
