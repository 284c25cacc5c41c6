/**
 * Two real nodes in one test process, each with its own SQLite store, keys, TLS identity and
 * federation listener (HTTPS with mutual TLS) on a real 127.0.0.1 port, that know each other as
 * peers (cards exported, imported with the confirmed fingerprint). They share one fake clock the
 * test moves; TLS itself checks certificates against the real clock. A node's listener can be
 * stopped and started again on the same port, its store kept: a peer that is down, then back.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../src/cases/roles.js";
import { generateNodeKeys, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { generateTlsIdentity, type TlsIdentity } from "../../src/crypto/tls-identity.js";
import { type HttpTransport, httpTransport, MESSAGES_PATH } from "../../src/federation/http-transport.js";
import { fakeClock } from "../../src/server/clock.js";
import { parseNodeConfig } from "../../src/server/config.js";
import { type FederationListener, startFederationListener } from "../../src/server/federation-listener.js";
import { buildNodeContext, type NodeContext } from "../../src/server/node-context.js";
import { exportOwnCard } from "../../src/services/peers/export-own-card.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { draftRequest } from "../../src/services/requests/draft-request.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { BlobStore } from "../../src/store/blob-store.js";
import { openStore } from "../../src/store/database.js";
import { loadTreatyRegistry } from "../../src/store/pack-files.js";
import { REPO } from "../support/run-cli.js";
import { TEST_START } from "../support/test-node.js";

export type Clock = ReturnType<typeof fakeClock>;

export type FederatedNode = {
  state: string;
  context: NodeContext;
  keys: NodeKeySet;
  tls: TlsIdentity;
  /** The federation listener's https URL: the endpoint on the node's card. */
  url: string;
  /** This node's mutual-TLS client, trusting its peers' pinned certificates. */
  transport: HttpTransport;
  /** The listener while it runs. */
  listener(): FederationListener;
  /** POSTs a sealed envelope to `to`'s messages route as this node, over mutual TLS. */
  post(to: FederatedNode, sealed: string): ReturnType<HttpTransport["send"]>;
  /** Closes the federation listener only: the node is down, its data kept. */
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

export async function startNode(state: string, clock: Clock): Promise<FederatedNode> {
  const dataDir = await mkdtemp(join(tmpdir(), `rogatory-fed-${state}-`));
  const store = await openStore({ dataDir });
  const parsed = parseNodeConfig({ state });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const keys = generateNodeKeys();
  // The X.509 validity is checked by TLS against the real clock, not the test's fake one.
  const tls = await generateTlsIdentity(state, new Date());
  const context = buildNodeContext({
    config: parsed.config,
    store,
    clock,
    treaties: registry,
    keys,
    tls,
    blobs: await BlobStore.open(dataDir),
    version: "test",
  });
  let listener: FederationListener | undefined;
  let port = 0;
  const start = async () => {
    listener = await startFederationListener(context, { host: "127.0.0.1", port });
    port = listener.port;
  };
  const stop = async () => {
    await listener?.close();
    listener = undefined;
  };
  await start();
  const transport = httpTransport({ context, timeoutMs: 10_000 });
  return {
    state,
    context,
    keys,
    tls,
    url: `https://127.0.0.1:${port}`,
    transport,
    listener: () => {
      if (listener === undefined) throw new Error(`${state} is stopped`);
      return listener;
    },
    post: (to, sealed) => transport.send(`${to.url}${MESSAGES_PATH}`, sealed),
    stop,
    start,
    close: async () => {
      transport.close();
      await stop();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Makes `a` a peer of `b`: a exports its card, b's administrator imports it with a's fingerprint. */
export async function introduce(a: FederatedNode, b: FederatedNode): Promise<void> {
  const exported = await exportOwnCard({
    context: a.context,
    actor: user(`admin-${a.state}`, "administrator"),
    node: { state: a.state, host: "127.0.0.1", port: 0 },
    keys: a.keys,
    tls: a.tls,
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

type HasContext = { context: NodeContext };

/**
 * Drafted on `node` by a case officer from examples/valid/<kind>.json, submitted, and approved by a
 * supervisor (four eyes): the next delivery round sends it. Returns the request's id.
 */
export async function approvedRequest(node: HasContext, kind = "preservation"): Promise<string> {
  const officer = user("officer-1", "case-officer");
  const { context } = node;
  const created = await createCase({ context, actor: officer, reference: `C-${kind}`, title: "Phishing" });
  const drafted = await draftRequest({
    context,
    actor: officer,
    caseId: created.id,
    treaty: "uncc-2024",
    document: example(kind),
  });
  await performAction({ context, actor: officer, requestId: drafted.id, action: "submit" });
  const approved = await performAction({
    context,
    actor: user("supervisor-1", "supervisor"),
    requestId: drafted.id,
    action: "approve",
  });
  if (approved.state !== "approved") throw new Error(`request ${drafted.id} is ${approved.state}`);
  return drafted.id;
}

export const requestState = async (node: HasContext, id: string): Promise<string> =>
  (
    await node.context.db
      .selectFrom("requests")
      .select("state")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).state;

export const incomingRequests = (node: HasContext) =>
  node.context.db.selectFrom("requests").selectAll().where("direction", "=", "incoming").execute();
