/**
 * The whole lifecycle across two nodes over real HTTP: every action on one side that concerns the
 * other is sealed in the same transaction and, once delivered, moves the other side's copy. XA asks
 * for preservation then for the preserved data; XB acknowledges, reviews, asks for information,
 * consults, decides, extends and reports; XA answers, asks about progress and withdraws.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActionInput } from "../../src/cases/action-input.js";
import type { Actor, Role } from "../../src/cases/roles.js";
import { deliveryTick } from "../../src/federation/delivery-tick.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { sweepReminders } from "../../src/services/requests/deadlines.js";
import { draftRequest } from "../../src/services/requests/draft-request.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { readCorrespondence } from "../../src/services/requests/read-correspondence.js";
import {
  approvedRequest,
  type Clock,
  example,
  type FederatedNode,
  requestState,
  startPair,
} from "./two-nodes.js";

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
});
afterEach(async () => {
  await xa.close();
  await xb.close();
});

const person = (id: string, role: Role, unit: string): Actor => ({ kind: "user", id, role, unit });
const officer = person("xa-officer", "case-officer", "cyber");
const supervisor = person("xa-supervisor", "supervisor", "cyber");
const duty = person("xb-duty", "duty-officer", "24-7");
const central = person("xb-supervisor", "supervisor", "central-authority");
const executing = person("xb-executing", "executing-officer", "central-authority");

const noLog = { warn: () => undefined };
/** Both nodes run their delivery job once: what one side did reaches the other. */
async function exchange(): Promise<void> {
  await deliveryTick(xa.context, noLog, { random: () => 0.5 })();
  await deliveryTick(xb.context, noLog, { random: () => 0.5 })();
  await deliveryTick(xa.context, noLog, { random: () => 0.5 })();
}

async function sendFromXa(kind: string): Promise<string> {
  const id = await approvedRequest(xa, kind);
  await exchange();
  return id;
}

const act = (node: FederatedNode, actor: Actor, requestId: string, action: string, input: ActionInput = {}) =>
  performAction({ context: node.context, actor, requestId, action, input });

/** XB's copy of the XA request `remoteId`. */
const copyOn = (node: FederatedNode, remoteId: string) =>
  node.context.db
    .selectFrom("requests")
    .selectAll()
    .where("remote_request_id", "=", remoteId)
    .executeTakeFirstOrThrow();

const decisionsOf = (node: FederatedNode, id: string) =>
  node.context.db
    .selectFrom("decisions")
    .selectAll()
    .where("request_id", "=", id)
    .orderBy("decided_at")
    .execute();

const undelivered = (node: FederatedNode) =>
  node.context.db
    .selectFrom("outbox")
    .select(["kind", "last_error"])
    .where("delivered_at", "is", null)
    .execute();

const receivedKinds = async (node: FederatedNode, requestId: string) =>
  (
    await node.context.db
      .selectFrom("inbox")
      .select("kind")
      .where("local_request_id", "=", requestId)
      .orderBy("received_at")
      .orderBy("ledger_index")
      .execute()
  ).map((row) => row.kind);

const preservationExpiry = async (node: FederatedNode, id: string) =>
  Date.parse(
    (
      await node.context.db
        .selectFrom("deadlines")
        .select("due_at")
        .where("request_id", "=", id)
        .where("kind", "=", "preservation-expiry")
        .executeTakeFirstOrThrow()
    ).due_at,
  );

