import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachBackend } from "../../test/support/backends.js";
import type { Actor } from "../cases/roles.js";
import { generateNodeKeys } from "../crypto/node-keys.js";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import {
  consistencyProof as listConsistencyProof,
  inclusionProof as listInclusionProof,
  merkleRoot,
} from "../ledger/merkle.js";
import { verifyConsistency, verifyInclusion } from "../ledger/verify-proof.js";
import { fakeClock } from "../server/clock.js";
import { parseNodeConfig } from "../server/config.js";
import { buildNodeContext, type NodeContext, type TreatyRegistry } from "../server/node-context.js";

import { consistencyProof, inclusionProof } from "../services/ledger/read-ledger.js";
import { signLedgerHead } from "../services/ledger/sign-ledger-head.js";
import { verifyStoredLedger } from "../services/ledger/verify-stored-ledger.js";
import type { Store } from "./database.js";
import { appendToLedger, fromHex, type LedgerEvent, ledgerSize, readEntries, toHex } from "./ledger-store.js";

/** The ledger services need no treaty. */
const NO_TREATIES: TreatyRegistry = {
  pack: () => undefined,
  packIds: () => [],
  declarations: () => undefined,
  declarationStates: () => [],
};

const AUDITOR: Actor = { kind: "user", id: "a", role: "auditor", unit: "audit" };
const TIME = new Date("2030-01-15T09:00:00.000Z");

/** Just enough of a node for the ledger services: config, store, clock and a fresh signing key. */
function contextFor(store: Store): NodeContext {
  const parsed = parseNodeConfig({ state: "XA" });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return buildNodeContext({
    config: parsed.config,
    store,
    clock: fakeClock(TIME),
    treaties: NO_TREATIES,
    keys: generateNodeKeys(),
    version: "test",
  });
}

const event = (tag: string, i: number): LedgerEvent => ({
  actor: `user:${tag}`,
  type: "test.appended",
  subject: `subject/${tag}/${i}`,
  data: { tag, i },
});

/** Appends `count` events, `perTransaction` at a time, each batch in its own transaction. */
async function appendEvents(store: Store, count: number, perTransaction: number): Promise<void> {
  for (let done = 0; done < count; done += perTransaction) {
    const batch = Array.from({ length: Math.min(perTransaction, count - done) }, (_, i) =>
      event("seq", done + i),
    );
    await store.db.transaction().execute((trx) => appendToLedger(trx, store.kind, TIME, batch));
  }
}

async function allEntries(store: Store): Promise<Entry[]> {
  return readEntries(store.db, 0, 1_000_000);
}

/** Everything the ledger tables hold, for before/after comparisons. */
async function snapshot(store: Store) {
  const { db } = store;
  return {
    head: await db.selectFrom("ledger_head").selectAll().execute(),
    entries: await db.selectFrom("ledger_entries").selectAll().orderBy("idx").execute(),
    nodes: await db.selectFrom("ledger_nodes").selectAll().orderBy("level").orderBy("idx").execute(),
  };
}

