/**
 * Federation benchmark: messages from XA to XB end to end — sealed into XA's outbox in a
 * transaction (sign, encrypt), sent by the delivery worker over mutual TLS, opened by XB's inbox
 * (decrypt, verify, checks), its effect applied (a new incoming request), logged in XB's ledger,
 * answered with a sealed receipt carrying a signed tree head and an inclusion proof, and that
 * receipt opened, verified and recorded by XA. Two real nodes in this process (see
 * federation-nodes.ts), SQLite with the node's pragmas (and PostgreSQL if BENCH_DATABASE_URL names one).
 *
 * Measured in the same run, in alternating rounds so that load changes hit all alike:
 * - one at a time: enqueue, then one delivery pass; latency is enqueue → receipt recorded;
 * - backlog: a batch enqueued, then drained by one delivery pass;
 * - baseline: a bare HTTPS POST of an envelope of the same size over the same kind of connection
 *   (TLS 1.3, mutual authentication, keep-alive) to a Fastify route doing one INSERT (same pragmas);
 * - ceiling: the same cryptographic work per message in a loop, no I/O: seal the message, open it,
 *   hash the entry and sign a tree head, seal the receipt, open it and verify it.
 *
 *   node --import tsx bench/federation.ts
 *   BENCH_FED_MESSAGES=3000 node --import tsx bench/federation.ts
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { type Kysely, sql } from "kysely";
import { type Message, openEnvelope, sealMessage } from "../src/crypto/envelope.js";
import { keyId } from "../src/crypto/node-keys.js";
import { tlsOptionsOf } from "../src/crypto/tls-identity.js";
import type { NodeCard } from "../src/directory/node-card.js";
import { deliverDue } from "../src/federation/delivery-worker.js";
import { JOSE_MEDIA_TYPE } from "../src/federation/http-transport.js";
import { enqueueMessage } from "../src/federation/outbox.js";
import { activePeerCard } from "../src/federation/peer-keys.js";
import { receiptBody, verifyReceipt } from "../src/federation/receipts.js";
import { type Entry, entryLeafHash } from "../src/ledger/entry.js";
import { appendLeaf, EMPTY_FRONTIER, type Frontier, rootFromFrontier } from "../src/ledger/frontier.js";
import { signTreeHead } from "../src/ledger/tree-head.js";
import { verifyStoredLedger } from "../src/services/ledger/verify-stored-ledger.js";
import { openStore, type Store } from "../src/store/database.js";
import { type BenchNode, introduce, startBenchNode } from "./federation-nodes.js";
import {
  adminStatement,
  combine,
  type Figure,
  fmt,
  isMain,
  now,
  summarise,
  type Timed,
  table,
  timeSequential,
} from "./measure.js";

const TREATY = "uncc-2024";
const DOCUMENT = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "examples", "valid", "stored-data.json"), "utf8"),
) as Record<string, unknown>;
const ROUNDS = 3;

type Options = { messages: number; warmUp: number };

function optionsFromEnv(): Options {
  const messages = Number(process.env.BENCH_FED_MESSAGES ?? 600);
  const warmUp = Number(process.env.BENCH_FED_WARM_UP ?? 100);
  if (!(Number.isInteger(messages) && messages >= ROUNDS && Number.isInteger(warmUp) && warmUp >= 0))
    throw new Error(`BENCH_FED_MESSAGES must be an integer ≥ ${ROUNDS}, BENCH_FED_WARM_UP ≥ 0`);
  return { messages, warmUp };
}

/** The representative message: a request, which creates an incoming request on the receiver. */
const requestBody = () => ({ requestId: randomUUID(), treaty: TREATY, document: DOCUMENT });

// ---------------------------------------------------------------------------------------------
// End to end

/** Seals one request from XA to XB into XA's outbox, committed as any state change commits it. */
const enqueue = (xa: BenchNode) =>
  xa.context.db
    .transaction()
    .execute((trx) => enqueueMessage(trx, xa.context, { to: "XB", kind: "request", body: requestBody() }));

/** One delivery pass of XA's worker; every message it attempts must be delivered. */
async function deliver(xa: BenchNode, expected: number): Promise<void> {
  const outcomes = await deliverDue({ context: xa.context, transport: xa.transport });
  const delivered = [...outcomes.values()].filter((o) => o === "delivered").length;
  if (outcomes.size !== expected || delivered !== expected) {
    const row = await xa.context.db
      .selectFrom("outbox")
      .select("last_error")
      .where("last_error", "is not", null)
      .executeTakeFirst();
    throw new Error(`${delivered} of ${outcomes.size} delivered (${expected} due): ${row?.last_error}`);
  }
}

