/**
 * Nodes with no network at all, for what travels on files (offline bundles): a store on the test's
 * backend, keys, a blob store, the shared fake clock, and peers introduced by card import as
 * `peer import` does. Their cards name endpoints that never answer.
 */

import { generateNodeKeys, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { generateTlsIdentity } from "../../src/crypto/tls-identity.js";
import type { Clock } from "../../src/server/clock.js";
import { parseNodeConfig } from "../../src/server/config.js";
import { buildNodeContext, type NodeContext } from "../../src/server/node-context.js";
import { exportOwnCard } from "../../src/services/peers/export-own-card.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { BlobStore } from "../../src/store/blob-store.js";
import { loadTreatyRegistry } from "../../src/store/pack-files.js";
import type { TestBackend } from "../support/backends.js";
import { user } from "./two-nodes.js";

export type OfflineNode = { state: string; context: NodeContext; keys: NodeKeySet; blobs: BlobStore };

const registry = loadTreatyRegistry();

export async function offlineNode(backend: TestBackend, state: string, clock: Clock): Promise<OfflineNode> {
  const parsed = parseNodeConfig({ state });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const keys = generateNodeKeys();
  const location = await backend.newLocation();
  const store = await backend.open(location);
  const blobs = await BlobStore.open(location.dataDir);
  const context = buildNodeContext({
    config: parsed.config,
    store,
    clock,
    treaties: registry,
    keys,
    blobs,
    version: "test",
  });
  return { state, context, keys, blobs };
}

/** `b`'s administrator imports `a`'s card with its fingerprint, as `peer import` does. */
export async function introduceOffline(a: OfflineNode, b: OfflineNode, clock: Clock): Promise<void> {
  const exported = await exportOwnCard({
    context: a.context,
    actor: user(`admin-${a.state}`, "administrator"),
    node: { state: a.state, host: "127.0.0.1", port: 7400 },
    keys: a.keys,
    tls: await generateTlsIdentity(a.state, clock.now()),
    endpoint: `https://${a.state.toLowerCase()}.invalid:7400`,
  });
  await importPeerCard({
    context: b.context,
    actor: user(`admin-${b.state}`, "administrator"),
    ownState: b.state,
    card: exported.signed,
    fingerprint: exported.fingerprint,
  });
}
