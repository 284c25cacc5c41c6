/**
 * The systematic unauthorised-access suite: every route of the API (checked against the OpenAPI
 * document, so a new route cannot be forgotten) tried as every role that may not use it, as the
 * right role from another unit, as a disabled account and as a session whose role was changed.
 * Each attempt is refused (401, 403 or 404) and changes nothing; then the right person succeeds,
 * so a route that refused everybody would fail too.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, ROLES, type Role, SYSTEM } from "../../src/cases/roles.js";
import { recordConsentRequest } from "../../src/services/evidence/consent.js";
import { reviewEvidence } from "../../src/services/evidence/release.js";
import { appendUpload, completeUpload, startUpload } from "../../src/services/evidence/upload.js";
import { draftRequest } from "../../src/services/requests/draft-request.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { receiveRequest } from "../../src/services/requests/receive-request.js";
import { addFakePeer } from "../support/fake-peer.js";
import { REPO } from "../support/run-cli.js";
import { startTestNode, type TestClient, type TestNode, type TestUser } from "../support/test-node.js";

const UNIT = "cyber";
const example = (kind: string) =>
  JSON.parse(readFileSync(join(REPO, "examples", "valid", `${kind}.json`), "utf8"));

type Fixture = {
  caseId: string;
  draftId: string;
  pendingId: string;
  userId: string;
  /** An outgoing request sent to XB: consent to other uses is asked about it. */
  sentId: string;
  /** An incoming request from XB being executed in this unit, with evidence at every step. */
  incomingId: string;
  /** An upload the unit's executing officer started (no bytes yet). */
  uploadId: string;
  sealedId: string;
  reviewedId: string;
  /** XB's request for consent to use evidence for other proceedings, awaiting an answer. */
  consentId: string;
};
type Route = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path as OpenAPI lists it. */
  path: string;
  allowed: readonly Role[];
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  headers?: Record<string, string>;
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
  {
    method: "GET",
    path: "/api/v1/requests/{id}/evidence",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/requests/${f.incomingId}/evidence`,
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/evidence/uploads",
    allowed: ["executing-officer"],
    url: (f) => `/api/v1/requests/${f.incomingId}/evidence/uploads`,
    body: () => UPLOAD,
  },
  {
    method: "GET",
    path: "/api/v1/evidence/uploads/{itemId}",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/evidence/uploads/${f.uploadId}`,
  },
  {
    method: "PUT",
    path: "/api/v1/evidence/uploads/{itemId}",
    allowed: ["executing-officer"],
    url: (f) => `/api/v1/evidence/uploads/${f.uploadId}?offset=0`,
    body: () => Buffer.from("subscriber,ip\nalice,192.0.2.1\n"),
    headers: { "content-type": "application/octet-stream" },
  },
  {
    method: "POST",
    path: "/api/v1/evidence/uploads/{itemId}/complete",
    allowed: ["executing-officer"],
    url: (f) => `/api/v1/evidence/uploads/${f.uploadId}/complete`,
    body: () => ({}),
  },
  {
    method: "POST",
    path: "/api/v1/evidence/{itemId}/review",
    allowed: ["supervisor"],
    url: (f) => `/api/v1/evidence/${f.sealedId}/review`,
    body: () => ({ note: "matches the order" }),
  },
  {
    method: "POST",
    path: "/api/v1/evidence/{itemId}/release",
    allowed: ["supervisor"],
    url: (f) => `/api/v1/evidence/${f.reviewedId}/release`,
    body: () => ({}),
  },
  {
    method: "POST",
    path: "/api/v1/evidence/{itemId}/open",
    allowed: OFFICERS,
    url: (f) => `/api/v1/evidence/${f.sealedId}/open`,
    body: () => ({ purpose: { use: "stated-proceedings", text: "checking the records" } }),
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/consents",
    allowed: ["case-officer", "supervisor"],
    url: (f) => `/api/v1/requests/${f.sentId}/consents`,
    body: () => ({ purpose: "the fraud trial of Z", reasons: "The same suspect is prosecuted there." }),
  },
  {
    method: "GET",
    path: "/api/v1/requests/{id}/consents",
    allowed: [...OFFICERS, "auditor"],
    url: (f) => `/api/v1/requests/${f.incomingId}/consents`,
  },
  {
    method: "POST",
    path: "/api/v1/consents/{id}/answer",
    allowed: ["supervisor"],
    url: (f) => `/api/v1/consents/${f.consentId}/answer`,
    body: () => ({ granted: true }),
  },
  {
    method: "POST",
    path: "/api/v1/requests/{id}/evidence/export",
    allowed: ["case-officer", "supervisor"],
    url: (f) => `/api/v1/requests/${f.incomingId}/evidence/export`,
    body: () => ({ purpose: { use: "stated-proceedings", text: "trial of the case" } }),
  },
  // Treaties, declarations and the node's identity are for every signed-in person: no wrong role,
  // but a disabled account and a downgraded session are still refused.
  { method: "GET", path: "/api/v1/treaties", allowed: ROLES, url: () => "/api/v1/treaties" },
  { method: "GET", path: "/api/v1/treaties/{id}", allowed: ROLES, url: () => "/api/v1/treaties/uncc-2024" },
  {
    method: "GET",
    path: "/api/v1/treaties/{id}/declarations",
    allowed: ROLES,
    url: () => "/api/v1/treaties/uncc-2024/declarations",
  },
  { method: "GET", path: "/api/v1/node", allowed: ROLES, url: () => "/api/v1/node" },
  // Counts, no case content: any supervisor may call, and gets their own unit's figures only
  // (test/api/statistics.test.ts); the auditor gets the whole node's (src/cases/permissions.ts).
  {
    method: "GET",
    path: "/api/v1/statistics",
    allowed: ["auditor", "supervisor"],
    url: () => "/api/v1/statistics?from=2030-01&to=2030-12",
  },
  {
    method: "GET",
    path: "/api/v1/statistics.csv",
    allowed: ["auditor", "supervisor"],
    url: () => "/api/v1/statistics.csv",
  },
];