describe("a preservation from XA to XB", () => {
  it("is acknowledged, reviewed, granted with conditions and extended, and XA follows each step", async () => {
    const id = await sendFromXa("preservation");
    const copy = await copyOn(xb, id);
    expect(copy).toMatchObject({ state: "received", unit: "24-7", requesting_state: "XA" });

    await act(xb, duty, copy.id, "acknowledge");
    await exchange();
    expect(await requestState(xa, id)).toBe("acknowledged");

    await act(xb, duty, copy.id, "begin-review");
    await exchange();
    expect(await requestState(xa, id)).toBe("under-review");

    const conditions = [
      { type: "use-limitation" as const, text: "Only for proceedings on case XA-2026-0042" },
    ];
    await act(xb, duty, copy.id, "grant-with-conditions", { conditions, reason: "Data preserved on 2 May." });
    await exchange();
    expect(await requestState(xa, id)).toBe("granted-with-conditions");
    expect(await decisionsOf(xa, id)).toMatchObject([
      {
        outcome: "granted-with-conditions",
        reasons: "Data preserved on 2 May.",
        conditions: JSON.stringify(conditions),
        decided_by: "system",
      },
    ]);

    const before = await preservationExpiry(xa, id);
    await act(xb, duty, copy.id, "extend-preservation", { extensionDays: 90 });
    await exchange();
    const theirs = await preservationExpiry(xb, copy.id);
    const ours = await preservationExpiry(xa, id);
    // To the day and never later than the requested State's own expiry.
    expect(ours).toBeGreaterThan(before + 88 * 86_400_000);
    expect(ours).toBeLessThanOrEqual(
      Date.parse(`${new Date(theirs).toISOString().slice(0, 10)}T23:59:59.999Z`),
    );
    expect(await receivedKinds(xa, id)).toEqual([
      "acknowledgement",
      "status-update",
      "decision",
      "preservation-extended",
    ]);
    expect(await undelivered(xa)).toEqual([]);
    expect(await undelivered(xb)).toEqual([]);
  });

  it("XA is warned when XB's reminder before the preservation's expiry falls due", async () => {
    const id = await sendFromXa("preservation");
    const copy = await copyOn(xb, id);
    await act(xb, duty, copy.id, "acknowledge");
    await act(xb, duty, copy.id, "begin-review");
    await act(xb, duty, copy.id, "grant");
    await exchange();
    const reminder = await xb.context.db
      .selectFrom("deadlines")
      .select(["remind_at", "due_at"])
      .where("request_id", "=", copy.id)
      .where("kind", "=", "preservation-expiry")
      .executeTakeFirstOrThrow();
    expect(await sweepReminders(xb.context)).toBe(0);
    clock.advance(Date.parse(reminder.remind_at as string) - clock.now().getTime() + 1000);
    expect(await sweepReminders(xb.context)).toBe(1);
    await exchange();
    expect((await receivedKinds(xa, id)).at(-1)).toBe("preservation-expiring");
    // A warning moves nothing: the request stays granted on XA.
    expect(await requestState(xa, id)).toBe("granted");
    const warning = await xa.context.db
      .selectFrom("inbox")
      .select("signed_message")
      .where("kind", "=", "preservation-expiring")
      .executeTakeFirstOrThrow();
    const payload = warning.signed_message.split(".")[1] ?? "";
    const message = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    expect(message.body).toEqual({ requestId: id, expires: reminder.due_at.slice(0, 10) });
  });
});

