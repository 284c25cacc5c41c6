/**
 * API benchmark over real HTTP on 127.0.0.1: the real app (a node context as the API tests build
 * one, SQLite in a temporary directory with the node's pragmas) with a signed-in case officer,
 * measured for (a) drafting a request from `examples/valid/stored-data.json` and reading its
 * findings, and (b) validating that document without storing it. The baseline, in the same run:
 * a bare Fastify app whose one POST route does one INSERT into a SQLite table (same pragmas).
 * Each scenario runs with a bounded number in flight, for a bounded count and time, then stops.
 *
 *   node --import tsx bench/api.ts
 *   BENCH_API_OPS=500 BENCH_API_SECONDS=10 node --import tsx bench/api.ts
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { SYSTEM } from "../src/cases/roles.js";
import { generateNodeKeys } from "../src/crypto/node-keys.js";
import { buildApp } from "../src/server/app.js";
import { CSRF_HEADER } from "../src/server/auth/install-auth.js";
import { SESSION_COOKIE } from "../src/server/auth/session-cookie.js";
import { systemClock } from "../src/server/clock.js";
import { parseNodeConfig } from "../src/server/config.js";
import { buildNodeContext, type NodeContext } from "../src/server/node-context.js";
import { createUser } from "../src/services/users/create-user.js";
import { openStore, type Store } from "../src/store/database.js";
import { ledgerSize } from "../src/store/ledger-store.js";
import { loadTreatyRegistry } from "../src/store/pack-files.js";
import { combine, type Figure, fmt, isMain, type Timed, table, timeConcurrent } from "./measure.js";

const CONCURRENCY = 8;
const CLIENT_FLAG = "--load-client";
const ROUNDS = 3;
/** Warm-up operations per scenario, untimed: JIT, connection pools and SQLite caches settle first. */
const WARM_UP = 500;
const DOCUMENT = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "examples", "valid", "stored-data.json"), "utf8"),
) as unknown;
const TREATY = "uncc-2024";

type Limits = { concurrency: number; maxOps: number; maxMs: number };

