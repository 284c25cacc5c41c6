/**
 * Real node processes for end-to-end and crash tests. A node is created with the real CLI
 * (`rogatory node init`), its configuration adjusted for tests, introduced to its peers with the
 * real `peer card` / `peer import --fingerprint`, and run as `rogatory node start` in a child
 * process that a test can stop, kill -9 and restart. Users are created by the first administrator
 * through the HTTP API, as a real administrator would.
 *
 *   const nodes = await startFederation(root, ["XA", "XB"], { users: [{ role: "case-officer" }] });
 *   const officer = await nodes.get("XA").signIn("case-officer");
 *   await nodes.get("XB").kill9();
 *   await nodes.get("XB").start();
 *
 * Ports are free ports picked at run time. Everything the process prints is kept, and its tail is
 * put in every error message, so a failure shows what the node said.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { Role } from "../../src/cases/roles.js";
import { nodePaths } from "../../src/store/node-files.js";
import { type HttpClient, httpCall, signIn } from "./http-client.js";
import { type CliResult, REPO, runCli } from "./run-cli.js";

const BIN = resolve(REPO, "bin", "rogatory.js");
const ADMIN_PASSWORD = "administrator password 1";
const USER_PASSWORD = "officer password 1";
/** What is kept of a process's output for error messages. */
const OUTPUT_KEPT = 64 * 1024;

/**
 * Settings for tests: no second factor (sign-in by password only), cookies over plain HTTP,
 * sign-in not throttled, and delivery in tens of milliseconds instead of seconds.
 */
export const TEST_CONFIG = {
  security: { totpRequiredFor: [], secureCookies: false, loginRateLimitPerMinute: 1000 },
  federation: { deliveryTickMs: 50, retryBaseMs: 100, retryCapMs: 1_000 },
} as const;

/** Top-level settings, or sections merged one level deep (`{federation: {deliveryTickMs: 20}}`). */
type ConfigChanges = Record<string, unknown>;

export type UserSpec = { role: Role; unit?: string; username?: string };
export type TestUserLogin = { username: string; password: string; role: Role; unit: string };

/**
 * The unit each role works in unless a test says otherwise. A node files incoming requests in
 * `units.incoming` ("central-authority" by default) and urgent ones in `units.urgent` ("24-7"): a
 * test acting on a non-urgent incoming request gives its users the unit "central-authority".
 */
export const DEFAULT_UNIT: Record<Role, string> = {
  "case-officer": "cyber",
  supervisor: "cyber",
  "duty-officer": "24-7",
  "executing-officer": "cyber",
  auditor: "audit",
  administrator: "administration",
};

