/**
 * Ledger benchmark: builds a large ledger in the real store (SQLite in a temporary directory, with
 * the node's own pragmas: WAL, synchronous=FULL), then measures durable appends (one event per
 * transaction, and batched), inclusion and consistency proofs through the service (database fetch
 * included), and verification of the whole stored log. The baseline, measured in the same run on
 * the same database file, is a bare INSERT of a row of the same size per transaction.
 *
 *   node --import tsx bench/ledger.ts
 *   BENCH_LEDGER_ENTRIES=100000 node --import tsx bench/ledger.ts       a smaller log
 *   BENCH_DATABASE_URL=postgres://… node --import tsx bench/ledger.ts   also on PostgreSQL
 *                                                                      (BENCH_PG_ENTRIES, default 100,000)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate } from "node:timers/promises";
import { getHeapStatistics } from "node:v8";
import { type Kysely, sql } from "kysely";
import type { Actor } from "../src/cases/roles.js";
import { generateNodeKeys } from "../src/crypto/node-keys.js";
import { entryLeafHash } from "../src/ledger/entry.js";
import { appendLeaf, EMPTY_FRONTIER } from "../src/ledger/frontier.js";
import { verifyConsistency, verifyInclusion } from "../src/ledger/verify-proof.js";
import { systemClock } from "../src/server/clock.js";
import { parseNodeConfig } from "../src/server/config.js";
import { buildNodeContext, type NodeContext, type TreatyRegistry } from "../src/server/node-context.js";

import { consistencyProof, inclusionProof } from "../src/services/ledger/read-ledger.js";
import { signLedgerHead } from "../src/services/ledger/sign-ledger-head.js";
import { verifyStoredLedger } from "../src/services/ledger/verify-stored-ledger.js";
import { openStore, SQLITE_FILE, type Store } from "../src/store/database.js";
import { appendToLedger, fromHex, type LedgerEvent, ledgerSize } from "../src/store/ledger-store.js";
import type { Database } from "../src/store/schema.js";
import {
  adminStatement,
  combine,
  type Figure,
  fmt,
  isMain,
  now,
  progressBar,
  type Timed,
  table,
  timeSequential,
} from "./measure.js";

/** The ledger needs no treaty. */
const NO_TREATIES: TreatyRegistry = {
  pack: () => undefined,
  packIds: () => [],
  declarations: () => undefined,
  declarationStates: () => [],
};

export type LedgerBenchOptions = {
  /** Entries in the log before anything is measured. */
  entries: number;
  /** Events per transaction while building, and in the batched-append measurement. */
  batch: number;
  /** One-event transactions timed (split into rounds alternating with the baseline). */
  singleAppends: number;
  /** Batched transactions timed. */
  batchedAppends: number;
  /** Proofs of each kind timed. */
  proofs: number;
};

const AUDITOR: Actor = { kind: "user", id: "bench", role: "auditor", unit: "audit" };
const ROUNDS = 4;
let verifiedBefore = false;

export function optionsFromEnv(kind: Store["kind"]): LedgerBenchOptions {
  const fallback = kind === "sqlite" ? 1_000_000 : 100_000;
  const entries = Number(
    process.env[kind === "sqlite" ? "BENCH_LEDGER_ENTRIES" : "BENCH_PG_ENTRIES"] ?? fallback,
  );
  if (!Number.isSafeInteger(entries) || entries < 1) throw new Error(`bad entry count ${entries}`);
  return { entries, batch: 1_000, singleAppends: 2_000, batchedAppends: 20, proofs: 1_000 };
}

/** A state change's ledger event of typical size (≈ 250 bytes as stored). */
function sampleEvent(i: number): LedgerEvent {
  return {
    actor: "user:7c0e4f4e-3b8a-4c57-9d0e-2f3a8e1b9c44",
    type: "request.submit",
    subject: `request/${randomUUID()}`,
    data: { from: "draft", to: "awaiting-approval", version: 1 + (i % 7), unit: "cyber" },
  };
}

