/**
 * Crash trials: a real node process takes a burst of writes over HTTP and is killed with SIGKILL at
 * a random moment. After a restart, every write the node acknowledged is there, and the ledger
 * verifies. Each trial prints its seed, so a failure can be replayed with CRASH_SEED.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import { openNode } from "../../src/server/node-runtime.js";
import { verifyStoredLedger } from "../../src/services/ledger/verify-stored-ledger.js";
import { createUser } from "../../src/services/users/create-user.js";
import { openStore } from "../../src/store/database.js";
import { nodePaths } from "../../src/store/node-files.js";
import { REPO, runCli } from "../support/run-cli.js";

const TRIALS = Number(process.env.CRASH_TRIALS ?? 20);
const PASSWORD = "officer password 1";
let root: string;
let template: string;

/** A small seeded generator (mulberry32): the same seed gives the same trial. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [resolve(REPO, "bin", "rogatory.js"), "node", "start", "--data", dataDir],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((ready, fail) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) ready();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => fail(new Error(`node exited with ${code} before listening:\n${output}`)));
  });
  return child;
}

type Session = { base: string; cookie: string; csrf: string };

async function signIn(base: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "officer", password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { base, cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function createCase(session: Session, reference: string): Promise<boolean> {
  try {
    const response = await fetch(`${session.base}/api/v1/cases`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
      body: JSON.stringify({ reference, title: "crash trial" }),
    });
    return response.status === 201;
  } catch {
    return false; // the node died before answering: not acknowledged
  }
}

const exited = (child: ChildProcess) =>
  new Promise((done) => (child.exitCode !== null ? done(undefined) : child.once("exit", done)));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-crash-"));
  template = join(root, "template");
  expect(
    runCli(["node", "init", "--state", "XA", "--data", template, "--admin-password", "admin password 1"])
      .code,
  ).toBe(0);
  const config = JSON.parse(readFileSync(nodePaths(template).config, "utf8"));
  config.security = { loginRateLimitPerMinute: 1000 };
  writeFileSync(nodePaths(template).config, JSON.stringify(config));
  const node = await openNode(template);
  try {
    const context = { db: node.context.db, storeKind: node.context.storeKind, clock: node.context.clock };
    await createUser({
      context,
      actor: SYSTEM,
      username: "officer",
      displayName: "Officer",
      role: "case-officer",
      unit: "cyber",
      password: PASSWORD,
    });
  } finally {
    await node.close();
  }
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("kill -9 during a burst of writes", () => {
  const seeds = process.env.CRASH_SEED
    ? [Number(process.env.CRASH_SEED)]
    : Array.from({ length: TRIALS }, (_, i) => 1000 + i * 7919);

  it.each(seeds)("seed %i: every acknowledged write survives and the ledger verifies", async (seed) => {
    const rand = random(seed);
    const dir = join(root, `trial-${seed}`);
    cpSync(template, dir, { recursive: true });
    const port = await freePort();
    const config = JSON.parse(readFileSync(nodePaths(dir).config, "utf8"));
    writeFileSync(nodePaths(dir).config, JSON.stringify({ ...config, port }));
    const base = `http://127.0.0.1:${port}`;

    const child = await startProcess(dir);
    const session = await signIn(base);
    const acknowledged: string[] = [];
    let next = 0;
    let running = true;
    const writer = async () => {
      while (running) {
        const reference = `S${seed}-${next++}`;
        if (await createCase(session, reference)) acknowledged.push(reference);
        else if (child.exitCode !== null || child.signalCode !== null) return;
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    const killAfter = 150 + Math.floor(rand() * 600);
    console.log(`crash trial seed=${seed}: SIGKILL after ${killAfter} ms`);
    await new Promise((wait) => setTimeout(wait, killAfter));
    child.kill("SIGKILL");
    await exited(child);
    running = false;
    await Promise.all(writers);
    console.log(`crash trial seed=${seed}: ${acknowledged.length} writes acknowledged before the kill`);
    expect(acknowledged.length).toBeGreaterThan(0);

    const restarted = await startProcess(dir);
    try {
      const again = await signIn(base);
      const listed = await fetch(`${base}/api/v1/cases?limit=500`, { headers: { cookie: again.cookie } });
      const references = new Set(((await listed.json()) as { reference: string }[]).map((c) => c.reference));
      expect(acknowledged.filter((r) => !references.has(r))).toEqual([]);
    } finally {
      restarted.kill("SIGTERM");
      await exited(restarted);
    }

    const store = await openStore({ dataDir: dir });
    try {
      const publicKey = createPublicKey(readFileSync(nodePaths(dir).signingPublic, "utf8"));
      const report = await verifyStoredLedger(store.db, publicKey);
      expect(report.ok, JSON.stringify(report)).toBe(true);
      const cases = await store.db.selectFrom("cases").select("id").execute();
      const created = await store.db.selectFrom("ledger_entries").select("entry").execute();
      const caseEntries = created.filter((e) => JSON.parse(e.entry).type === "case.created");
      expect(caseEntries.length).toBe(cases.length);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