describe("an MLA request for the preserved data", () => {
  it("goes through information, consultation and a partial refusal with grounds, visible on XA", async () => {
    const id = await sendFromXa("stored-data");
    const copy = await copyOn(xb, id);
    expect(copy.unit).toBe("central-authority");
    await act(xb, central, copy.id, "acknowledge");
    await act(xb, central, copy.id, "begin-review");
    await act(xb, central, copy.id, "request-information", { reason: "Which accounts exactly?" });
    await exchange();
    expect(await requestState(xa, id)).toBe("more-info-requested");
    expect((await decisionsOf(xa, id)).at(-1)).toMatchObject({
      outcome: "more-info-requested",
      reasons: "Which accounts exactly?",
    });

    await act(xa, officer, id, "provide-information", { reason: "The two accounts named in section 4." });
    await exchange();
    expect(await requestState(xb, copy.id)).toBe("under-review");

    await act(xb, central, copy.id, "open-consultation", { reason: "Traffic data only could be given." });
    await exchange();
    expect(await requestState(xa, id)).toBe("consultation");
    await act(xa, supervisor, id, "answer-consultation", { reason: "Traffic data would help." });
    await exchange();
    expect(await requestState(xb, copy.id)).toBe("under-review");

    await act(xb, central, copy.id, "grant-partially", {
      grounds: ["R-DATAPROT"],
      reason: "Content data of third parties is withheld; traffic data is given.",
    });
    await exchange();
    expect(await requestState(xa, id)).toBe("partially-granted");
    expect((await decisionsOf(xa, id)).at(-1)).toMatchObject({
      outcome: "partially-granted",
      grounds: JSON.stringify(["R-DATAPROT"]),
      reasons: "Content data of third parties is withheld; traffic data is given.",
    });

    await act(xb, executing, copy.id, "start-execution");
    await exchange();
    expect(await requestState(xa, id)).toBe("executing");
    await act(xb, executing, copy.id, "complete-execution", {
      reason: "Traffic data for both accounts extracted.",
    });
    await exchange();
    expect(await receivedKinds(xa, id)).toEqual([
      "acknowledgement",
      "status-update",
      "information-request",
      "consultation",
      "decision",
      "status-update",
      "execution-report",
    ]);
    expect(await receivedKinds(xb, copy.id)).toEqual(["request", "information-reply", "consultation"]);
    // The officer following the request on XA sees both sides of the correspondence.
    const letters = await readCorrespondence({ context: xa.context, actor: officer, requestId: id });
    expect(letters.sent.map((m) => [m.kind, m.status])).toEqual([
      ["request", "delivered"],
      ["information-reply", "delivered"],
      ["consultation", "delivered"],
    ]);
    expect(letters.received.find((m) => m.kind === "decision")).toMatchObject({
      from: "XB",
      body: { requestId: id, outcome: "partially-granted", grounds: ["R-DATAPROT"] },
    });
    expect(letters.received.find((m) => m.kind === "execution-report")?.body).toEqual({
      requestId: id,
      complete: true,
      text: "Traffic data for both accounts extracted.",
    });
  });
});

describe("the requesting State", () => {
  it("asks about progress and is answered with the state; then withdraws as no longer required", async () => {
    const id = await sendFromXa("stored-data");
    const copy = await copyOn(xb, id);
    await act(xb, central, copy.id, "acknowledge");
    await act(xa, officer, id, "inquire-progress", { reason: "Any news? The trial starts in June." });
    await exchange();
    expect(await receivedKinds(xb, copy.id)).toEqual(["request", "progress-inquiry"]);
    // XB's node answered by itself: a status update saying "acknowledged", which moves nothing on XA.
    expect(await receivedKinds(xa, id)).toEqual(["acknowledgement", "status-update"]);
    expect(await requestState(xa, id)).toBe("acknowledged");

    await act(xa, officer, id, "withdraw", { noLongerRequired: true, reason: "The suspect confessed." });
    await exchange();
    expect(await requestState(xb, copy.id)).toBe("withdrawn");
    const history = await xb.context.db
      .selectFrom("request_events")
      .select(["action", "details"])
      .where("request_id", "=", copy.id)
      .orderBy("seq")
      .execute();
    expect(history.at(-1)).toEqual({
      action: "record-withdrawal",
      details: JSON.stringify({ reasonGiven: true, noLongerRequired: true }),
    });
  });

  it("withdrawing a request never sent tells no one", async () => {
    const created = await createCase({
      context: xa.context,
      actor: officer,
      reference: "C-draft",
      title: "Draft",
    });
    const drafted = await draftRequest({
      context: xa.context,
      actor: officer,
      caseId: created.id,
      treaty: "uncc-2024",
      document: example("general-mla"),
    });
    await act(xa, officer, drafted.id, "withdraw", { reason: "Drafted by mistake." });
    expect(await xa.context.db.selectFrom("outbox").select("kind").execute()).toEqual([]);
  });
});

it("a failed action leaves no message behind", async () => {
  const id = await sendFromXa("preservation");
  const copy = await copyOn(xb, id);
  const before = await xb.context.db.selectFrom("outbox").select("message_id").execute();
  // Refusing needs grounds and reasons: the guard fails, and nothing is sealed.
  await expect(act(xb, central, copy.id, "refuse", {})).rejects.toThrow();
  expect(await xb.context.db.selectFrom("outbox").select("message_id").execute()).toEqual(before);
});