/** Enqueue → one delivery pass → receipt recorded, one message at a time. */
const oneAtATime = (xa: BenchNode, count: number): Promise<Timed> =>
  timeSequential(count, async () => {
    await enqueue(xa);
    await deliver(xa, 1);
  });

/** `count` messages enqueued (each its own transaction), then drained by one delivery pass. */
async function backlog(xa: BenchNode, count: number): Promise<{ total: Timed; drain: Timed }> {
  const start = now();
  for (let i = 0; i < count; i++) await enqueue(xa);
  const drained = now();
  await deliver(xa, count);
  const end = now();
  return { total: summarise([], end - start, count), drain: summarise([], end - drained, count) };
}

// ---------------------------------------------------------------------------------------------
// Baseline: a bare HTTPS POST over mutual TLS, one INSERT

type Bare = { post(body: string): Promise<void>; close(): Promise<void> };

/**
 * A Fastify route behind a node's HTTPS server with the same TLS settings as the federation
 * listener (TLS 1.3, client certificate required, pinned anchors), doing one INSERT of the body;
 * and a keep-alive client presenting XA's certificate, as XA's transport does.
 */
async function startBare(xa: BenchNode, xb: BenchNode, store: Store): Promise<Bare> {
  // biome-ignore lint/suspicious/noExplicitAny: the baseline table is not part of the node's schema.
  const db = store.db as unknown as Kysely<any>;
  const id = store.kind === "postgres" ? sql`id serial primary key` : sql`id integer primary key`;
  await sql`create table bench_rows (${id}, body text not null, at text not null)`.execute(db);
  const server = createServer({
    ...tlsOptionsOf(xb.tls),
    ca: [xa.tls.certificate.toString()],
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.3",
  });
  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    serverFactory: (handler) => server.on("request", handler),
  });
  app.addContentTypeParser(JOSE_MEDIA_TYPE, { parseAs: "string" }, (_request, body, done) =>
    done(null, body),
  );
  app.post("/rows", async (req, reply) => {
    await db.insertInto("bench_rows").values({ body: req.body, at: new Date().toISOString() }).execute();
    return reply.status(201).send({ ok: true });
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const client = {
    ...tlsOptionsOf(xa.tls),
    ca: [xb.tls.certificate.toString()],
    minVersion: "TLSv1.3" as const,
  };
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `https://127.0.0.1:${port}/rows`,
        {
          method: "POST",
          agent,
          ...client,
          checkServerIdentity: () => undefined,
          headers: { "content-type": JOSE_MEDIA_TYPE },
        },
        (response) => {
          response.resume();
          response.on("end", () =>
            response.statusCode === 201 ? resolve() : reject(new Error(`bare POST: ${response.statusCode}`)),
          );
          response.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return {
    post,
    close: async () => {
      agent.destroy();
      await app.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Ceiling: the cryptographic work alone

/**
 * The work a message and its receipt cost in cryptography and canonical forms, with the keys
 * already imported and nothing stored: XA seals the request; XB opens it, hashes its ledger
 * entry into an in-memory tree, signs the tree head and seals the receipt; XA opens the receipt
 * and verifies it (head signature, inclusion proof) with XB's card.
 */
function ceiling(xa: BenchNode, xb: BenchNode, xbCard: NodeCard) {
  const keysOf = (node: BenchNode) => ({
    signingKey: node.keys.signing.privateKey,
    senderKeyId: keyId(node.keys.signing.publicKey),
  });
  const openAs = (node: BenchNode, sender: BenchNode) => ({
    recipientPrivateKey: node.keys.encryption.privateKey,
    recipientState: node.state,
    recipientKeyId: keyId(node.keys.encryption.publicKey),
    senderKeys: () => sender.keys.signing.publicKey,
    seen: () => false,
    now: new Date(),
  });
  const sealFor = (from: BenchNode, to: BenchNode) => ({
    ...keysOf(from),
    recipientKey: to.keys.encryption.publicKey,
    recipientKeyId: keyId(to.keys.encryption.publicKey),
  });
  // Key ids derived and options built once: the ceiling pays for no look-up at all.
  const [sealXaToXb, sealXbToXa] = [sealFor(xa, xb), sealFor(xb, xa)];
  const [openAtXb, openAtXa] = [openAs(xb, xa), openAs(xa, xb)];
  const logId = xb.context.keys.logId;
  let frontier: Frontier = EMPTY_FRONTIER;
  return async () => {
    const message = {
      id: randomUUID(),
      kind: "request",
      from: "XA",
      to: "XB",
      created: new Date().toISOString(),
      body: requestBody(),
    } as Message;
    const sealed = await sealMessage(message, sealXaToXb);
    const { message: received } = await openEnvelope(sealed, { ...openAtXb, now: new Date() });
    const entry: Entry = {
      index: frontier.size,
      time: new Date().toISOString(),
      actor: "peer:XA",
      type: "message.received",
      subject: received.id,
      data: { messageId: received.id, from: "XA", kind: received.kind, requestId: randomUUID() },
    };
    // The inclusion proof of the newest leaf is the frontier before it, smallest subtree first.
    const proof = frontier.hashes.toReversed().map((h) => Buffer.from(h).toString("hex"));
    frontier = appendLeaf(frontier, entryLeafHash(entry)).frontier;
    const head = signTreeHead(
      { logId, size: frontier.size, timestamp: Date.now(), root: rootFromFrontier(frontier) },
      xb.keys.signing.privateKey,
    );
    const receipt = await sealMessage(
      {
        id: randomUUID(),
        kind: "receipt",
        from: "XB",
        to: "XA",
        created: new Date().toISOString(),
        inReplyTo: received.id,
        body: receiptBody(received.id, entry, head, proof),
      },
      sealXbToXa,
    );
    const opened = await openEnvelope(receipt, { ...openAtXa, now: new Date() });
    if (opened.message.kind !== "receipt") throw new Error("not a receipt");
    verifyReceipt(opened.message.body, { messageId: message.id, from: "XA", card: xbCard, now: new Date() });
  };
}

// ---------------------------------------------------------------------------------------------
// The run

type Results = { single: Timed; backlog: Timed; drain: Timed; bare: Timed; ceiling: Timed };

async function measurePair(
  label: string,
  root: string,
  options: Options,
  urls?: [string, string, string],
): Promise<Figure[]> {
  const xa = await startBenchNode("XA", root, urls?.[0]);
  const xb = await startBenchNode("XB", root, urls?.[1]);
  const bareStore = await openStore({
    dataDir: await mkdtemp(join(root, "bare-")),
    ...(urls ? { databaseUrl: urls[2] } : {}),
  });
  let bare: Bare | undefined;
  try {
    await introduce(xa, xb);
    await introduce(xb, xa);
    bare = await startBare(xa, xb, bareStore);
    const xbCard = await activePeerCard(xa.context.db, "XB");
    if (xbCard === undefined) throw new Error("XB is not XA's peer");
    const crypto = ceiling(xa, xb, xbCard);
    // An envelope of the size the nodes send, for the baseline to carry.
    const envelope = (await enqueue(xa)).sealed;
    await deliver(xa, 1);
    const post = bare.post;

    console.log(
      `\n== federation benchmark (${label}): ${fmt(options.messages)} messages per scenario in ${ROUNDS} alternating rounds ` +
        `after ${options.warmUp} warm-up, both nodes in this process; envelope ${fmt(envelope.length)} characters; ` +
        `load average (1 min) ${loadavg()[0]?.toFixed(2)} ==`,
    );
    await timeSequential(options.warmUp, crypto);
    await timeSequential(options.warmUp, () => post(envelope));
    await oneAtATime(xa, options.warmUp);

    const perRound = Math.ceil(options.messages / ROUNDS);
    const runs: Record<keyof Results, Timed[]> = {
      single: [],
      backlog: [],
      drain: [],
      bare: [],
      ceiling: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      runs.ceiling.push(await timeSequential(perRound, crypto));
      runs.bare.push(await timeSequential(perRound, () => post(envelope)));
      runs.single.push(await oneAtATime(xa, perRound));
      const b = await backlog(xa, perRound);
      runs.backlog.push(b.total);
      runs.drain.push(b.drain);
    }
    const r: Results = {
      single: combine(runs.single),
      backlog: combine(runs.backlog),
      drain: combine(runs.drain),
      bare: combine(runs.bare),
      ceiling: combine(runs.ceiling),
    };
    console.log(
      `load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs`,
    );
    await checkDelivered(xa, xb);
    return report(label, r);
  } finally {
    await bare?.close();
    await bareStore.close();
    await xa.close();
    await xb.close();
  }
}

/** Untimed: every message delivered once in effect, and both ledgers verify. */
async function checkDelivered(xa: BenchNode, xb: BenchNode): Promise<void> {
  const count = async (
    node: BenchNode,
    query: (db: BenchNode["context"]["db"]) => Promise<{ n: number | string | bigint }>,
  ) => Number((await query(node.context.db)).n);
  const sent = await count(xa, (db) =>
    db
      .selectFrom("outbox")
      .select((e) => e.fn.countAll().as("n"))
      .where("delivered_at", "is not", null)
      .executeTakeFirstOrThrow(),
  );
  const pending = await count(xa, (db) =>
    db
      .selectFrom("outbox")
      .select((e) => e.fn.countAll().as("n"))
      .where("delivered_at", "is", null)
      .executeTakeFirstOrThrow(),
  );
  const received = await count(xb, (db) =>
    db
      .selectFrom("requests")
      .select((e) => e.fn.countAll().as("n"))
      .where("direction", "=", "incoming")
      .executeTakeFirstOrThrow(),
  );
  if (pending !== 0 || sent !== received)
    throw new Error(`${sent} delivered, ${pending} pending, ${received} received`);
  for (const node of [xa, xb]) {
    const { keys } = node.context;
    const result = await verifyStoredLedger(node.context.db, keys.signingPublic, keys.logId);
    if (!result.ok)
      throw new Error(`${node.state}'s ledger does not verify: ${result.code} ${result.message}`);
  }
  console.log(
    `checked: ${fmt(sent)} messages delivered once each (${fmt(received)} incoming requests on XB), both ledgers verify`,
  );
}

function report(label: string, r: Results): Figure[] {
  const row = (name: string, t: Timed) => [
    name,
    fmt(t.perSecond),
    fmt(t.p50, 2),
    fmt(t.p99, 2),
    fmt(t.count),
  ];
  console.log(
    table(
      ["scenario", "messages/s", "p50 ms", "p99 ms", "n"],
      [
        row("ceiling: crypto only, one process", r.ceiling),
        row("baseline: bare mTLS POST + 1 INSERT", r.bare),
        row("end to end, one at a time", r.single),
        row("end to end, backlog (enqueue + drain)", r.backlog),
        row("  of which the drain", r.drain),
      ],
    ),
  );
  const ofCeiling = r.single.perSecond / r.ceiling.perSecond;
  const backlogOfCeiling = r.backlog.perSecond / r.ceiling.perSecond;
  const bareOverE2e = r.bare.perSecond / r.single.perSecond;
  console.log(
    `end to end / ceiling: ${fmt(ofCeiling, 2)} one at a time, ${fmt(backlogOfCeiling, 2)} backlog; ` +
      `bare POST / end to end: ${fmt(bareOverE2e, 1)}×`,
  );
  const fig = (metric: string, value: number, unit: string): Figure => ({
    bench: `federation ${label}`,
    metric,
    value,
    unit,
  });
  return [
    fig("ceiling crypto", r.ceiling.perSecond, "msg/s"),
    fig("baseline mTLS POST+INSERT", r.bare.perSecond, "req/s"),
    fig("baseline p50", r.bare.p50, "ms"),
    fig("baseline p99", r.bare.p99, "ms"),
    fig("e2e one at a time", r.single.perSecond, "msg/s"),
    fig("e2e p50", r.single.p50, "ms"),
    fig("e2e p99", r.single.p99, "ms"),
    fig("e2e backlog", r.backlog.perSecond, "msg/s"),
    fig("ratio e2e/ceiling", ofCeiling, "×"),
    fig("ratio backlog/ceiling", backlogOfCeiling, "×"),
    fig("ratio bare/e2e", bareOverE2e, "×"),
  ];
}

export async function runFederationBench(options: Options = optionsFromEnv()): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), "rogatory-bench-fed-"));
  try {
    const figures = await measurePair("SQLite", root, options);
    const url = process.env.BENCH_DATABASE_URL;
    if (url) figures.push(...(await onPostgres(url, root, options)));
    return figures;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The same on three throwaway databases (XA, XB, the baseline) next to the one the URL names. */
async function onPostgres(url: string, root: string, options: Options): Promise<Figure[]> {
  const names = ["xa", "xb", "bare"].map((n) => `rogatory_bench_fed_${n}_${randomBytes(4).toString("hex")}`);
  const urls = names.map((name) => {
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  }) as [string, string, string];
  for (const name of names) await adminStatement(url, `create database ${name}`);
  try {
    return await measurePair("PostgreSQL", root, options, urls);
  } finally {
    for (const name of names) await adminStatement(url, `drop database if exists ${name} with (force)`);
  }
}

if (isMain(import.meta.url)) {
  await runFederationBench();
}
