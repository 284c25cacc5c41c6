/**
 * Requests through the real API: drafting, validation, four-eyes approval, the answers of the
 * other State, incoming requests in the 24/7 queue, decisions with grounds and conditions,
 * preservation deadlines with reminders, and the ledger recording every change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import type { fakeClock } from "../../src/server/clock.js";
import { sweepReminders } from "../../src/services/requests/deadlines.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { receiveRequest } from "../../src/services/requests/receive-request.js";
import { ledgerSize } from "../../src/store/ledger-store.js";
import { addFakePeer } from "../support/fake-peer.js";
import { REPO } from "../support/run-cli.js";
import { startTestNode, type TestClient, type TestNode } from "../support/test-node.js";

const example = (kind: string) =>
  JSON.parse(readFileSync(join(REPO, "examples", "valid", `${kind}.json`), "utf8"));
const DAY = 86_400_000;

/** A request from XB to this node (XA), as federation will hand it over. */
function incoming(kind: string) {
  const doc = example(kind);
  return {
    ...doc,
    requestingState: "XB",
    requestedState: "XA",
    languages: { request: "fr" },
    dataLocation: { state: "XA" },
  };
}

let node: TestNode;
let officer: TestClient;
let supervisor: TestClient;
let duty: TestClient;
let incomingSupervisor: TestClient;
let executing: TestClient;
let auditor: TestClient;

beforeEach(async () => {
  node = await startTestNode();
  // The requested State of the examples: actions that tell it something need it as a peer.
  await addFakePeer(node.context, "XB");
  const login = async (role: Parameters<TestNode["createUser"]>[0], unit: string) => {
    const user = await node.createUser(role, unit);
    return node.login(user.username, user.password, user.totpSecret);
  };
  officer = await login("case-officer", "cyber");
  supervisor = await login("supervisor", "cyber");
  duty = await login("duty-officer", "24-7");
  incomingSupervisor = await login("supervisor", "central-authority");
  executing = await login("executing-officer", "central-authority");
  auditor = await login("auditor", "audit");
});
afterEach(() => node.close());