const UPLOAD = {
  fileName: "subscriber-records.csv",
  mediaType: "text/csv",
  source: { kind: "service-provider", name: "ExampleMail Ltd" },
  acquisition: { method: "production order" },
};

/** A request from XB to this node (XA), as federation hands it over. */
const incoming = (kind: string) => ({
  ...example(kind),
  requestingState: "XB",
  requestedState: "XA",
  languages: { request: "fr" },
  dataLocation: { state: "XA" },
});

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
  const [users, cases, requests, events, decisions, deadlines, ledger, heads, evidence] = await Promise.all([
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
    Promise.all([
      db.selectFrom("evidence_items").select(["id", "state", "size", "sha256"]).orderBy("id").execute(),
      db.selectFrom("evidence_chunks").select(["item_id", "idx"]).orderBy("item_id").orderBy("idx").execute(),
      db.selectFrom("custody_events").selectAll().orderBy("ledger_index").execute(),
      db.selectFrom("use_consents").select(["id", "status"]).orderBy("id").execute(),
      db.selectFrom("outbox").select("message_id").orderBy("message_id").execute(),
    ]),
  ]);
  return JSON.stringify({ users, cases, requests, events, decisions, deadlines, ledger, heads, evidence });
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
    fixture = {
      caseId,
      draftId: draft.json().id,
      pendingId: pending.json().id,
      userId: target.id,
      ...(await evidenceFixture(node, users, caseId)),
    };
  });
  afterAll(() => node.close());

  const call = (client: TestClient) =>
    client.request(route.method, route.url(fixture), {
      ...(route.body ? { body: route.body(fixture) } : {}),
      ...(route.headers ? { headers: route.headers } : {}),
    });

  it("refuses every wrong role, other units, disabled accounts and downgraded sessions, changing nothing", async () => {
    const before = await snapshot(node);
    const attempts: [string, TestClient][] = [
      ...ROLES.filter((r) => !route.allowed.includes(r)).map(
        (r) => [`role ${r}`, sameUnit.get(r) as TestClient] as [string, TestClient],
      ),
    ];
    // Another unit's people see nothing of this unit's cases. Users and the ledger are node-wide,
    // and the auditor's reach is the whole node by design.
    // Evidence and consents are seen through their request, so they are unit-scoped too.
    const unitScoped = ["/cases/", "/requests/", "/evidence/", "/consents/"].some((p) =>
      route.path.includes(p),
    );
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

/**
 * The evidence routes' targets, made through the services as the people of the unit would: XB as a
 * peer (answers and evidence go to it), an outgoing request sent to XB, and an incoming request
 * from XB received into this unit, granted and being executed, with an upload under way, a sealed
 * item, a reviewed one and XB's request for consent to another use.
 */
async function evidenceFixture(
  node: TestNode,
  users: ReadonlyMap<Role, TestUser>,
  caseId: string,
): Promise<Omit<Fixture, "caseId" | "draftId" | "pendingId" | "userId">> {
  const { context } = node;
  await addFakePeer(context, "XB");
  const person = (role: Role, user = users.get(role)): Actor => ({
    kind: "user",
    id: user?.id ?? "",
    role,
    unit: UNIT,
  });
  const officer = person("case-officer");
  const executing = person("executing-officer");
  // Four eyes: the fixture's approvals and review are another supervisor's, not the one under test.
  const otherSupervisor = person("supervisor", await node.createUser("supervisor", UNIT));

  const sentId = (
    await draftRequest({
      context,
      actor: officer,
      caseId,
      treaty: "uncc-2024",
      document: example("stored-data"),
    })
  ).id;
  await performAction({ context, actor: officer, requestId: sentId, action: "submit" });
  await performAction({ context, actor: otherSupervisor, requestId: sentId, action: "approve" });
  await performAction({ context, actor: SYSTEM, requestId: sentId, action: "send" });

  // Incoming requests land in the unit the configuration names: here, the unit under test.
  const received = await receiveRequest({
    context: { ...context, config: { ...context.config, units: { incoming: UNIT, urgent: UNIT } } },
    treaty: "uncc-2024",
    document: incoming("stored-data"),
    remoteRequestId: randomUUID(),
  });
  const act = (actor: Actor, action: string) =>
    performAction({ context, actor, requestId: received.id, action, input: { reason: "Granted." } });
  for (const action of ["acknowledge", "begin-review", "grant"]) await act(otherSupervisor, action);
  await act(executing, "start-execution");

  const upload = () => startUpload(context, executing, received.id, UPLOAD);
  const sealed = async () => {
    const { itemId } = await upload();
    await appendUpload(context, executing, itemId, 0, [Buffer.from("subscriber,ip\nbob,192.0.2.7\n")]);
    await completeUpload(context, executing, itemId);
    return itemId;
  };
  const uploadId = (await upload()).itemId;
  const sealedId = await sealed();
  const reviewedId = await sealed();
  await reviewEvidence(context, otherSupervisor, reviewedId, "matches the order");

  const consentId = randomUUID();
  const row = await context.db
    .selectFrom("requests")
    .selectAll()
    .where("id", "=", received.id)
    .executeTakeFirstOrThrow();
  await recordConsentRequest(
    context,
    {
      requestId: row.remote_request_id ?? "",
      consentId,
      purpose: "the fraud trial of Z",
      reasons: "The same suspect is prosecuted there.",
    },
    row,
    randomUUID(),
  );
  return { sentId, incomingId: received.id, uploadId, sealedId, reviewedId, consentId };
}