function benchContext(store: Store): NodeContext {
  const parsed = parseNodeConfig({ state: "XA" });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return buildNodeContext({
    config: parsed.config,
    store,
    clock: systemClock,
    treaties: NO_TREATIES,
    keys: generateNodeKeys(),
    version: "bench",
  });
}

const appendBatch = (store: Store, events: readonly LedgerEvent[]) =>
  store.db.transaction().execute((trx) => appendToLedger(trx, store.kind, new Date(), events));

/** The baseline's rows: what `appendToLedger` writes to `ledger_entries` for the same events. */
function bareRows(events: readonly LedgerEvent[], from: number) {
  return events.map((event, i) => {
    const entry = { ...event, index: from + i, time: new Date().toISOString() };
    return {
      idx: from + i,
      leaf_hash: Buffer.from(entryLeafHash(entry)).toString("hex"),
      entry: JSON.stringify(entry),
    };
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the baseline table is not part of the node's schema.
const untyped = (db: Kysely<Database>) => db as unknown as Kysely<any>;

async function insertBare(store: Store, rows: ReturnType<typeof bareRows>): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000)
      await untyped(trx)
        .insertInto("bench_bare")
        .values(rows.slice(i, i + 1000))
        .execute();
  });
}

async function build(store: Store, options: LedgerBenchOptions): Promise<Timed> {
  const bar = progressBar(`building ${store.kind} ledger`, options.entries);
  const start = now();
  for (let done = 0; done < options.entries; ) {
    const n = Math.min(options.batch, options.entries - done);
    await appendBatch(
      store,
      Array.from({ length: n }, (_, i) => sampleEvent(done + i)),
    );
    done += n;
    bar.update(done, { rate: fmt(done / ((now() - start) / 1000)) });
    // better-sqlite3 is synchronous, so the loop above only ever awaits resolved promises and the
    // progress bar's timer would not fire until the end: let the event loop turn once per batch.
    await setImmediate();
  }
  bar.stop();
  const ms = now() - start;
  return {
    count: options.entries,
    seconds: ms / 1000,
    perSecond: options.entries / (ms / 1000),
    p50: Number.NaN,
    p99: Number.NaN,
    samples: [],
  };
}

/**
 * Ledger appends and bare inserts in alternating rounds, so drift (cache, WAL growth) hits both
 * alike. Events and rows are made before the clock starts: only the transactions are timed.
 */
async function appendsVersusBare(
  store: Store,
  count: number,
  perTransaction: number,
  bareIndex: { next: number },
) {
  const ledger: Timed[] = [];
  const bare: Timed[] = [];
  const perRound = Math.max(1, Math.floor(count / ROUNDS));
  const batches = () =>
    Array.from({ length: perRound }, (_, i) =>
      Array.from({ length: perTransaction }, (_, j) => sampleEvent(i * perTransaction + j)),
    );
  for (let round = 0; round < ROUNDS; round++) {
    const rows = batches().map((events) => {
      const made = bareRows(events, bareIndex.next);
      bareIndex.next += made.length;
      return made;
    });
    bare.push(await timeSequential(perRound, (i) => insertBare(store, rows[i] ?? [])));
    const events = batches();
    ledger.push(await timeSequential(perRound, (i) => appendBatch(store, events[i] ?? [])));
  }
  // Rates in events (rows) per second; latencies per transaction.
  return { ledger: combine(ledger, perTransaction), bare: combine(bare, perTransaction) };
}

/** The pure part of an append, without the database: canonical JSON, leaf hash, frontier update. */
function hashingOnly(count: number): Timed {
  const events = Array.from({ length: count }, (_, i) => sampleEvent(i));
  const time = new Date().toISOString();
  const start = now();
  let frontier = EMPTY_FRONTIER;
  for (const [index, event] of events.entries())
    frontier = appendLeaf(frontier, entryLeafHash({ ...event, index, time })).frontier;
  const ms = now() - start;
  return {
    count,
    seconds: ms / 1000,
    perSecond: count / (ms / 1000),
    p50: Number.NaN,
    p99: Number.NaN,
    samples: [],
  };
}

