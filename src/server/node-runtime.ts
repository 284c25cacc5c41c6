/**
 * Opening and running a node from its data directory: validate the configuration (every problem
 * at once), load the keys, open the store, build the context, serve the officers' API and, on its
 * own port over mutual TLS, the node-to-node routes; sign tree heads, raise deadline reminders and
 * deliver messages on a schedule, and stop cleanly on a signal. Starting also removes court bundles
 * a crash left in `exports/`.
 */

import type { FastifyInstance } from "fastify";
import { BlobStore } from "../store/blob-store.js";
import { openStore, type Store } from "../store/database.js";
import { StoreError } from "../store/errors.js";
import { readConfigFile, readNodeKeys, readTlsIdentity } from "../store/node-files.js";
import { loadTreatyRegistry } from "../store/pack-files.js";
import { buildApp } from "./app.js";
import { type Clock, systemClock } from "./clock.js";
import { describeProblems, parseNodeConfig } from "./config.js";
import { sweepExports } from "./export-folder.js";
import { type FederationListener, startFederationListener } from "./federation-listener.js";
import { buildNodeContext, type NodeContext } from "./node-context.js";
import { scheduleNodeJobs } from "./node-jobs.js";

export const VERSION = "0.1.0";

export type OpenNode = { context: NodeContext; store: Store; close(): Promise<void> };

export async function openNode(
  dataDir: string,
  options: { env?: Readonly<Record<string, string | undefined>>; clock?: Clock } = {},
): Promise<OpenNode> {
  const parsed = parseNodeConfig(readConfigFile(dataDir), options.env ?? {});
  if (!parsed.ok)
    throw new StoreError("DATA_DIR_UNUSABLE", describeProblems(`${dataDir}/config.json`, parsed.problems));
  const config = parsed.config;
  const keys = readNodeKeys(dataDir);
  const tls = readTlsIdentity(dataDir);
  const treaties = loadTreatyRegistry();
  const store = await openStore({ dataDir, databaseUrl: config.databaseUrl });
  const context = buildNodeContext({
    config,
    store,
    clock: options.clock ?? systemClock,
    treaties,
    keys,
    tls,
    blobs: await BlobStore.open(dataDir),
    version: VERSION,
  });

  return { context, store, close: () => store.close() };
}

export type RunningNode = {
  /** The officers' API. */
  url: string;
  app: FastifyInstance;
  /** The node-to-node listener (mutual TLS). */
  federation: FederationListener;
  context: NodeContext;
  stop(): Promise<void>;
};

export async function startNode(
  dataDir: string,
  options: { env?: Readonly<Record<string, string | undefined>>; logger?: boolean } = {},
): Promise<RunningNode> {
  const node = await openNode(dataDir, options);
  const { context } = node;
  // Nothing exports before the node serves: a bundle in exports/ is a crash's leftover, evidence in
  // clear, removed now rather than at the next export (src/server/export-folder.ts).
  await sweepExports(dataDir).catch(async (error: unknown) => {
    await node.close();
    throw error;
  });
  const app = await buildApp(context, { logger: options.logger ?? true });
  let federation: FederationListener;
  try {
    await app.listen({ host: context.config.host, port: context.config.port });
    federation = await startFederationListener(context, {
      host: context.config.federation.host,
      port: context.config.federation.port,
      logger: options.logger ?? true,
      log: app.log,
    });
  } catch (error) {
    // A port in use must not leave the database locked behind a dead start.
    await app.close();
    await node.close();
    throw error;
  }
  const stopJobs = scheduleNodeJobs(context, app.log);
  let stopped = false;
  return {
    url: `http://${context.config.host}:${context.config.port}`,
    app,
    federation,
    context,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // A delivery round or a tree-head signing in flight writes to the store: let it finish first.
      await stopJobs();
      await federation.close();
      await app.close();
      await node.close();
    },
  };
}
