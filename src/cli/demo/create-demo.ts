/**
 * Creates the three demo nodes as their administrators would: keys and TLS identity, users for
 * every role, each node's card exported and imported by the two others with its fingerprint; then
 * runs their node-to-node listeners and plays a handful of cases through the real message flow
 * (seed-demo.ts). All of it happens in `<dir>.partial`, renamed to `<dir>` once complete.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { ROLES, SYSTEM } from "../../cases/roles.js";
import { generateNodeKeys } from "../../crypto/node-keys.js";
import { generateTlsIdentity } from "../../crypto/tls-identity.js";
import { type FederationListener, startFederationListener } from "../../server/federation-listener.js";
import { type OpenNode, openNode } from "../../server/node-runtime.js";
import { exportOwnCard } from "../../services/peers/export-own-card.js";
import { importPeerCard } from "../../services/peers/import-peer-card.js";
import { operatorActor } from "../../services/peers/operator-actor.js";
import { createUser } from "../../services/users/create-user.js";
import { openStore } from "../../store/database.js";
import { readNodeKeys, readTlsIdentity, writeNodeFiles } from "../../store/node-files.js";
import {
  DEMO_PASSWORD,
  type DemoNodeSpec,
  dataDirOf,
  demoConfig,
  partialDirOf,
  UNIT_OF,
  writeMarker,
} from "./demo-layout.js";
import { type SeedingNode, seedDemo } from "./seed-demo.js";

type Say = (line: string) => void;

export async function createDemo(dir: string, specs: readonly DemoNodeSpec[], say: Say): Promise<void> {
  const partial = partialDirOf(dir);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  for (const spec of specs) {
    say(`creating demo node ${spec.state}…`);
    await initNode(dataDirOf(partial, spec.state), spec);
  }
  const nodes: SeedingNode[] = [];
  try {
    for (const spec of specs) nodes.push(await openForSeeding(dataDirOf(partial, spec.state), spec));
    say("exchanging node cards (each node a peer of the two others)…");
    for (const from of nodes) for (const to of nodes) if (from !== to) await introduce(from, to);
    say("playing the demo cases through the real message flow…");
    await seedDemo(nodes);
  } finally {
    for (const node of nodes) {
      await node.listener.close();
      await node.node.close();
    }
  }
  writeMarker(partial, new Date());
  renameSync(partial, dir);
}

/** What `rogatory node init` does, with the demo's configuration and a user for every role. */
async function initNode(dataDir: string, spec: DemoNodeSpec): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore({ dataDir });
  try {
    const context = { db: store.db, storeKind: store.kind, clock: { now: () => new Date() } };
    for (const role of ROLES) {
      await createUser({
        context,
        actor: SYSTEM,
        username: role,
        displayName: `${spec.state} ${role}`,
        role,
        unit: UNIT_OF[role],
        password: DEMO_PASSWORD,
      });
    }
  } finally {
    await store.close();
  }
  writeNodeFiles(
    dataDir,
    demoConfig(spec),
    generateNodeKeys(),
    await generateTlsIdentity(spec.state, new Date()),
  );
}

/** The node's store and its node-to-node listener, on the port its card names; no officers' API. */
async function openForSeeding(dataDir: string, spec: DemoNodeSpec): Promise<SeedingNode> {
  const node: OpenNode = await openNode(dataDir);
  let listener: FederationListener;
  try {
    const { federation } = node.context.config;
    listener = await startFederationListener(node.context, { host: federation.host, port: federation.port });
  } catch (error) {
    await node.close();
    throw error;
  }
  return { state: spec.state, dataDir, node, listener, context: node.context };
}

/** `from`'s administrator exports its card; `to`'s imports it, confirming the fingerprint. */
async function introduce(from: SeedingNode, to: SeedingNode): Promise<void> {
  const { config } = from.context;
  const exported = await exportOwnCard({
    context: from.context,
    actor: await operatorActor(from.context.db, "administrator"),
    node: { state: config.state, host: config.federation.host, port: config.federation.port },
    keys: readNodeKeys(from.dataDir),
    tls: readTlsIdentity(from.dataDir),
    declarationsVersion: from.context.treaties.declarations(config.state, "uncc-2024")?.version,
  });
  await importPeerCard({
    context: to.context,
    actor: await operatorActor(to.context.db, "administrator"),
    ownState: to.context.config.state,
    card: exported.signed,
    fingerprint: exported.fingerprint,
  });
  // Pinned from the next connection on; refreshed now so the first delivery is not refused.
  await to.listener.refreshTrust();
}
