/**
 * A real node for API tests: the real Fastify app over a real store (SQLite in a temporary data
 * directory unless a test backend is given), called through `app.inject`. Nothing is mocked; time
 * comes from a fake clock the test can move.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { type Role, SYSTEM } from "../../src/cases/roles.js";
import { generateNodeKeys } from "../../src/crypto/node-keys.js";
import { buildApp } from "../../src/server/app.js";
import { CSRF_HEADER } from "../../src/server/auth/install-auth.js";
import { SESSION_COOKIE } from "../../src/server/auth/session-cookie.js";
import type { SessionView } from "../../src/server/auth/session-view.js";
import { newTotpSecret, totpCode } from "../../src/server/auth/totp.js";
import { type Clock, fakeClock } from "../../src/server/clock.js";
import { type NodeConfig, parseNodeConfig } from "../../src/server/config.js";
import { buildNodeContext, type NodeContext, type TreatyRegistry } from "../../src/server/node-context.js";
import { createUser } from "../../src/services/users/create-user.js";
import { BlobStore } from "../../src/store/blob-store.js";
import { openStore, type Store } from "../../src/store/database.js";
import { loadTreatyRegistry } from "../../src/store/pack-files.js";
import type { TestBackend } from "./backends.js";

export type SecurityOverrides = Partial<NodeConfig["security"]>;

export type TestNodeOptions = {
  clock?: Clock;
  config?: SecurityOverrides;
  backend?: TestBackend;
  /** Turn Fastify's logger on (it writes to process.stdout), for tests that read the log. */
  logger?: boolean;
};

export type TestUser = {
  id: string;
  username: string;
  password: string;
  role: Role;
  unit: string;
  totpSecret?: string;
};

