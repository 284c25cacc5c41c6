/**
 * `npm start`: the demo. The first time, it creates nodes for three fictional States (XA, XB, XC)
 * under `.rogatory-demo/`, each with its own embedded database, users for every role and a few
 * requests in different states; every time, it starts them on loopback and prints URLs and logins.
 * Ctrl-C stops all three. Nodes do not yet exchange messages: federation is the next step.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Actor, ROLES, type Role, SYSTEM } from "../cases/roles.js";
import { generateNodeKeys } from "../crypto/node-keys.js";
import type { NodeContext } from "../server/node-context.js";
import { openNode, type RunningNode, startNode } from "../server/node-runtime.js";
import { createCase } from "../services/requests/create-case.js";
import { draftRequest } from "../services/requests/draft-request.js";
import { performAction } from "../services/requests/perform-action.js";
import { receiveRequest } from "../services/requests/receive-request.js";
import { createUser } from "../services/users/create-user.js";
import { openStore } from "../store/database.js";
import { isInitialised, writeNodeFiles } from "../store/node-files.js";

// Overridable so that the demo's own test runs it in a temporary folder on free ports.
const DEMO_DIR = process.env.ROGATORY_DEMO_DIR ?? resolve(import.meta.dirname, "..", "..", ".rogatory-demo");
const BASE_PORT = Number(process.env.ROGATORY_DEMO_PORT ?? 7401);
const EXAMPLES = resolve(import.meta.dirname, "..", "..", "examples", "valid");
const STATES = [
  { state: "XA", port: BASE_PORT, peer: "XB", language: "fr" },
  { state: "XB", port: BASE_PORT + 1, peer: "XC", language: "en" },
  { state: "XC", port: BASE_PORT + 2, peer: "XB", language: "fr" },
] as const;
const PASSWORD = "rogatory-demo";
const UNIT_OF: Record<Role, string> = {
  "case-officer": "cyber",
  supervisor: "cyber",
  "duty-officer": "24-7",
  "executing-officer": "cyber",
  auditor: "audit",
  administrator: "administration",
};

type Demo = (typeof STATES)[number];

async function create(demo: Demo): Promise<void> {
  const dataDir = join(DEMO_DIR, demo.state);
  // Demo only: no second factor, so the printed logins work at once. A real node keeps the default.
  const config = {
    state: demo.state,
    port: demo.port,
    security: { totpRequiredFor: [], secureCookies: false },
    units: { incoming: "cyber", urgent: "24-7" },
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore({ dataDir });
  try {
    const context = { db: store.db, storeKind: store.kind, clock: { now: () => new Date() } };
    for (const role of ROLES) {
      await createUser({
        context,
        actor: SYSTEM,
        username: role,
        displayName: `${demo.state} ${role}`,
        role,
        unit: UNIT_OF[role],
        password: PASSWORD,
      });
    }
  } finally {
    await store.close();
  }
  writeNodeFiles(dataDir, config, generateNodeKeys());
  const node = await openNode(dataDir);
  try {
    await seed(node.context, demo);
  } finally {
    await node.close();
  }
}

async function actorFor(context: NodeContext, role: Role): Promise<Actor> {
  const user = await context.db
    .selectFrom("users")
    .select(["id", "unit"])
    .where("username", "=", role)
    .executeTakeFirstOrThrow();
  return { kind: "user", id: user.id, role, unit: user.unit };
}

const example = (kind: string) => JSON.parse(readFileSync(join(EXAMPLES, `${kind}.json`), "utf8"));

/** A handful of requests in different states, so every role's screen has something on it. */
async function seed(context: NodeContext, demo: Demo): Promise<void> {
  const officer = await actorFor(context, "case-officer");
  const supervisor = await actorFor(context, "supervisor");
  const addressed = (kind: string, from: string, to: string, language: string) => ({
    ...example(kind),
    reference: `${from}-2026-${kind.slice(0, 4).toUpperCase()}-01`,
    requestingState: from,
    requestedState: to,
    languages: { request: language },
    dataLocation: { state: to },
  });
  const theCase = await createCase({
    context,
    actor: officer,
    reference: `${demo.state}-CYBER-2026-001`,
    title: "Phishing against bank customers",
  });
  const draft = (kind: string) =>
    draftRequest({
      context,
      actor: officer,
      caseId: theCase.id,
      treaty: "uncc-2024",
      document: addressed(kind, demo.state, demo.peer, demo.language),
    });
  await draft("general-mla");
  const pending = await draft("stored-data");
  await performAction({ context, actor: officer, requestId: pending.id, action: "submit" });
  const approved = await draft("preservation");
  await performAction({ context, actor: officer, requestId: approved.id, action: "submit" });
  await performAction({ context, actor: supervisor, requestId: approved.id, action: "approve" });
  // What another State sent: an urgent preservation waiting in the 24/7 queue, and an MLA request granted here.
  const from = demo.peer;
  const language = demo.state === "XB" ? "fr" : "en";
  await receiveRequest({
    context,
    treaty: "uncc-2024",
    document: addressed("preservation", from, demo.state, language),
  });
  const mla = await receiveRequest({
    context,
    treaty: "uncc-2024",
    document: addressed("general-mla", from, demo.state, language),
  });
  for (const action of ["acknowledge", "begin-review", "grant"]) {
    await performAction({ context, actor: supervisor, requestId: mla.id, action });
  }
}

async function main(): Promise<void> {
  const fresh = STATES.filter((demo) => !isInitialised(join(DEMO_DIR, demo.state)));
  for (const demo of fresh) {
    process.stdout.write(`creating demo node ${demo.state}…\n`);
    await create(demo);
  }
  const running: RunningNode[] = [];
  try {
    for (const demo of STATES) running.push(await startNode(join(DEMO_DIR, demo.state), { logger: false }));
  } catch (error) {
    await Promise.all(running.map((node) => node.stop()));
    throw error;
  }
  const lines = [
    "",
    "Rogatory demo: three States on loopback, each with its own embedded database in .rogatory-demo/",
    ...running.map(
      (node) =>
        `  ${node.context.config.state}  ${node.url}   (API: ${node.url}/api/v1, OpenAPI: ${node.url}/api/openapi.json)`,
    ),
    "",
    `Logins on every node: the user name is the role, the password "${PASSWORD}" (second factor off in the demo only):`,
    ...ROLES.map((role) => `  ${role.padEnd(18)} unit ${UNIT_OF[role]}`),
    "",
    "The web UI is not built yet: use the API (sign in with POST /api/v1/session). Nodes do not exchange messages yet.",
    "",
    "Ctrl-C stops all three; the next `npm start` reuses their data. Delete .rogatory-demo/ to start over.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  await new Promise<void>((done) => {
    const stop = () => {
      process.stdout.write("\nstopping…\n");
      void Promise.all(running.map((node) => node.stop())).then(() => done());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

if (!existsSync(EXAMPLES)) throw new Error(`examples not found in ${EXAMPLES}`);
await main();