describeEachBackend("ledger store", (backend) => {
  it("gives 40 concurrent appending transactions distinct, gap-free indexes", async () => {
    const store = await backend.open();
    const context = contextFor(store);
    const sizes = Array.from({ length: 40 }, (_, t) => 1 + (t % 3));
    const total = sizes.reduce((a, b) => a + b, 0);
    // On PostgreSQL the first few transactions meet at a barrier after BEGIN, so at least that
    // many are provably open at once (on separate pooled connections) when they race for the head
    // lock. SQLite has one connection: its transactions queue, so no barrier there.
    const barrier = backend.kind === "postgres" ? makeBarrier(4) : undefined;
    let open = 0;
    let mostOpen = 0;
    const results = await Promise.all(
      sizes.map((n, t) =>
        store.db.transaction().execute(async (trx) => {
          await trx.selectFrom("ledger_head").select("id").execute();
          open += 1;
          mostOpen = Math.max(mostOpen, open);
          try {
            if (barrier && t < 4) await barrier();
            const events = Array.from({ length: n }, (_, i) => event(`t${t}`, i));
            return await appendToLedger(trx, store.kind, TIME, events);
          } finally {
            open -= 1;
          }
        }),
      ),
    );
    // SQLite: one connection, so transactions never overlap; PostgreSQL: they genuinely did.
    if (backend.kind === "postgres") expect(mostOpen).toBeGreaterThanOrEqual(4);
    else expect(mostOpen).toBe(1);

    const returned = results.flat().map((e) => e.index);
    expect(returned.toSorted((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    // Each transaction's events are contiguous and in order: the lock was held for the whole batch.
    for (const entries of results) {
      const first = entries[0]?.index ?? -1;
      expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => first + i));
    }
    const stored = await allEntries(store);
    expect(stored.map((e) => e.index)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(await ledgerSize(store.db)).toBe(total);

    await signLedgerHead({ context });
    const report = await verifyStoredLedger(store.db, context.keys.signingPublic, context.keys.logId);
    expect(report).toMatchObject({ ok: true, size: total, signedHeads: 1 });
  });

  it("leaves the ledger exactly as it was when the appending transaction throws", async () => {
    const store = await backend.open();
    await appendEvents(store, 5, 2);
    const before = await snapshot(store);

    const failure = store.db.transaction().execute(async (trx) => {
      const appended = await appendToLedger(trx, store.kind, TIME, [event("doomed", 0), event("doomed", 1)]);
      expect(appended.map((e) => e.index)).toEqual([5, 6]);
      throw new Error("the state change failed after its ledger entries were written");
    });
    await expect(failure).rejects.toThrow("the state change failed");

    expect(await snapshot(store)).toEqual(before);
    // The next append takes the index the failed one would have had.
    await appendEvents(store, 1, 1);
    expect((await allEntries(store)).map((e) => e.subject)).toEqual([
      ...before.entries.map((row) => (JSON.parse(row.entry) as Entry).subject),
      "subject/seq/0",
    ]);
    const context = contextFor(store);
    expect(await verifyStoredLedger(store.db, context.keys.signingPublic)).toMatchObject({
      ok: true,
      size: 6,
    });
  });

  // Each run builds a fresh ledger of n ≤ 256 entries in batches, then asks the store for proofs of
  // random (index, size) and (size1, size2) with sizes ≤ n, including the current size.
  const runs = backend.kind === "postgres" ? 12 : 40;
  it(`serves proofs identical to the full-list ones, for trees up to 256 (${runs} runs)`, async () => {
    const query = fc.tuple(fc.nat(), fc.nat());
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(query, { minLength: 1, maxLength: 12 }),
        async (n, perTransaction, queries) => {
          const store = await backend.open();
          await appendEvents(store, n, perTransaction);
          await checkProofs(store, n, queries);
          await store.close();
        },
      ),
      {
        numRuns: runs,
        examples: [
          [256, 64, [[255, 255]]],
          [1, 1, [[0, 0]]],
          [129, 1, [[64, 127]]],
        ],
      },
    );
  }, 120_000);
});

/** Compares the store-backed proofs with the full-list reference and verifies them. */
async function checkProofs(store: Store, n: number, queries: readonly [number, number][]): Promise<void> {
  const context = contextFor(store);
  const entries = await allEntries(store);
  expect(entries).toHaveLength(n);
  const leaves = entries.map(entryLeafHash);
  const rootOf = (size: number) => merkleRoot(leaves.slice(0, size));
  expect((await context.db.selectFrom("ledger_head").select("root").executeTakeFirstOrThrow()).root).toBe(
    toHex(rootOf(n)),
  );

  for (const [a, b] of queries) {
    const size = 1 + (a % n);
    const index = b % size;
    const got = await inclusionProof({ context, actor: AUDITOR, index, size });
    expect(got).toMatchObject({
      index,
      size,
      leafHash: toHex(leaves[index] as Uint8Array),
      root: toHex(rootOf(size)),
    });
    expect(got.proof).toEqual(listInclusionProof(leaves.slice(0, size), index).map(toHex));
    expect(verifyInclusion(index, size, fromHex(got.leafHash), got.proof.map(fromHex), rootOf(size))).toBe(
      true,
    );

    const from = 1 + (b % size);
    const cons = await consistencyProof({ context, actor: AUDITOR, from, to: size });
    expect(cons).toMatchObject({
      from,
      to: size,
      fromRoot: toHex(rootOf(from)),
      toRoot: toHex(rootOf(size)),
    });
    expect(cons.proof).toEqual(listConsistencyProof(leaves.slice(0, size), from).map(toHex));
    expect(verifyConsistency(from, size, cons.proof.map(fromHex), rootOf(from), rootOf(size))).toBe(true);
  }

  // Without a size the proof is for the current tree.
  const [first] = queries;
  const index = (first?.[0] ?? 0) % n;
  const current = await inclusionProof({ context, actor: AUDITOR, index });
  expect(current.size).toBe(n);
  expect(current.proof).toEqual(listInclusionProof(leaves, index).map(toHex));
  const toCurrent = await consistencyProof({ context, actor: AUDITOR, from: 1 + index });
  expect(verifyConsistency(1 + index, n, toCurrent.proof.map(fromHex), rootOf(1 + index), rootOf(n))).toBe(
    true,
  );
}

/** Resolves every waiter once `parties` have called it. */
function makeBarrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}
