/**
 * Crash trials: a real node process takes a burst of writes over HTTP and is killed with SIGKILL at
 * a random moment. After a restart, every write the node acknowledged is there, and the ledger
 * verifies. Each trial prints its seed, so a failure can be replayed with CRASH_SEED.
 */
import { createPublicKey } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import { openNode } from "../../src/server/node-runtime.js";
import { verifyStoredLedger } from "../../src/services/ledger/verify-stored-ledger.js";
import { createUser } from "../../src/services/users/create-user.js";
import { openStore } from "../../src/store/database.js";
import { nodePaths } from "../../src/store/node-files.js";
import { type HttpClient, signIn } from "../support/http-client.js";
import { configureNode, freePorts, NodeProcess } from "../support/node-process.js";
import { runCli } from "../support/run-cli.js";
import { between, seededRandom } from "../support/seeded-random.js";

const TRIALS = Number(process.env.CRASH_TRIALS ?? 20);
const PASSWORD = "officer password 1";
let root: string;
let template: string;

async function createCase(session: HttpClient, reference: string): Promise<boolean> {
  try {
    const response = await session.post("/api/v1/cases", { reference, title: "crash trial" });
    return response.status === 201;
  } catch {
    return false; // the node died before answering: not acknowledged
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-crash-"));
  template = join(root, "template");
  expect(
    runCli(["node", "init", "--state", "XA", "--data", template, "--admin-password", "admin password 1"])
      .code,
  ).toBe(0);
  configureNode(template, { security: { loginRateLimitPerMinute: 1000 } });
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
    const rand = seededRandom(seed);
    const dir = join(root, `trial-${seed}`);
    cpSync(template, dir, { recursive: true });
    const [api = 0, federation = 0] = await freePorts(2);
    const node = new NodeProcess("XA", dir, { api, federation });
    node.configure({ port: api, federation: { port: federation } });

    await node.start();
    const session = await signIn(node.url, "officer", PASSWORD);
    const acknowledged: string[] = [];
    let next = 0;
    let running = true;
    const writer = async () => {
      while (running) {
        const reference = `S${seed}-${next++}`;
        if (await createCase(session, reference)) acknowledged.push(reference);
        else if (!node.running) return;
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    const killAfter = between(rand, 150, 750);
    console.log(`crash trial seed=${seed}: SIGKILL after ${killAfter} ms`);
    await new Promise((wait) => setTimeout(wait, killAfter));
    await node.kill9();
    running = false;
    await Promise.all(writers);
    console.log(`crash trial seed=${seed}: ${acknowledged.length} writes acknowledged before the kill`);
    expect(acknowledged.length).toBeGreaterThan(0);

    await node.start();
    try {
      const again = await signIn(node.url, "officer", PASSWORD);
      const listed = await again.expect("GET", "/api/v1/cases?limit=500", 200);
      const references = new Set((listed as { reference: string }[]).map((c) => c.reference));
      expect(acknowledged.filter((r) => !references.has(r))).toEqual([]);
    } finally {
      await node.stop();
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