async function draft(kind: string, document = example(kind)) {
  const created = await officer.post("/api/v1/cases", {
    reference: `CASE-${kind}-${Math.random()}`,
    title: "Phishing",
  });
  expect(created.statusCode).toBe(201);
  const response = await officer.post(`/api/v1/cases/${created.json().id}/requests`, {
    treaty: "uncc-2024",
    document,
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe("outgoing requests", () => {
  it("are drafted, validated, submitted and approved by another person, each step in the ledger", async () => {
    const before = await ledgerSize(node.context.db);
    const request = await draft("preservation");
    expect(request).toMatchObject({
      state: "draft",
      direction: "outgoing",
      urgentQueue: true,
      actions: ["submit", "withdraw"],
    });
    expect((await officer.get(`/api/v1/requests/${request.id}/findings`)).json()).toMatchObject({
      valid: true,
    });

    const submitted = await officer.post(`/api/v1/requests/${request.id}/actions/submit`, {});
    expect(submitted.json()).toMatchObject({ state: "awaiting-approval", actions: ["withdraw"] });
    expect((await officer.post(`/api/v1/requests/${request.id}/actions/approve`, {})).statusCode).toBe(403);
    expect(
      (await supervisor.get("/api/v1/requests?queue=approvals")).json().map((r: { id: string }) => r.id),
    ).toEqual([request.id]);
    const approved = await supervisor.post(`/api/v1/requests/${request.id}/actions/approve`, {});
    expect(approved.json()).toMatchObject({ state: "approved", approvedBy: supervisor.login.user.id });

    const detail = (await officer.get(`/api/v1/requests/${request.id}`)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(["submit", "approve"]);
    // Who acted is named, for the reader: the drafter and the approver, nobody else.
    expect(detail.people).toEqual({
      [`user:${officer.login.user.id}`]: officer.login.user.displayName,
      [`user:${supervisor.login.user.id}`]: supervisor.login.user.displayName,
    });
    const types = (await auditor.get(`/api/v1/ledger/entries?from=${before}`))
      .json()
      .map((e: { type: string }) => e.type);
    expect(types).toEqual(["case.created", "request.drafted", "request.submit", "request.approve"]);
  });

  it("cannot be submitted while treaty validation finds errors, and the answer carries the findings", async () => {
    const document = { ...example("general-mla"), languages: { request: "en" } };
    const request = await draft("general-mla", document);
    const response = await officer.post(`/api/v1/requests/${request.id}/actions/submit`, {});
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: "VALIDATION_BLOCKS" });
    expect(response.json().findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      "uncc.language-accepted",
    );
    expect((await officer.get(`/api/v1/requests/${request.id}`)).json().state).toBe("draft");
  });

  it("can be corrected while a draft, with a stale version refused", async () => {
    const document = { ...example("general-mla"), languages: { request: "en" } };
    const request = await draft("general-mla", document);
    const stale = await officer.put(`/api/v1/requests/${request.id}/document`, {
      document,
      expectedVersion: 7,
    });
    expect(stale.statusCode).toBe(409);
    const fixed = await officer.put(`/api/v1/requests/${request.id}/document`, {
      document: example("general-mla"),
      expectedVersion: 1,
    });
    expect(fixed.json()).toMatchObject({ version: 2 });
    expect((await officer.post(`/api/v1/requests/${request.id}/actions/submit`, {})).json().state).toBe(
      "awaiting-approval",
    );
    const late = await officer.put(`/api/v1/requests/${request.id}/document`, {
      document,
      expectedVersion: 3,
    });
    expect(late.statusCode).toBe(409);
  });

  it("four eyes: a drafter promoted to supervisor still cannot approve their own draft", async () => {
    const admin = await node.createUser("administrator", "administration");
    const adminClient = await node.login(admin.username, admin.password, admin.totpSecret);
    const drafter = await node.createUser("case-officer", "cyber", { totp: true });
    const asOfficer = await node.login(drafter.username, drafter.password, drafter.totpSecret);
    const caseId = (await asOfficer.post("/api/v1/cases", { reference: "CASE-4EYES", title: "t" })).json().id;
    const request = (
      await asOfficer.post(`/api/v1/cases/${caseId}/requests`, {
        treaty: "uncc-2024",
        document: example("preservation"),
      })
    ).json();
    await asOfficer.post(`/api/v1/requests/${request.id}/actions/submit`, {});
    expect((await adminClient.patch(`/api/v1/users/${drafter.id}`, { role: "supervisor" })).statusCode).toBe(
      200,
    );
    (node.context.clock as ReturnType<typeof fakeClock>).advance(31_000);
    const asSupervisor = await node.login(drafter.username, drafter.password, drafter.totpSecret);
    const response = await asSupervisor.post(`/api/v1/requests/${request.id}/actions/approve`, {});
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("FOUR_EYES");
    expect((await supervisor.post(`/api/v1/requests/${request.id}/actions/approve`, {})).json().state).toBe(
      "approved",
    );
  });

  it("follow the other State's answers, which no person may record", async () => {
    const request = await draft("preservation");
    await officer.post(`/api/v1/requests/${request.id}/actions/submit`, {});
    await supervisor.post(`/api/v1/requests/${request.id}/actions/approve`, {});
    expect((await supervisor.post(`/api/v1/requests/${request.id}/actions/send`, {})).statusCode).toBe(403);
    for (const action of ["send", "record-delivery", "record-acknowledgement", "record-review"]) {
      await performAction({ context: node.context, actor: SYSTEM, requestId: request.id, action });
    }
    await performAction({
      context: node.context,
      actor: SYSTEM,
      requestId: request.id,
      action: "record-grant-with-conditions",
      input: { conditions: [{ type: "use-limitation", text: "Only for case XA-2026-0042" }] },
    });
    const detail = (await officer.get(`/api/v1/requests/${request.id}`)).json();
    expect(detail.state).toBe("granted-with-conditions");
    expect(detail.decisions[0]).toMatchObject({
      outcome: "granted-with-conditions",
      conditions: [{ type: "use-limitation" }],
    });
    const expiry = detail.deadlines.find((d: { kind: string }) => d.kind === "preservation-expiry");
    const now = node.context.clock.now().getTime();
    expect(Date.parse(expiry.dueAt) - now).toBe(90 * DAY);
  });
});

describe("incoming requests", () => {
  it("an urgent preservation lands in the 24/7 queue; the duty officer takes it in and grants it with conditions", async () => {
    const received = await receiveRequest({
      context: node.context,
      treaty: "uncc-2024",
      document: incoming("preservation"),
    });
    expect(received).toMatchObject({ state: "received", urgentQueue: true, unit: "24-7" });
    const queue = (await duty.get("/api/v1/requests?queue=urgent")).json();
    expect(queue.map((r: { id: string }) => r.id)).toEqual([received.id]);
    expect(queue[0].actions).toEqual(["acknowledge"]);

    await duty.post(`/api/v1/requests/${received.id}/actions/acknowledge`, {});
    await duty.post(`/api/v1/requests/${received.id}/actions/begin-review`, {});
    const noConditions = await duty.post(`/api/v1/requests/${received.id}/actions/grant-with-conditions`, {});
    expect(noConditions.statusCode).toBe(422);
    expect(noConditions.json()).toMatchObject({
      code: "INPUT_REQUIRED",
      citation: { article: "40", paragraph: "27" },
    });
    const granted = await duty.post(`/api/v1/requests/${received.id}/actions/grant-with-conditions`, {
      conditions: [{ type: "confidentiality", text: "Do not notify the account holder." }],
    });
    expect(granted.json().state).toBe("granted-with-conditions");
    const detail = (await duty.get(`/api/v1/requests/${received.id}`)).json();
    expect(detail.decisions).toHaveLength(1);
    expect(detail.deadlines.find((d: { kind: string }) => d.kind === "preservation-expiry")).toBeDefined();
  });

  it("a refusal needs consultation or a reason why not, grounds the pack allows, and reasons", async () => {
    const received = await receiveRequest({
      context: node.context,
      treaty: "uncc-2024",
      document: incoming("stored-data"),
    });
    expect(received.unit).toBe("central-authority");
    expect((await duty.get(`/api/v1/requests/${received.id}`)).statusCode).toBe(404);
    await incomingSupervisor.post(`/api/v1/requests/${received.id}/actions/acknowledge`, {});
    await incomingSupervisor.post(`/api/v1/requests/${received.id}/actions/begin-review`, {});
    const url = `/api/v1/requests/${received.id}/actions/refuse`;
    const unconsulted = await incomingSupervisor.post(url, {
      grounds: ["R-ESSENTIAL"],
      reason: "Essential interests.",
    });
    expect(unconsulted.json()).toMatchObject({ code: "INPUT_REQUIRED", citation: { paragraph: "27" } });
    await incomingSupervisor.post(`/api/v1/requests/${received.id}/actions/open-consultation`, {
      reason: "Could a narrower request do?",
    });
    const noReasons = await incomingSupervisor.post(url, { grounds: ["R-ESSENTIAL"] });
    expect(noReasons.json()).toMatchObject({ code: "INPUT_REQUIRED", citation: { paragraph: "24" } });
    const refused = await incomingSupervisor.post(url, {
      grounds: ["R-ESSENTIAL"],
      reason: "Execution would prejudice essential interests.",
    });
    expect(refused.json().state).toBe("refused");
    const detail = (await incomingSupervisor.get(`/api/v1/requests/${received.id}`)).json();
    expect(detail.decisions.at(-1)).toMatchObject({
      outcome: "refused",
      grounds: ["R-ESSENTIAL"],
      reasons: "Execution would prejudice essential interests.",
    });
  });

  it("a granted request is carried out by the executing officer of the unit", async () => {
    const received = await receiveRequest({
      context: node.context,
      treaty: "uncc-2024",
      document: incoming("general-mla"),
    });
    for (const action of ["acknowledge", "begin-review", "grant"]) {
      expect(
        (await incomingSupervisor.post(`/api/v1/requests/${received.id}/actions/${action}`, {})).statusCode,
      ).toBe(200);
    }
    expect(
      (await executing.get("/api/v1/requests?queue=execution")).json().map((r: { id: string }) => r.id),
    ).toEqual([received.id]);
    await executing.post(`/api/v1/requests/${received.id}/actions/start-execution`, {});
    const done = await executing.post(`/api/v1/requests/${received.id}/actions/complete-execution`, {
      reason: "Witness heard on 3 July.",
    });
    expect(done.json().state).toBe("executed");
  });
});

describe("withdrawal", () => {
  it("an outgoing request is withdrawn as no longer required (Art 40(25)) with a reason, and its deadlines end", async () => {
    const request = await draft("preservation");
    await officer.post(`/api/v1/requests/${request.id}/actions/submit`, {});
    await supervisor.post(`/api/v1/requests/${request.id}/actions/approve`, {});
    for (const action of [
      "send",
      "record-delivery",
      "record-acknowledgement",
      "record-review",
      "record-grant",
    ]) {
      await performAction({ context: node.context, actor: SYSTEM, requestId: request.id, action });
    }
    const url = `/api/v1/requests/${request.id}/actions/withdraw`;
    expect((await officer.post(url, { noLongerRequired: true })).json().code).toBe("INPUT_REQUIRED");
    const withdrawn = await officer.post(url, {
      noLongerRequired: true,
      reason: "The suspect confessed; the data is no longer needed.",
    });
    expect(withdrawn.json()).toMatchObject({ state: "withdrawn", actions: [] });
    const detail = (await officer.get(`/api/v1/requests/${request.id}`)).json();
    expect(detail.history.at(-1)).toMatchObject({
      action: "withdraw",
      details: { noLongerRequired: true, reasonGiven: true },
    });
    expect(detail.deadlines.every((d: { metAt: string | null }) => d.metAt !== null)).toBe(true);
    expect((await officer.post(url, { reason: "again" })).statusCode).toBe(409);
  });

  it("an incoming request withdrawn by the requesting State ends here too, and no person can do that for it", async () => {
    const received = await receiveRequest({
      context: node.context,
      treaty: "uncc-2024",
      document: incoming("preservation"),
    });
    expect(
      (await duty.post(`/api/v1/requests/${received.id}/actions/record-withdrawal`, {})).statusCode,
    ).toBe(403);
    await performAction({
      context: node.context,
      actor: SYSTEM,
      requestId: received.id,
      action: "record-withdrawal",
    });
    expect((await duty.get(`/api/v1/requests/${received.id}`)).json()).toMatchObject({
      state: "withdrawn",
      actions: [],
    });
    expect((await duty.get("/api/v1/requests?queue=urgent")).json()).toEqual([]);
  });
});

describe("preservation deadlines", () => {
  it("run at least 60 days, extend, remind once before expiry, and show as overdue after it", async () => {
    const clock = node.context.clock as ReturnType<typeof fakeClock>;
    const document = { ...incoming("preservation"), preservation: { periodDays: 60 } };
    const received = await receiveRequest({ context: node.context, treaty: "uncc-2024", document });
    for (const action of ["acknowledge", "begin-review", "grant"])
      await duty.post(`/api/v1/requests/${received.id}/actions/${action}`, {});
    const grantedAt = clock.now().getTime();
    const due = () =>
      duty
        .get(`/api/v1/requests/${received.id}`)
        .then((r) => r.json().deadlines.find((d: { kind: string }) => d.kind === "preservation-expiry"));
    expect(Date.parse((await due()).dueAt) - grantedAt).toBe(60 * DAY);

    const extended = await duty.post(`/api/v1/requests/${received.id}/actions/extend-preservation`, {
      extensionDays: 30,
    });
    expect(extended.statusCode).toBe(200);
    expect(Date.parse((await due()).dueAt) - grantedAt).toBe(90 * DAY);

    clock.advance(74 * DAY);
    expect(await sweepReminders(node.context)).toBe(0);
    clock.advance(2 * DAY);
    expect(await sweepReminders(node.context)).toBe(1);
    expect(await sweepReminders(node.context)).toBe(0);
    // Weeks have passed and the morning's sessions have expired: a duty officer signs in afresh.
    const freshDuty = async () => {
      const user = await node.createUser("duty-officer", "24-7");
      return node.login(user.username, user.password);
    };
    const reader = await freshDuty();
    const upcoming = (await reader.get("/api/v1/deadlines?which=upcoming")).json();
    expect(upcoming.map((d: { requestId: string }) => d.requestId)).toEqual([received.id]);
    expect((await reader.get("/api/v1/deadlines?which=overdue")).json()).toEqual([]);
    clock.advance(15 * DAY);
    const overdue = (await (await freshDuty()).get("/api/v1/deadlines?which=overdue")).json();
    expect(overdue).toMatchObject([{ requestId: received.id, kind: "preservation-expiry" }]);
  });
});
