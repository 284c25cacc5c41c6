/**
 * `npm start`: the demo. The first time, it creates nodes for three fictional States (XA, XB, XC)
 * under `.rogatory-demo/`, each with its own embedded database, TLS identity and users for every
 * role, each a peer of the two others, and plays a handful of cases between them through the real
 * message flow (demo/); every time, it starts them on loopback and prints their URLs, the logins
 * and what each holds. Ctrl-C stops all three and exits 0; the next start reuses their data.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ROLES } from "../cases/roles.js";
import { ERROR_CATALOGUE } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";
import { type RunningNode, startNode } from "../server/node-runtime.js";
import { CliError } from "./cli-error.js";
import { createDemo } from "./demo/create-demo.js";
import {
  DEMO_PASSWORD,
  DEMO_STATES,
  dataDirOf,
  demoNodes,
  inspectDemoFolder,
  partialDirOf,
  UNIT_OF,
} from "./demo/demo-layout.js";
import { describeNode } from "./demo/describe-node.js";
import { ensureWebBuilt, webBuildIsCurrent } from "./web-build.js";

// Overridable so that the demo's own test runs it in a temporary folder on free ports.
const DEMO_DIR = resolve(
  process.env.ROGATORY_DEMO_DIR ?? resolve(import.meta.dirname, "..", "..", ".rogatory-demo"),
);
const BASE_PORT = Number(process.env.ROGATORY_DEMO_PORT ?? 7401);

const say = (line: string) => process.stdout.write(`${line}\n`);

async function ensureDemo(): Promise<void> {
  const folder = inspectDemoFolder(DEMO_DIR);
  if (folder.kind === "ready") return;
  if (folder.kind === "unusable") {
    throw new CliError(
      "DATA_DIR_UNUSABLE",
      `${DEMO_DIR} is not a demo this version can run: ${folder.why}. Nothing in it was changed; ` +
        `delete it (rm -rf ${DEMO_DIR}) and run npm start again to create a new demo.`,
    );
  }
  const partial = partialDirOf(DEMO_DIR);
  if (existsSync(partial)) {
    say(`An earlier creation of the demo did not finish: ${partial} is discarded and the demo made again.`);
  }
  say(`First start: creating the demo in ${DEMO_DIR} (a minute at most)…`);
  try {
    await createDemo(DEMO_DIR, demoNodes(BASE_PORT), say);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(
      "INTERNAL",
      `creating the demo failed: ${why}\nThe half-made demo is left in ${partial} and will be discarded ` +
        "and made again at the next npm start.",
      { cause: error },
    );
  }
}

async function startAll(): Promise<RunningNode[]> {
  const running: RunningNode[] = [];
  try {
    for (const state of DEMO_STATES)
      running.push(await startNode(dataDirOf(DEMO_DIR, state), { logger: false }));
  } catch (error) {
    await Promise.all(running.map((node) => node.stop()));
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new CliError(
      "USAGE",
      `${(error as Error).message}: another program (another npm start?) holds one of the demo's ports. ` +
        `Stop it, or delete ${DEMO_DIR} and start with ROGATORY_DEMO_PORT set to another base port.`,
      { cause: error },
    );
  }
  return running;
}

async function describeAll(running: readonly RunningNode[]): Promise<string[]> {
  const lines = [
    "",
    `Rogatory demo: three States on loopback, each with its own embedded database in ${DEMO_DIR}`,
  ];
  for (const node of running) {
    const { state } = node.context.config;
    lines.push(
      "",
      `  ${state}  officers: ${node.url}   (web UI at /, API ${node.url}/api/v1, OpenAPI ${node.url}/api/openapi.json)`,
      `      node-to-node: ${node.federation.url}   (mutual TLS, for the other nodes only)`,
      `      ${await describeNode(node.context)}`,
    );
  }
  return [
    ...lines,
    "",
    `Logins on every node: the user name is the role, the password "${DEMO_PASSWORD}" (second factor off in the demo only):`,
    ...ROLES.map((role) => `  ${role.padEnd(18)} unit ${UNIT_OF[role]}`),
    "",
    "Try it: open XB's web UI, sign in as duty-officer, open XA's preservation XA-2026-PRES-0051 in the",
    "24/7 urgent queue and acknowledge it; within a second XA's copy shows it acknowledged (XA's web UI,",
    "case-officer). The same works through the HTTP API (README).",
    "",
    "Ctrl-C stops all three; the next `npm start` reuses their data. Delete the folder above to start over.",
    "",
  ];
}

async function main(): Promise<void> {
  if (!webBuildIsCurrent()) {
    say("Building the web UI (src/web → dist/web)…");
    await ensureWebBuilt();
  }
  await ensureDemo();
  const running = await startAll();
  const stopAll = async () => {
    const results = await Promise.allSettled(running.map((node) => node.stop()));
    for (const result of results)
      if (result.status === "rejected") say(`a node did not stop cleanly: ${String(result.reason)}`);
  };
  try {
    const interrupted = new Promise<void>((done) => {
      // The listeners stay: a second Ctrl-C while stopping does not cut the clean stop short.
      process.on("SIGINT", () => done());
      process.on("SIGTERM", () => done());
    });
    process.stdout.write((await describeAll(running)).join("\n"));
    await interrupted;
    say("\nstopping…");
  } finally {
    // Whatever happened after the start (a signal, or describing the nodes failed), stop all three.
    await stopAll();
  }
  say("stopped.");
}

try {
  await main();
} catch (error) {
  const code = error instanceof CodedError ? error.code : "INTERNAL";
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (!(error instanceof CodedError)) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  process.exitCode = ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].exit;
}
