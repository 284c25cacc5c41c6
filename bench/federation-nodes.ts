/**
 * Two real nodes for the federation benchmark, built as a node builds itself: each with its own
 * store (SQLite in its own directory, or a PostgreSQL database), node keys, TLS identity and
 * federation listener (HTTPS with mutual TLS on 127.0.0.1), and each other's cards imported with
 * the confirmed fingerprint. The same steps as test/federation/two-nodes.ts, but on the system
 * clock (timings are the point) and without the test harness's imports.
 */
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import type { Actor } from "../src/cases/roles.js";
import { generateNodeKeys, type NodeKeySet } from "../src/crypto/node-keys.js";
import { generateTlsIdentity, type TlsIdentity } from "../src/crypto/tls-identity.js";
import { type HttpTransport, httpTransport } from "../src/federation/http-transport.js";
import { systemClock } from "../src/server/clock.js";
import { parseNodeConfig } from "../src/server/config.js";
import { type FederationListener, startFederationListener } from "../src/server/federation-listener.js";
import { buildNodeContext, type NodeContext } from "../src/server/node-context.js";
import { exportOwnCard } from "../src/services/peers/export-own-card.js";
import { importPeerCard } from "../src/services/peers/import-peer-card.js";
import { openStore, type Store } from "../src/store/database.js";
import { loadTreatyRegistry } from "../src/store/pack-files.js";

export type BenchNode = {
  state: string;
  context: NodeContext;
  store: Store;
  keys: NodeKeySet;
  tls: TlsIdentity;
  /** The federation listener's https URL: the endpoint on the node's card. */
  url: string;
  /** This node's mutual-TLS client, trusting its peers' pinned certificates. */
  transport: HttpTransport;
  listener: FederationListener;
  close(): Promise<void>;
};

const admin = (state: string): Actor => ({
  kind: "user",
  id: `admin-${state}`,
  role: "administrator",
  unit: "cyber",
});

/** A node in a new directory under `root`; on PostgreSQL when `databaseUrl` is given. */
export async function startBenchNode(state: string, root: string, databaseUrl?: string): Promise<BenchNode> {
  const dataDir = await mkdtemp(join(root, `${state}-`));
  const store = await openStore({ dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
  const parsed = parseNodeConfig({ state });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const keys = generateNodeKeys();
  const tls = await generateTlsIdentity(state, new Date());
  const context = buildNodeContext({
    config: parsed.config,
    store,
    clock: systemClock,
    treaties: loadTreatyRegistry(),
    keys,
    tls,
    version: "bench",
  });
  const listener = await startFederationListener(context, { host: "127.0.0.1", port: 0 });
  const transport = httpTransport({ context, timeoutMs: 30_000 });
  return {
    state,
    context,
    store,
    keys,
    tls,
    url: listener.url,
    transport,
    listener,
    close: async () => {
      transport.close();
      await listener.close();
      await store.close();
    },
  };
}

/** Makes `a` a peer of `b`: a exports its card, b's administrator imports it with a's fingerprint. */
export async function introduce(a: BenchNode, b: BenchNode): Promise<void> {
  const exported = await exportOwnCard({
    context: a.context,
    actor: admin(a.state),
    node: { state: a.state, host: "127.0.0.1", port: a.listener.port },
    keys: a.keys,
    tls: a.tls,
    endpoint: a.url,
  });
  await importPeerCard({
    context: b.context,
    actor: admin(b.state),
    ownState: b.state,
    card: exported.signed,
    fingerprint: exported.fingerprint,
  });
}
