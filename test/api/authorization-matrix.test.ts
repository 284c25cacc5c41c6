/**
 * The systematic unauthorised-access suite: every route of the API (checked against the OpenAPI
 * document, so a new route cannot be forgotten) tried as every role that may not use it, as the
 * right role from another unit, as a disabled account and as a session whose role was changed.
 * Each attempt is refused (401, 403 or 404) and changes nothing; then the right person succeeds,
 * so a route that refused everybody would fail too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/cases/roles.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { REPO } from "../support/run-cli.js";
import { startTestNode, type TestClient, type TestNode, type TestUser } from "../support/test-node.js";

const UNIT = "cyber";
const example = (kind: string) =>
  JSON.parse(readFileSync(join(REPO, "examples", "valid", `${kind}.json`), "utf8"));

type Fixture = { caseId: string; draftId: string; pendingId: string; userId: string };
type Route = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path as OpenAPI lists it. */
  path: string;
  allowed: readonly Role[];
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
};

const ALL_BUT_ADMIN = ROLES.filter((r) => r !== "administrator");
const OFFICERS: Role[] = ["case-officer", "supervisor", "executing-officer", "duty-officer"];

const ROUTES: Route[] = [
  { method: "GET", path: "/api/v1/users", allowed: ["administrator"], url: () => "/api/v1/users" },
  {
    method: "POST",
    path: "/api/v1/users",
    allowed: ["administrator"],
    url: () => "/api/v1/users",
    body: () => ({ username: "new.user", displayName: "New User", role: "case-officer", unit: UNIT }),
  },
  {
    method: "PATCH",
    path: "/api/v1/users/{id}",
    allowed: ["administrator"],
    url: (f) => `/api/v1/users/${f.userId}`,
    body: () => ({ unit: "elsewhere" }),
  },
  {
    method: "POST",
    path: "/api/v1/users/{id}/reset-password",
    allowed: ["administrator"],
    url: (f) => `/api/v1/users/${f.userId}/reset-password`,
    body: () => ({}),
  },
  {
    method: "POST",
    path: "/api/v1/cases",
    allowed: ["case-officer", "duty-officer", "supervisor"],
    url: () => "/api/v1/cases",
    body: () => ({ reference: "CASE-NEW", title: "New case" }),
  },
  { method: "GET", path: "/api/v1/cases", allowed: [...OFFICERS, "auditor"], url: () => "/api/v1/cases" },
  {
    method: "GET",
    path: "/api/v1/cases/{id}",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/cases/${f.caseId}`,
  },
  {
    method: "POST",
    path: "/api/v1/cases/{id}/requests",
    allowed: ["case-officer", "duty-officer"],
    url: (f) => `/api/v1/cases/${f.caseId}/requests`,
    body: () => ({ treaty: "uncc-2024", document: example("general-mla") }),
  },
  { method: "GET", path: "/api/v1/requests", allowed: ALL_BUT_ADMIN, url: () => "/api/v1/requests" },
  {
    method: "GET",
    path: "/api/v1/requests/{id}",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/requests/${f.draftId}`,
  },
  {
    method: "PUT",
    path: "/api/v1/requests/{id}/document",
    allowed: ["case-officer", "duty-officer"],
    url: (f) => `/api/v1/requests/${f.draftId}/document`,
    body: () => ({ document: example("general-mla"), expectedVersion: 1 }),
  },
  {
    method: "GET",
    path: "/api/v1/requests/{id}/messages",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/requests/${f.draftId}/messages`,
  },
  {
    method: "GET",
    path: "/api/v1/requests/{id}/findings",
    allowed: OFFICERS,
    url: (f) => `/api/v1/requests/${f.draftId}/findings`,
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/actions/{action}",
    allowed: ["supervisor"],
    url: (f) => `/api/v1/requests/${f.pendingId}/actions/approve`,
    body: () => ({}),
  },
  {
    method: "POST",
    path: "/api/v1/validate",
    allowed: OFFICERS,
    url: () => "/api/v1/validate",
    body: () => ({ treaty: "uncc-2024", document: example("general-mla") }),
  },
  { method: "GET", path: "/api/v1/deadlines", allowed: ALL_BUT_ADMIN, url: () => "/api/v1/deadlines" },
  {
    method: "GET",
    path: "/api/v1/ledger/entries",
    allowed: ["auditor", "administrator"],
    url: () => "/api/v1/ledger/entries",
  },
  {
    method: "GET",
    path: "/api/v1/ledger/head",
    allowed: ["auditor", "administrator"],
    url: () => "/api/v1/ledger/head",
  },
  {
    method: "POST",
    path: "/api/v1/ledger/heads",
    allowed: ["auditor", "administrator"],
    url: () => "/api/v1/ledger/heads",
    body: () => ({}),
  },
  {
    method: "GET",
    path: "/api/v1/ledger/proofs/inclusion",
    allowed: ["auditor", "administrator"],
    url: () => "/api/v1/ledger/proofs/inclusion?index=0",
  },
  {
    method: "GET",
    path: "/api/v1/ledger/proofs/consistency",
    allowed: ["auditor", "administrator"],
    url: () => "/api/v1/ledger/proofs/consistency?from=1",
  },
  { method: "GET", path: "/api/v1/peers", allowed: ["auditor", "administrator"], url: () => "/api/v1/peers" },
];

/** Routes any signed-in person may use for their own session, and the public ones: no wrong role exists. */
const SELF_OR_PUBLIC = [
  "GET /api/v1/health",
  "POST /api/v1/session",
  "GET /api/v1/session",
  "DELETE /api/v1/session",
  "POST /api/v1/session/totp",
  "POST /api/v1/session/totp/confirm",
  "POST /api/v1/session/password",
];

/** Everything an attempt could have changed, read straight from the database. */
async function snapshot(node: TestNode): Promise<string> {
  const db = node.context.db;
  const [users, cases, requests, events, decisions, deadlines, ledger, heads] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "role", "unit", "disabled", "auth_version", "password_hash", "totp_enabled"])
      .orderBy("id")
      .execute(),
    db.selectFrom("cases").selectAll().orderBy("id").execute(),
    db
      .selectFrom("requests")
      .select(["id", "state", "version", "document", "approved_by"])
      .orderBy("id")
      .execute(),
    db.selectFrom("request_events").select(["request_id", "seq"]).orderBy("request_id").execute(),
    db.selectFrom("decisions").select("id").execute(),
    db.selectFrom("deadlines").select(["id", "due_at", "reminded_at", "met_at"]).execute(),
    db.selectFrom("ledger_head").selectAll().execute(),
    db.selectFrom("tree_heads").select("size").execute(),
  ]);
  return JSON.stringify({ users, cases, requests, events, decisions, deadlines, ledger, heads });
}

describe("every route is in the matrix", () => {
  it("lists exactly the routes the OpenAPI document publishes", async () => {
    const node = await startTestNode();
    try {
      const spec = (await node.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
      expect(spec.openapi).toBe("3.1.0");
      const published = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      );
      const covered = [...ROUTES.map((r) => `${r.method} ${r.path}`), ...SELF_OR_PUBLIC];
      expect(published.sort()).toEqual(covered.sort());
    } finally {
      await node.close();
    }
  });
});

describe.each(ROUTES)("$method $path", (route) => {
  let node: TestNode;
  let fixture: Fixture;
  const sameUnit = new Map<Role, TestClient>();
  const otherUnit = new Map<Role, TestClient>();
  const users = new Map<Role, TestUser>();
  let admin: TestClient;

  beforeAll(async () => {
    node = await startTestNode();
    const signIn = async (role: Role, unit: string) => {
      const user = await node.createUser(role, unit);
      return { user, client: await node.login(user.username, user.password, user.totpSecret) };
    };
    for (const role of ROLES) {
      const { user, client } = await signIn(role, UNIT);
      users.set(role, user);
      sameUnit.set(role, client);
      otherUnit.set(role, (await signIn(role, "other-unit")).client);
    }
    admin = sameUnit.get("administrator") as TestClient;
    const officer = sameUnit.get("case-officer") as TestClient;
    const caseId = (await officer.post("/api/v1/cases", { reference: "CASE-1", title: "Phishing" })).json()
      .id;
    const draft = await officer.post(`/api/v1/cases/${caseId}/requests`, {
      treaty: "uncc-2024",
      document: example("general-mla"),
    });
    const pending = await officer.post(`/api/v1/cases/${caseId}/requests`, {
      treaty: "uncc-2024",
      document: example("stored-data"),
    });
    await performAction({
      context: node.context,
      actor: { kind: "user", id: users.get("case-officer")?.id ?? "", role: "case-officer", unit: UNIT },
      requestId: pending.json().id,
      action: "submit",
    });
    const target = await node.createUser("case-officer", UNIT);
    fixture = { caseId, draftId: draft.json().id, pendingId: pending.json().id, userId: target.id };
  });
  afterAll(() => node.close());

  const call = (client: TestClient) =>
    client.request(route.method, route.url(fixture), route.body ? { body: route.body(fixture) } : {});

  it("refuses every wrong role, other units, disabled accounts and downgraded sessions, changing nothing", async () => {
    const before = await snapshot(node);
    const attempts: [string, TestClient][] = [
      ...ROLES.filter((r) => !route.allowed.includes(r)).map(
        (r) => [`role ${r}`, sameUnit.get(r) as TestClient] as [string, TestClient],
      ),
    ];
    // Another unit's people see nothing of this unit's cases. Users and the ledger are node-wide,
    // and the auditor's reach is the whole node by design.
    const unitScoped = route.path.includes("/cases/") || route.path.includes("/requests/");
    const unitBound = route.allowed.filter((r) => r !== "auditor");
    if (unitScoped)
      for (const r of unitBound) attempts.push([`${r} of another unit`, otherUnit.get(r) as TestClient]);
    for (const [who, client] of attempts) {
      const response = await call(client);
      expect([who, response.statusCode]).toEqual([
        who,
        expect.toSatisfy((s: number) => [403, 404].includes(s)),
      ]);
      expect(response.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    expect(await snapshot(node)).toBe(before);
  });

  it("refuses a disabled account and a session whose role was changed, then lets the right person in", async () => {
    const role = route.allowed[0] as Role;
    const downgraded = await node.createUser(role, UNIT);
    const disabled = await node.createUser(role, UNIT);
    const downgradedClient = await node.login(
      downgraded.username,
      downgraded.password,
      downgraded.totpSecret,
    );
    const disabledClient = await node.login(disabled.username, disabled.password, disabled.totpSecret);
    expect(
      (
        await admin.patch(`/api/v1/users/${downgraded.id}`, {
          role: role === "auditor" ? "case-officer" : "auditor",
        })
      ).statusCode,
    ).toBe(200);
    expect((await admin.patch(`/api/v1/users/${disabled.id}`, { disabled: true })).statusCode).toBe(200);
    const before = await snapshot(node);
    for (const client of [downgradedClient, disabledClient]) {
      expect((await call(client)).statusCode).toBe(401);
    }
    expect(await snapshot(node)).toBe(before);

    const allowed = await call(sameUnit.get(role) as TestClient);
    expect(allowed.statusCode, allowed.body).toBeLessThan(300);
  });
});
