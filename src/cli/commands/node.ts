/**
 * `rogatory node init` creates a node's data directory: keys (0600), configuration, database and the
 * first administrator. `rogatory node start` serves it until Ctrl-C.
 */
import { mkdirSync } from "node:fs";
import type { Command } from "commander";
import { SYSTEM } from "../../cases/roles.js";
import { fingerprint, generateNodeKeys } from "../../crypto/node-keys.js";
import { generateTlsIdentity } from "../../crypto/tls-identity.js";
import { formatFingerprint } from "../../directory/node-card-keys.js";
import { systemClock } from "../../server/clock.js";
import { describeProblems, parseNodeConfig } from "../../server/config.js";
import { startNode } from "../../server/node-runtime.js";
import { createUser } from "../../services/users/create-user.js";
import { openStore } from "../../store/database.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { isInitialised, writeNodeFiles } from "../../store/node-files.js";
import { CliError } from "../cli-error.js";

type InitOptions = {
  state: string;
  data: string;
  port?: string;
  host?: string;
  federationPort?: string;
  adminPassword?: string;
  databaseUrl?: string;
};

export function registerNodeCommands(program: Command): void {
  const node = program.command("node").description("create and run a State's node");
  node
    .command("init")
    .description("create a node: data directory, keys, configuration, database and first administrator")
    .requiredOption("--state <code>", "the State this node serves, e.g. XA")
    .requiredOption("--data <dir>", "the data directory to create")
    .option("--port <n>", "TCP port of the API", "7400")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option(
      "--federation-port <n>",
      "TCP port of the node-to-node listener (mutual TLS; default: the API port + 1)",
    )
    .option(
      "--admin-password <password>",
      "password of the first administrator (default: generated and printed once)",
    )
    .option("--database-url <url>", "use PostgreSQL instead of the embedded database")
    .action(async (options: InitOptions) => {
      await initNode(options);
    });
  node
    .command("start")
    .description("start a node and serve its API until interrupted")
    .requiredOption("--data <dir>", "the node's data directory")
    .action(async (options: { data: string }) => {
      const running = await startNode(options.data, { env: process.env, logger: true });
      process.stdout.write(
        `node ${running.context.config.state} listening on ${running.url} (database: ${running.context.storeKind})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void running.stop().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

async function initNode(options: InitOptions): Promise<void> {
  if (isInitialised(options.data))
    throw new CliError("USAGE", `${options.data} holds a node already; choose another directory`);
  const config = {
    state: options.state.toUpperCase(),
    host: options.host ?? "127.0.0.1",
    port: Number(options.port ?? 7400),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.federationPort === undefined ? {} : { federation: { port: Number(options.federationPort) } }),
  };
  const parsed = parseNodeConfig(config);
  if (!parsed.ok) throw new CliError("USAGE", describeProblems("the options", parsed.problems));
  mkdirSync(options.data, { recursive: true, mode: 0o700 });
  const keys = generateNodeKeys();
  const tls = await generateTlsIdentity(config.state, systemClock.now());
  const store = await openStore({ dataDir: options.data, databaseUrl: parsed.config.databaseUrl });
  try {
    const context = { db: store.db, storeKind: store.kind, clock: systemClock };
    const created = await createUser({
      context,
      actor: SYSTEM,
      username: "admin",
      displayName: "Node administrator",
      role: "administrator",
      unit: "administration",
      password: options.adminPassword,
    });
    await store.db.transaction().execute((trx) =>
      appendToLedger(trx, store.kind, systemClock.now(), [
        {
          type: "node.initialised",
          subject: `node:${config.state}`,
          actor: "system",
          data: {
            state: config.state,
            signingKey: fingerprint(keys.signing.publicKey),
            tlsCertificate: formatFingerprint(tls.sha256),
          },
        },
      ]),
    );
    writeNodeFiles(options.data, config, keys, tls);
    const lines = [
      `node ${config.state} created in ${options.data}`,
      `  signing key fingerprint: ${fingerprint(keys.signing.publicKey)}`,
      `  TLS certificate (SHA-256): ${formatFingerprint(tls.sha256)}`,
      `  API on ${parsed.config.host}:${parsed.config.port}, node-to-node (mutual TLS) on ${parsed.config.federation.host}:${parsed.config.federation.port}`,
      `  administrator: admin${created.oneTimePassword ? `  password: ${created.oneTimePassword}  (shown once; change it at first sign-in)` : ""}`,
      `  start it with: rogatory node start --data ${options.data}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await store.close();
  }
}