export type CreateTestUserOptions = {
  username?: string;
  password?: string;
  displayName?: string;
  /** Enrol and enable a second factor; by default, when the role requires one. */
  totp?: boolean;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type TestClient = {
  /** The sign-in answer; `csrfToken` and the cookie follow rotations made by later calls. */
  readonly login: SessionView;
  readonly cookie: string | undefined;
  readonly csrfToken: string;
  get(path: string): Promise<LightMyRequestResponse>;
  post(path: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(path: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(path: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(path: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** A call with headers changed: a header set to undefined is left out (e.g. no CSRF token). */
  request(
    method: Method,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string | undefined> },
  ): Promise<LightMyRequestResponse>;
};

export type TestNode = {
  app: FastifyInstance;
  context: NodeContext;
  close(): Promise<void>;
  createUser(role: Role, unit?: string, options?: CreateTestUserOptions): Promise<TestUser>;
  /**
   * Signs in (with the current code when a TOTP secret is given) and fails the test if refused.
   * Codes are single-use: signing in again with the same secret needs the clock moved on 30 s.
   */
  login(username: string, password: string, totpSecret?: string): Promise<TestClient>;
};

/** A fixed start, so every run sees the same times. */
export const TEST_START = "2030-01-15T09:00:00.000Z";

export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const { store, removeStore: closeStore } = await openTestStore(options.backend);
  // Evidence chunks go to a folder of their own, whichever database backs the node.
  const blobDir = await mkdtemp(join(tmpdir(), "rogatory-blobs-"));
  const removeStore = async () => {
    await closeStore();
    await rm(blobDir, { recursive: true, force: true });
  };
  const context = buildNodeContext({
    config: testConfig(options.config),
    store,
    clock: options.clock ?? fakeClock(TEST_START),
    treaties: treatyRegistry(),
    keys: generateNodeKeys(),
    blobs: await BlobStore.open(blobDir),
    version: "test",
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(context, { logger: options.logger === true });
    await app.ready();
  } catch (error) {
    await removeStore();
    throw error;
  }
  let counter = 0;
  return {
    app,
    context,
    close: async () => {
      await app.close();
      await removeStore();
    },
    createUser: async (role, unit, userOptions = {}) => {
      counter += 1;
      return createTestUser(context, role, unit ?? context.config.units.incoming, userOptions, counter);
    },
    login: (username, password, totpSecret) => signIn(app, context, username, password, totpSecret),
  };
}

/**
 * Signs in to an app built over `context` (the test node's, or one a test built itself over a
 * federated node's context) and fails the test if refused.
 */
export async function signIn(
  app: FastifyInstance,
  context: NodeContext,
  username: string,
  password: string,
  totpSecret?: string,
): Promise<TestClient> {
  const totp = totpSecret === undefined ? undefined : totpCode(totpSecret, context.clock.now());
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: { username, password, totp },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} refused: ${response.body}`);
  return clientFor(app, response);
}

/**
 * The defaults, except a login rate limit high enough that suites signing in many times are not
 * throttled; the rate-limit test sets its own.
 */
function testConfig(overrides: SecurityOverrides = {}): NodeConfig {
  const parsed = parseNodeConfig({ state: "XA", security: { loginRateLimitPerMinute: 1000, ...overrides } });
  if (!parsed.ok) throw new Error(`test config: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

async function openTestStore(
  backend: TestBackend | undefined,
): Promise<{ store: Store; removeStore(): Promise<void> }> {
  // The backend closes and removes its stores after each test; closing earlier is harmless.
  if (backend) {
    const store = await backend.open();
    return { store, removeStore: () => store.close() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "rogatory-node-"));
  const store = await openStore({ dataDir });
  return {
    store,
    removeStore: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let registry: TreatyRegistry | undefined;

/** Packs are read-only data: read once per test process. */
const treatyRegistry = (): TreatyRegistry => {
  registry ??= loadTreatyRegistry();
  return registry;
};

/** A user of `context` with a known password (and a second factor when the role requires one). */
export async function createTestUser(
  context: NodeContext,
  role: Role,
  unit: string,
  options: CreateTestUserOptions,
  counter: number,
): Promise<TestUser> {
  const username = options.username ?? `${role}-${counter}`;
  const password = options.password ?? `pw-${randomBytes(12).toString("base64url")}`;
  const { user } = await createUser({
    context,
    actor: SYSTEM,
    username,
    displayName: options.displayName ?? `Test ${role} ${counter}`,
    role,
    unit,
    password,
  });
  const base: TestUser = { id: user.id, username, password, role, unit };
  const wantsTotp =
    options.totp ?? (context.config.security.totpRequiredFor as readonly Role[]).includes(role);
  if (!wantsTotp) return base;
  // Enrolled directly: tests of the enrolment flow itself pass `totp: false` and go through the API.
  const totpSecret = newTotpSecret();
  await context.db
    .updateTable("users")
    .set({ totp_secret: totpSecret, totp_enabled: 1 })
    .where("id", "=", user.id)
    .execute();
  return { ...base, totpSecret };
}

function clientFor(app: FastifyInstance, loginResponse: LightMyRequestResponse): TestClient {
  const login = loginResponse.json() as SessionView;
  let cookie = sessionCookieOf(loginResponse);
  let csrfToken = login.csrfToken;
  const request: TestClient["request"] = async (method, path, options = {}) => {
    const merged: Record<string, string | undefined> = {
      cookie: cookie === undefined ? undefined : `${SESSION_COOKIE}=${cookie}`,
      [CSRF_HEADER]: csrfToken,
      ...options.headers,
    };
    const headers = Object.fromEntries(
      Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const response = await app.inject({
      method,
      url: path,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    // Follow rotations and sign-outs the way a browser would.
    const set = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) cookie = set.value === "" ? undefined : set.value;
    const body = response.headers["content-type"]?.toString().startsWith("application/json")
      ? response.json()
      : undefined;
    if (response.statusCode === 200 && typeof body?.csrfToken === "string") csrfToken = body.csrfToken;
    return response;
  };
  return {
    login,
    get cookie() {
      return cookie;
    },
    get csrfToken() {
      return csrfToken;
    },
    request,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, { body }),
    put: (path, body) => request("PUT", path, { body }),
    patch: (path, body) => request("PATCH", path, { body }),
    delete: (path, body) => request("DELETE", path, { body }),
  };
}

/** A six-digit code valid at no step of the window around `at`: a wrong code that is surely wrong. */
export function wrongTotpCode(secret: string, at: Date): string {
  const valid = new Set(
    [-30_000, 0, 30_000].map((offset) => totpCode(secret, new Date(at.getTime() + offset))),
  );
  let candidate = 0;
  while (valid.has(String(candidate).padStart(6, "0"))) candidate++;
  return String(candidate).padStart(6, "0");
}

export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((c) => c.name === SESSION_COOKIE)?.value || undefined;
}