function limitsFromEnv(): Limits {
  const maxOps = Number(process.env.BENCH_API_OPS ?? 3_000);
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 30);
  if (!(maxOps >= 1 && seconds > 0)) throw new Error("BENCH_API_OPS and BENCH_API_SECONDS must be positive");
  return { concurrency: CONCURRENCY, maxOps, maxMs: seconds * 1000 };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function startNode(
  dataDir: string,
): Promise<{ app: FastifyInstance; store: Store; context: NodeContext }> {
  const store = await openStore({ dataDir });
  const parsed = parseNodeConfig({ state: "XA", security: { secureCookies: false } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const context = buildNodeContext({
    config: parsed.config,
    store,
    clock: systemClock,
    treaties: loadTreatyRegistry(),
    keys: generateNodeKeys(),
    version: "bench",
  });
  const app = await buildApp(context);
  return { app, store, context };
}

/** A signed-in officer's session over HTTP: cookie and CSRF token on every call. */
async function signIn(base: string, username: string, password: string) {
  const response = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in refused: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error("no session cookie");
  return async (method: "GET" | "POST", path: string, body: unknown, expected: number): Promise<unknown> => {
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        [CSRF_HEADER]: csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
    return JSON.parse(text);
  };
}

/** The baseline: one POST route, one INSERT of the posted document per request. */
async function startBare(dataDir: string): Promise<{ app: FastifyInstance; store: Store }> {
  const store = await openStore({ dataDir });
  // biome-ignore lint/suspicious/noExplicitAny: the baseline table is not part of the node's schema.
  const db = store.db as unknown as Kysely<any>;
  await sql`create table bench_rows (id integer primary key, body text not null, at text not null)`.execute(
    db,
  );
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  // The HTTP floor: the same framework and client with no work at all.
  app.post("/noop", async (_request, reply) => reply.status(201).send({ ok: true }));
  app.post("/rows", async (request, reply) => {
    await db
      .insertInto("bench_rows")
      .values({ body: JSON.stringify(request.body), at: new Date().toISOString() })
      .execute();
    return reply.status(201).send({ ok: true });
  });
  return { app, store };
}

type ClientJob = { nodeUrl: string; bareUrl: string; username: string; password: string; limits: Limits };
type ClientResult = { noop: Timed; baseline: Timed; draftAndValidate: Timed; validate: Timed };

/**
 * The load generator, run in its own process (see `runApiBench`) so that its HTTP client does not
 * share the server's event loop: on a small machine that alone would cap every scenario alike.
 */
async function runClient(job: ClientJob): Promise<ClientResult> {
  const { limits } = job;
  const call = await signIn(job.nodeUrl, job.username, job.password);
  const opened = (await call("POST", "/api/v1/cases", { reference: "BENCH-1", title: "Benchmark" }, 201)) as {
    id: string;
  };
  const bare = (path: string) => () =>
    fetch(`${job.bareUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DOCUMENT),
    }).then(async (r) => {
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`baseline ${path}: ${r.status}`);
    });
  const scenarios: Record<keyof ClientResult, () => Promise<unknown>> = {
    noop: bare("/noop"),
    baseline: bare("/rows"),
    draftAndValidate: async () => {
      const draft = (await call(
        "POST",
        `/api/v1/cases/${opened.id}/requests`,
        { treaty: TREATY, document: DOCUMENT },
        201,
      )) as { id: string };
      const findings = (await call("GET", `/api/v1/requests/${draft.id}/findings`, undefined, 200)) as {
        valid: boolean;
      };
      if (!findings.valid) throw new Error("the example should be valid");
    },
    validate: async () => {
      const result = (await call(
        "POST",
        "/api/v1/validate",
        { treaty: TREATY, document: DOCUMENT },
        200,
      )) as {
        valid: boolean;
      };
      if (!result.valid) throw new Error("the example should be valid");
    },
  };
  const names = Object.keys(scenarios) as (keyof ClientResult)[];
  for (const name of names) await timeConcurrent({ ...limits, maxOps: WARM_UP }, scenarios[name]);
  // Rounds, each scenario in turn, so that a change in the machine's load hits all of them alike.
  const perRound = { ...limits, maxOps: Math.ceil(limits.maxOps / ROUNDS), maxMs: limits.maxMs / ROUNDS };
  const runs = new Map(names.map((name) => [name, [] as Timed[]]));
  for (let round = 0; round < ROUNDS; round++)
    for (const name of names) runs.get(name)?.push(await timeConcurrent(perRound, scenarios[name]));
  const result = (name: keyof ClientResult) => combine(runs.get(name) ?? []);
  return {
    noop: result("noop"),
    baseline: result("baseline"),
    draftAndValidate: result("draftAndValidate"),
    validate: result("validate"),
  };
}

/** Forks this file as the load client, hands it the job and waits for its figures. */
async function forkClient(job: ClientJob): Promise<ClientResult> {
  const child = fork(import.meta.filename, [CLIENT_FLAG], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  // Four scenarios, each bounded by maxMs plus its warm-up: anything far beyond is a hang.
  const guard = setTimeout(() => child.kill(), 4 * job.limits.maxMs + 120_000);
  try {
    const answer = new Promise<ClientResult>((resolve, reject) => {
      child.once("message", (message: { ok: true; result: ClientResult } | { ok: false; error: string }) =>
        message.ok ? resolve(message.result) : reject(new Error(`load client: ${message.error}`)),
      );
      child.once("exit", (code) => reject(new Error(`load client exited (${code}) without figures`)));
    });
    child.send(job);
    return await answer;
  } finally {
    clearTimeout(guard);
    child.kill();
  }
}

export async function runApiBench(limits: Limits = limitsFromEnv()): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), "rogatory-bench-api-"));
  const node = await startNode(await mkdtemp(join(root, "node-")));
  const bare = await startBare(await mkdtemp(join(root, "bare-")));
  try {
    const password = "bench-password-0123456789";
    await createUser({
      context: node.context,
      actor: SYSTEM,
      username: "officer",
      displayName: "Bench officer",
      role: "case-officer",
      unit: "cyber",
      password,
    });
    const ledgerBefore = await ledgerSize(node.context.db);
    console.log(
      `\n== API benchmark: ${limits.concurrency} in flight, at most ${fmt(limits.maxOps)} operations ` +
        `or ${fmt(limits.maxMs / 1000)} s per scenario in ${ROUNDS} alternating rounds, after ${WARM_UP} warm-up, client in its own process; ` +
        `load average (1 min) ${loadavg()[0]?.toFixed(2)} ==`,
    );
    const { noop, baseline, draftAndValidate, validate } = await forkClient({
      nodeUrl: await listen(node.app),
      bareUrl: await listen(bare.app),
      username: "officer",
      password,
      limits,
    });
    const written = (await ledgerSize(node.context.db)) - ledgerBefore;
    console.log(
      `load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs`,
    );

    const rows = [
      line("floor: bare Fastify POST, no work", noop, 1),
      line("baseline: bare Fastify POST + 1 INSERT", baseline, 1),
      line("(a) POST draft + GET findings", draftAndValidate, 2),
      line("(b) POST /api/v1/validate", validate, 1),
    ];
    console.log(
      table(["scenario", "operations/s", "HTTP requests/s", "p50 ms", "p99 ms", "operations"], rows),
    );
    const ratioA = baseline.perSecond / draftAndValidate.perSecond;
    const ratioB = baseline.perSecond / validate.perSecond;
    console.log(
      `bare insert / scenario (operations per second): (a) ${fmt(ratioA, 1)}×, (b) ${fmt(ratioB, 1)}×; ` +
        `ledger entries written meanwhile (case + drafts, warm-up included): ${fmt(written)}`,
    );
    const fig = (metric: string, value: number, unit: string): Figure => ({
      bench: "api",
      metric,
      value,
      unit,
    });
    return [
      fig("floor no-op POST", noop.perSecond, "req/s"),
      fig("baseline insert", baseline.perSecond, "req/s"),
      fig("baseline p50", baseline.p50, "ms"),
      fig("baseline p99", baseline.p99, "ms"),
      fig("(a) draft+findings", draftAndValidate.perSecond, "ops/s"),
      fig("(a) p50", draftAndValidate.p50, "ms"),
      fig("(a) p99", draftAndValidate.p99, "ms"),
      fig("(a) ratio bare/(a)", ratioA, "×"),
      fig("(b) validate", validate.perSecond, "req/s"),
      fig("(b) p50", validate.p50, "ms"),
      fig("(b) p99", validate.p99, "ms"),
      fig("(b) ratio bare/(b)", ratioB, "×"),
    ];
  } finally {
    await node.app.close();
    await bare.app.close();
    await node.store.close();
    await bare.store.close();
    await rm(root, { recursive: true, force: true });
  }
}

function line(name: string, t: Timed, requestsPerOp: number): string[] {
  return [
    name,
    fmt(t.perSecond),
    fmt(t.perSecond * requestsPerOp),
    fmt(t.p50, 2),
    fmt(t.p99, 2),
    fmt(t.count),
  ];
}

if (process.argv.includes(CLIENT_FLAG)) {
  process.once("message", (job: ClientJob) => {
    runClient(job).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (error: unknown) => process.send?.({ ok: false, error: String(error) }, () => process.exit(1)),
    );
  });
} else if (isMain(import.meta.url)) {
  await runApiBench();
}