async function proofs(context: NodeContext, options: LedgerBenchOptions) {
  const size = await ledgerSize(context.db);
  const head = await context.db.selectFrom("ledger_head").select("root").executeTakeFirstOrThrow();
  const root = fromHex(head.root);
  let bad = 0;
  const inclusion = await timeSequential(options.proofs, async () => {
    const index = Math.floor(Math.random() * size);
    const proof = await inclusionProof({ context, actor: AUDITOR, index });
    if (!verifyInclusion(index, size, fromHex(proof.leafHash), proof.proof.map(fromHex), root)) bad++;
  });
  const consistency = await timeSequential(options.proofs, async () => {
    const from = 1 + Math.floor(Math.random() * size);
    const proof = await consistencyProof({ context, actor: AUDITOR, from });
    if (!verifyConsistency(from, size, proof.proof.map(fromHex), fromHex(proof.fromRoot), root)) bad++;
  });
  if (bad > 0) throw new Error(`${bad} proofs did not verify`);
  return { inclusion, consistency };
}

/** Runs the whole benchmark on one store; prints as it goes and returns the figures. */
async function benchStore(store: Store, options: LedgerBenchOptions, where: string): Promise<Figure[]> {
  const label = `ledger/${store.kind}`;
  const context = benchContext(store);
  await sql`create table bench_bare (idx bigint primary key, leaf_hash text not null, entry text not null)`.execute(
    store.db,
  );
  console.log(
    `\n== ledger benchmark on ${store.kind} (${where}), ${fmt(options.entries)} entries; ` +
      `load average (1 min) ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs ==`,
  );
  const built = await build(store, options);
  console.log(
    `built ${fmt(built.count)} entries in ${fmt(built.seconds, 1)} s: ${fmt(built.perSecond)} entries/s`,
  );

  const bareIndex = { next: 0 };
  const single = await appendsVersusBare(store, options.singleAppends, 1, bareIndex);
  const batched = await appendsVersusBare(store, options.batchedAppends, options.batch, bareIndex);
  const { inclusion, consistency } = await proofs(context, options);
  const hashing = hashingOnly(100_000);

  await signLedgerHead({ context });
  const rssBefore = process.memoryUsage().rss;
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const verifyStart = now();
  const report = await verifyStoredLedger(store.db, context.keys.signingPublic, context.keys.logId);
  const verifySeconds = (now() - verifyStart) / 1000;
  // maxRSS is the process's peak so far (KiB). It tells what verification needed only for the first
  // verification in a process: after one, freed heap stays resident and later peaks mean little.
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  const verifyMemory = !verifiedBefore && peakAfter > peakBefore ? peakAfter - rssBefore : Number.NaN;
  verifiedBefore = true;
  if (!report.ok) throw new Error(`verifyStoredLedger failed: ${report.code} ${report.message}`);

  const rows: string[][] = [
    ["build, batched", `${fmt(built.perSecond)} entries/s`, "", "", `${fmt(built.seconds, 1)} s total`],
    row("append, 1 event/transaction", single.ledger, "events/s", 1),
    row("  bare INSERT, 1 row/transaction", single.bare, "rows/s", 1),
    row(`append, ${options.batch} events/transaction`, batched.ledger, "events/s", options.batch),
    row(`  bare INSERT, ${options.batch} rows/transaction`, batched.bare, "rows/s", options.batch),
    ["  of which hashing only (no DB)", `${fmt(hashing.perSecond)} events/s`, "", "", fmt(hashing.count)],
    row("inclusion proof (service + DB)", inclusion, "proofs/s", 1),
    row("consistency proof (service + DB)", consistency, "proofs/s", 1),
    [
      "verifyStoredLedger, whole log",
      `${fmt(report.size / verifySeconds)} entries/s`,
      "",
      "",
      `${fmt(verifySeconds, 1)} s total`,
    ],
  ];
  console.log(table(["operation", "rate", "p50 ms", "p99 ms", "n"], rows));
  const singleRatio = single.bare.perSecond / single.ledger.perSecond;
  const batchRatio = batched.bare.perSecond / batched.ledger.perSecond;
  console.log(
    `ledger append / bare insert (time per event): ${fmt(singleRatio, 2)}× at 1 per transaction, ` +
      `${fmt(batchRatio, 2)}× at ${options.batch} per transaction`,
  );
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)}`);
  console.log(
    `verifyStoredLedger (${fmt(report.size)} entries, ok): resident memory ${fmt(rssBefore / 2 ** 20)} MiB before, ` +
      `process peak ${fmt(peakAfter / 2 ** 20)} MiB after, so verification needed ` +
      `${Number.isNaN(verifyMemory) ? "n/a (measured for the first verification in a process only)" : `${fmt(verifyMemory / 2 ** 20)} MiB`}; ` +
      `V8 heap limit ${fmt(getHeapStatistics().heap_size_limit / 2 ** 20)} MiB`,
  );
  if (store.kind === "sqlite") {
    const bytes = (await stat(join(where, SQLITE_FILE))).size;
    console.log(
      `database file: ${fmt(bytes / 2 ** 20)} MiB, ${fmt(bytes / (await ledgerSize(store.db)))} bytes per entry`,
    );
  }

  const fig = (metric: string, value: number, unit: string): Figure => ({
    bench: label,
    metric,
    value,
    unit,
  });
  return [
    fig("entries at the end", await ledgerSize(store.db), "entries"),
    fig("build (batched)", built.perSecond, "entries/s"),
    fig("append, 1 event/tx", single.ledger.perSecond, "events/s"),
    fig("bare insert, 1 row/tx", single.bare.perSecond, "rows/s"),
    fig("ratio append/bare, 1/tx", singleRatio, "×"),
    fig(`append, ${options.batch}/tx`, batched.ledger.perSecond, "events/s"),
    fig(`bare insert, ${options.batch}/tx`, batched.bare.perSecond, "rows/s"),
    fig(`ratio append/bare, ${options.batch}/tx`, batchRatio, "×"),
    fig("hashing only, no DB", hashing.perSecond, "events/s"),
    fig("inclusion proof p50", inclusion.p50, "ms"),
    fig("inclusion proof p99", inclusion.p99, "ms"),
    fig("consistency proof p50", consistency.p50, "ms"),
    fig("consistency proof p99", consistency.p99, "ms"),
    fig("verifyStoredLedger", verifySeconds, "s"),
    fig("memory for verify (peak RSS growth)", verifyMemory / 2 ** 20, "MiB"),
  ];
}

function row(name: string, t: Timed, unit: string, perTransaction: number): string[] {
  return [name, `${fmt(t.perSecond)} ${unit}`, fmt(t.p50, 2), fmt(t.p99, 2), fmt(t.count / perTransaction)];
}

export async function runLedgerBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), "rogatory-bench-ledger-"));
  try {
    const store = await openStore({ dataDir });
    try {
      figures.push(...(await benchStore(store, optionsFromEnv("sqlite"), dataDir)));
    } finally {
      await store.close();
    }
    const url = process.env.BENCH_DATABASE_URL;
    if (url) figures.push(...(await benchPostgres(url, dataDir)));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return figures;
}

/** On a throwaway database created next to the one the URL names, dropped afterwards. */
async function benchPostgres(url: string, dataDir: string): Promise<Figure[]> {
  const name = `rogatory_bench_${randomBytes(6).toString("hex")}`;
  await adminStatement(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  try {
    const store = await openStore({ dataDir, databaseUrl: target.toString() });
    try {
      return await benchStore(store, optionsFromEnv("postgres"), `${target.host}/${name}`);
    } finally {
      await store.close();
    }
  } finally {
    await adminStatement(url, `drop database if exists ${name} with (force)`);
  }
}

if (isMain(import.meta.url)) {
  await runLedgerBench();
}
