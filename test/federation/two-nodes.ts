/**
 * Two real nodes in one test process, each with its own SQLite store, keys and Fastify app
 * listening on a real 127.0.0.1 port, that know each other as peers (cards exported, imported
 * with the confirmed fingerprint). They share one fake clock the test moves. A node's server can
 * be stopped and started again on the same port, its store kept: a peer that is down, then back.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Actor } from "../../src/cases/roles.js";
import { generateNodeKeys, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { buildApp } from "../../src/server/app.js";
import { fakeClock } from "../../src/server/clock.js";
import { parseNodeConfig } from "../../src/server/config.js";
import { buildNodeContext, type NodeContext } from "../../src/server/node-context.js";
import { exportOwnCard } from "../../src/services/peers/export-own-card.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { openStore } from "../../src/store/database.js";
import { loadTreatyRegistry } from "../../src/store/pack-files.js";
import { REPO } from "../support/run-cli.js";
import { TEST_START } from "../support/test-node.js";

export type Clock = ReturnType<typeof fakeClock>;

export type FederatedNode = {
  state: string;
  context: NodeContext;
  keys: NodeKeySet;
  url: string;
  /** Closes the HTTP server only: the node is down, its data kept. */
  stop(): Promise<void>;
  /** Serves again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
};

const registry = loadTreatyRegistry();

/** A valid request document from examples/valid (the preservation one is XA → XB, urgent). */
export const example = (kind: string) =>
  JSON.parse(readFileSync(join(REPO, "examples", "valid", `${kind}.json`), "utf8")) as Record<
    string,
    unknown
  >;

export const user = (
  id: string,
  role: "case-officer" | "supervisor" | "administrator",
  unit = "cyber",
): Actor => ({
  kind: "user",
  id,
  role,
  unit,
});

async function startNode(state: string, clock: Clock): Promise<FederatedNode> {
  const dataDir = await mkdtemp(join(tmpdir(), `rogatory-fed-${state}-`));
  const store = await openStore({ dataDir });
  const parsed = parseNodeConfig({ state });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const keys = generateNodeKeys();
  const context = buildNodeContext({
    config: parsed.config,
    store,
    clock,
    treaties: registry,
    keys,
    version: "test",
  });
  let app: FastifyInstance | undefined;
  let port = 0;
  const start = async () => {
    app = await buildApp(context);
    await app.listen({ host: "127.0.0.1", port });
    port = (app.server.address() as AddressInfo).port;
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  await start();
  return {
    state,
    context,
    keys,
    url: `http://127.0.0.1:${port}`,
    stop,
    start,
    close: async () => {
      await stop();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Makes `a` a peer of `b`: a exports its card, b's administrator imports it with a's fingerprint. */
async function introduce(a: FederatedNode, b: FederatedNode): Promise<void> {
  const exported = await exportOwnCard({
    context: a.context,
    actor: user(`admin-${a.state}`, "administrator"),
    node: { state: a.state, host: "127.0.0.1", port: 0 },
    keys: a.keys,
    endpoint: a.url,
  });
  await importPeerCard({
    context: b.context,
    actor: user(`admin-${b.state}`, "administrator"),
    ownState: b.state,
    card: exported.signed,
    fingerprint: exported.fingerprint,
  });
}

export async function startPair(): Promise<{ xa: FederatedNode; xb: FederatedNode; clock: Clock }> {
  const clock = fakeClock(TEST_START);
  const xa = await startNode("XA", clock);
  const xb = await startNode("XB", clock);
  await introduce(xa, xb);
  await introduce(xb, xa);
  return { xa, xb, clock };
}