/** A free TCP port on 127.0.0.1, as the system hands one out. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Changes a data directory's `config.json`: a section is merged one level deep, any other setting replaced. */
export function configureNode(dataDir: string, changes: ConfigChanges): void {
  const file = nodePaths(dataDir).config;
  const config = JSON.parse(readFileSync(file, "utf8")) as ConfigChanges;
  const isSection = (value: unknown): value is object =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  for (const [key, value] of Object.entries(changes)) {
    const current = config[key];
    config[key] = isSection(value) && isSection(current) ? { ...current, ...value } : value;
  }
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/** `count` distinct free ports (an API and a node-to-node listener, say). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once("exit", () => done());
  });

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

export class NodeProcess {
  readonly state: string;
  readonly dataDir: string;
  /** The officers' API. */
  readonly port: number;
  readonly url: string;
  /** The node-to-node listener (mutual TLS), named in the node's card. */
  readonly federationPort: number;
  readonly adminPassword = ADMIN_PASSWORD;
  /** Users created through `createUsers`, by username. */
  readonly users = new Map<string, TestUserLogin>();
  private child: ChildProcess | undefined;
  private log = "";
  private admin: HttpClient | undefined;

  constructor(state: string, dataDir: string, ports: { api: number; federation: number }) {
    this.state = state;
    this.dataDir = dataDir;
    this.port = ports.api;
    this.federationPort = ports.federation;
    this.url = `http://127.0.0.1:${ports.api}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The last part of what the node printed (all its runs), for failure messages. */
  output(): string {
    return this.log;
  }

  /** Runs a `rogatory` command (the node must be stopped for those that open its database). */
  cli(args: readonly string[]): CliResult {
    return runCli(args);
  }

  /** Changes `config.json` (see `configureNode`); takes effect at the next start. */
  configure(changes: ConfigChanges): void {
    configureNode(this.dataDir, changes);
  }

  /** Starts `rogatory node start` and waits until `/api/v1/health` answers for this State. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`node ${this.state} is running already`);
    const child = spawn(process.execPath, [BIN, "node", "start", "--data", this.dataDir], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.note(`--- ${this.state}: start (pid ${child.pid}) ---\n`);
    child.stdout?.on("data", (chunk: Buffer) => this.note(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => this.note(chunk.toString()));
    child.once("exit", (code, signal) => {
      this.note(`--- ${this.state}: exited (code ${code}, signal ${signal}) ---\n`);
      if (this.child === child) this.child = undefined;
    });
    await this.waitUntilHealthy(child);
  }

  /** SIGTERM, and waits for the process to finish its clean stop. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited(child).then(() => true), pause(30_000).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited(child);
      throw this.failure("did not stop within 30 s of SIGTERM");
    }
    if (child.exitCode !== 0) throw this.failure(`stopped with exit code ${child.exitCode}`);
  }

  /** SIGKILL: the process dies at once, whatever it was doing; waits until it is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill("SIGKILL");
    await exited(child);
  }

  /** Stops the node cleanly if it runs, then starts it again. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Signs in as the administrator printed by `node init`. */
  async signInAdmin(): Promise<HttpClient> {
    this.admin ??= await signIn(this.url, "admin", this.adminPassword);
    return this.admin;
  }

  /** Signs in as a user made by `createUsers`, by username (the role's name unless one was given). */
  signIn(username: string): Promise<HttpClient> {
    const user = this.users.get(username);
    if (!user) throw new Error(`no test user ${username} on ${this.state}`);
    return signIn(this.url, user.username, user.password);
  }

  /** Creates users through `POST /api/v1/users` as the administrator (the node must run). */
  async createUsers(specs: readonly UserSpec[]): Promise<TestUserLogin[]> {
    const admin = await this.signInAdmin();
    const created: TestUserLogin[] = [];
    for (const spec of specs) {
      const user = {
        username: spec.username ?? spec.role,
        password: USER_PASSWORD,
        role: spec.role,
        unit: spec.unit ?? DEFAULT_UNIT[spec.role],
      };
      await admin.expect("POST", "/api/v1/users", 201, {
        username: user.username,
        displayName: `${this.state} ${user.username}`,
        role: user.role,
        unit: user.unit,
        password: user.password,
      });
      this.users.set(user.username, user);
      created.push(user);
    }
    return created;
  }

  /** `rogatory ledger verify` on the stopped node. */
  verifyLedger(): CliResult {
    return this.cli(["ledger", "verify", "--data", this.dataDir, "--json"]);
  }

  /** An Error carrying the tail of what the node printed. */
  failure(message: string): Error {
    return new Error(`node ${this.state}: ${message}\n--- output (tail) ---\n${this.log.slice(-8_000)}`);
  }

  private note(text: string): void {
    this.log = (this.log + text).slice(-OUTPUT_KEPT);
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw this.failure("exited before answering /api/v1/health");
      try {
        const health = await httpCall(this.url, "GET", "/api/v1/health");
        if (health.status === 200 && health.body?.state === this.state) return;
      } catch {
        // not listening yet
      }
      await pause(50);
    }
    child.kill("SIGKILL");
    throw this.failure("did not answer /api/v1/health within 60 s");
  }
}

/**
 * `rogatory node init` in `<root>/<state>` on free ports (API and node-to-node), then the test
 * configuration (`TEST_CONFIG` merged with `config`). The node is not started.
 */
export async function initNodeProcess(
  root: string,
  state: string,
  config: ConfigChanges = {},
): Promise<NodeProcess> {
  const dataDir = join(root, state);
  const [api = 0, federation = 0] = await freePorts(2);
  const init = runCli([
    ...["node", "init", "--state", state, "--data", dataDir],
    ...["--port", String(api), "--federation-port", String(federation)],
    ...["--admin-password", ADMIN_PASSWORD],
  ]);
  if (init.code !== 0)
    throw new Error(`node init ${state} failed (${init.code}): ${init.stderr}${init.stdout}`);
  const node = new NodeProcess(state, dataDir, { api, federation });
  node.configure(TEST_CONFIG);
  node.configure(config);
  return node;
}

/** Makes `from` a peer of `to` with the real CLI: `from` prints its card, `to` imports it with its fingerprint. */
export function introduce(from: NodeProcess, to: NodeProcess): void {
  if (from.running || to.running) throw new Error("stop both nodes before exchanging cards");
  const cardFile = join(from.dataDir, "..", `${from.state}-card-for-${to.state}.json`);
  const card = from.cli(["peer", "card", "--data", from.dataDir, "--out", cardFile]);
  const fingerprint = /fingerprint: ([0-9a-f ]+)/.exec(card.stdout)?.[1]?.trim();
  if (card.code !== 0 || !fingerprint)
    throw new Error(`peer card of ${from.state} failed (${card.code}): ${card.stderr}${card.stdout}`);
  const imported = to.cli(["peer", "import", cardFile, "--data", to.dataDir, "--fingerprint", fingerprint]);
  if (imported.code !== 0)
    throw new Error(
      `peer import of ${from.state} on ${to.state} failed (${imported.code}): ${imported.stderr}${imported.stdout}`,
    );
}

type Users = readonly UserSpec[] | Readonly<Record<string, readonly UserSpec[]>>;

const isList = (users: Users): users is readonly UserSpec[] => Array.isArray(users);
const usersOf = (users: Users | undefined, state: string): readonly UserSpec[] =>
  users === undefined ? [] : isList(users) ? users : (users[state] ?? []);

export type Federation = {
  /** Every node, in the order given. */
  readonly all: readonly NodeProcess[];
  /** The node of `state`. */
  get(state: string): NodeProcess;
  /** SIGTERM to every running node, waiting for each. */
  stopAll(): Promise<void>;
  /** SIGKILL to every running node: for clean-up after a failure. */
  killAll(): Promise<void>;
};

/**
 * Nodes for `states` under `root`, each a peer of every other, started, with `users` created on
 * each (sign in by username: the role's name unless one is given).
 */
export async function startFederation(
  root: string,
  states: readonly string[],
  options: {
    /** The same users on every node, or users per State. */
    users?: Users;
    config?: ConfigChanges;
  } = {},
): Promise<Federation> {
  const nodes: NodeProcess[] = [];
  for (const state of states) nodes.push(await initNodeProcess(root, state, options.config));
  for (const from of nodes) for (const to of nodes) if (from !== to) introduce(from, to);
  const federation: Federation = {
    all: nodes,
    get: (state) => {
      const node = nodes.find((n) => n.state === state);
      if (!node) throw new Error(`no node ${state} in this federation`);
      return node;
    },
    stopAll: async () => {
      for (const node of nodes) await node.stop();
    },
    killAll: async () => {
      await Promise.all(nodes.map((node) => node.kill9()));
    },
  };
  try {
    for (const node of nodes) {
      await node.start();
      await node.createUsers(usersOf(options.users, node.state));
    }
  } catch (error) {
    await federation.killAll();
    throw error;
  }
  return federation;
}

/**
 * Polls `probe` until it returns a value, for what travels between real processes; fails after
 * `limitMs` with `what` and the tail of each node's output. A limit, not a timed assertion: a
 * healthy run answers in well under a second.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  nodes: readonly NodeProcess[],
  limitMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await pause(100);
  }
  throw new Error(
    `${what}: not seen within ${limitMs / 1000} s\n${nodes.map((n) => n.failure("output").message).join("\n")}`,
  );
}
