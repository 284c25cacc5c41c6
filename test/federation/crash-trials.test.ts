/**
 * Crash trials between two real node processes, XA and XB, over HTTP on loopback. In each trial
 * XA's case officer drafts and submits a few preservation requests; some are approved and delivered
 * first. Then, in one burst, XA's supervisor approves the others (XA's delivery tick seals and sends
 * each to XB) while XB's duty officer acknowledges the first ones (XB sends each acknowledgement to
 * XA). At a random moment of the burst XA or XB is killed with SIGKILL, then started again. Whatever
 * the moment, each message must take effect exactly once: at the end both outboxes are delivered with
 * a receipt for every message, ids and counts agree on both sides, and both ledgers verify.
 *
 * Every trial prints its seed. Replay one with FEDERATION_CRASH_SEED=<seed>, a whole run with
 * FEDERATION_CRASH_BASE=<base>; FEDERATION_CRASH_TRIALS sets how many (default 50).
 */
import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import type { HttpClient, HttpResponse } from "../support/http-client.js";
import { type Federation, type NodeProcess, startFederation } from "../support/node-process.js";
import { between, seededRandom } from "../support/seeded-random.js";
import { example } from "./two-nodes.js";

const TRIALS = Number(process.env.FEDERATION_CRASH_TRIALS ?? 50);
const BASE = Number(process.env.FEDERATION_CRASH_BASE ?? randomInt(1, 1_000_000_000));
const SEEDS = process.env.FEDERATION_CRASH_SEED
  ? [Number(process.env.FEDERATION_CRASH_SEED)]
  : Array.from({ length: TRIALS }, (_, i) => BASE + i);
/** How long the test waits for messages to flow after a trial before it fails with the nodes' output. */
const SETTLE_LIMIT_MS = 60_000;

let root: string;
let nodes: Federation;
let xa: NodeProcess;
let xb: NodeProcess;
let officer: HttpClient;
let supervisor: HttpClient;
let auditorXb: HttpClient;
let dutyXb: HttpClient;
let caseId: string;
/** Every request XA drafted, by its id on XA → its reference. */
const drafted = new Map<string, string>();
/** XA's id → XB's id of the requests XB's duty officer acknowledges. */
const acknowledged = new Map<string, string>();
const summary = { trials: 0, killed: { XA: 0, XB: 0 }, answeredBeforeKill: 0, resent: 0 };

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  console.log(
    `federation crash trials: base seed ${BASE}, ${SEEDS.length} trial(s) ` +
      `(replay the run with FEDERATION_CRASH_BASE=${BASE}, one trial with FEDERATION_CRASH_SEED=<seed>)`,
  );
  root = mkdtempSync(join(tmpdir(), "rogatory-fed-crash-"));
  nodes = await startFederation(root, ["XA", "XB"], {
    users: [{ role: "case-officer" }, { role: "supervisor" }, { role: "auditor" }, { role: "duty-officer" }],
    // Signed tree heads during the trials, so that `ledger verify` checks some at the end.
    config: { ledger: { treeHeadIntervalSeconds: 5 } },
  });
  xa = nodes.get("XA");
  xb = nodes.get("XB");
  officer = await xa.signIn("case-officer");
  supervisor = await xa.signIn("supervisor");
  auditorXb = await xb.signIn("auditor");
  dutyXb = await xb.signIn("duty-officer");
  const created = await officer.expect("POST", "/api/v1/cases", 201, {
    reference: "XA-CRASH-TRIALS",
    title: "Crash trials",
  });
  caseId = created.id;
}, 180_000);

afterAll(async () => {
  console.log(
    `federation crash trials summary: ${summary.trials} trial(s), victims XA ${summary.killed.XA} / XB ${summary.killed.XB}, ` +
      `${drafted.size} request(s) and ${acknowledged.size} acknowledgement(s) sent, ` +
      `${summary.resent} message(s) sent more than once, ${summary.answeredBeforeKill} call(s) answered in bursts`,
  );
  await nodes?.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Drafted and submitted by XA's case officer: one preservation request, its reference unique. */
async function submittedRequest(reference: string): Promise<string> {
  const request = await officer.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document: { ...example("preservation"), reference },
  });
  await officer.expect("POST", `/api/v1/requests/${request.id}/actions/submit`, 200, {});
  drafted.set(request.id, reference);
  return request.id;
}

/**
 * Takes `action` on each request in turn and stops at the first call the node does not answer (it
 * was killed under it: whether that action committed is found out after the restart). Any answer
 * but 200 fails the trial.
 */
async function actInBurst(
  client: HttpClient,
  action: string,
  ids: readonly string[],
): Promise<{ answered: number; cut?: Error }> {
  let answered = 0;
  for (const id of ids) {
    let response: HttpResponse;
    try {
      response = await client.post(`/api/v1/requests/${id}/actions/${action}`, {});
    } catch (error) {
      return { answered, cut: error as Error };
    }
    if (response.status !== 200) throw new Error(`${action} ${id}: ${response.status} ${response.text}`);
    answered += 1;
  }
  return { answered };
}

const stateOf = async (client: HttpClient, id: string): Promise<string> =>
  (await client.expect("GET", `/api/v1/requests/${id}`, 200)).state;

/** After a restart: takes `action` where the kill left it undone (one that committed is not redone). */
async function finish(
  client: HttpClient,
  action: string,
  from: string,
  ids: Iterable<string>,
): Promise<void> {
  for (const id of ids) {
    if ((await stateOf(client, id)) === from)
      await client.expect("POST", `/api/v1/requests/${id}/actions/${action}`, 200, {});
  }
}

const finishAll = async (ids: readonly string[]) => {
  await finish(supervisor, "approve", "awaiting-approval", ids);
  await finish(dutyXb, "acknowledge", "received", [...acknowledged.values()]);
};

/** What XA should show once every message about `id` went through. */
const settledState = (id: string) => (acknowledged.has(id) ? "acknowledged" : "delivered");

/** Waits until XA shows each request delivered (XB's receipt kept) or acknowledged (XB's answer received). */
async function settled(ids: readonly string[]): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let states: string[] = [];
  while (Date.now() < deadline) {
    states = await Promise.all(ids.map((id) => stateOf(officer, id)));
    if (states.every((state, i) => state === settledState(ids[i] ?? ""))) return;
    await pause(100);
  }
  const wanted = ids.map(settledState).join(", ");
  throw new Error(
    `not settled after ${SETTLE_LIMIT_MS / 1000} s: XA shows ${states.join(", ")}; expected ${wanted}\n` +
      `${xa.failure("output").message}\n${xb.failure("output").message}`,
  );
}

/** XB's incoming requests by reference (XB's ids), as its auditor sees them. */
async function incomingOnXb(): Promise<Map<string, string[]>> {
  const listed = (await auditorXb.expect("GET", "/api/v1/requests?queue=all&limit=500", 200)) as {
    id: string;
    reference: string;
    direction: string;
  }[];
  const byReference = new Map<string, string[]>();
  for (const r of listed.filter((r) => r.direction === "incoming"))
    byReference.set(r.reference, [...(byReference.get(r.reference) ?? []), r.id]);
  return byReference;
}

describe("kill -9 of the sender or the receiver during a burst of messages both ways", () => {
  it.each(SEEDS)(
    "seed %i: each message takes effect exactly once",
    async (seed) => {
      // A trial that failed may have left a node down: the next one starts from both running.
      for (const node of [xa, xb]) if (!node.running) await node.start();
      const random = seededRandom(seed);
      const count = between(random, 2, 6);
      const early = between(random, 0, count);
      const victim = random() < 0.5 ? xa : xb;
      // A burst takes a few hundred milliseconds and deliveries follow within a second: the kill
      // lands anywhere from before the first call to after the last receipt.
      const killAfter = between(random, 0, 1_000);
      console.log(
        `crash trial seed=${seed}: ${count} request(s), ${early} acknowledged in the burst, ` +
          `SIGKILL ${victim.state} ${killAfter} ms into it`,
      );

      const references = Array.from({ length: count }, (_, i) => `XA-CT-${seed}-${i}`);
      const ids: string[] = [];
      for (const reference of references) ids.push(await submittedRequest(reference));
      const [first, rest] = [ids.slice(0, early), ids.slice(early)];
      for (const id of first)
        await supervisor.expect("POST", `/api/v1/requests/${id}/actions/approve`, 200, {});
      await settled(first);
      const incoming = await incomingOnXb();
      const toAcknowledge = first.map((id) => incoming.get(drafted.get(id) ?? "")?.[0] ?? "");
      first.forEach((id, i) => void acknowledged.set(id, toAcknowledge[i] ?? ""));

      const bursts = [
        actInBurst(supervisor, "approve", rest),
        actInBurst(dutyXb, "acknowledge", toAcknowledge),
      ];
      // Awaited after the kill; a failure meanwhile is not an unhandled rejection.
      for (const burst of bursts) burst.catch(() => undefined);
      await pause(killAfter);
      await victim.kill9();
      const [approvals, acknowledgements] = await Promise.all(bursts);
      if (approvals?.cut && victim !== xa) throw new Error(`XA stopped answering: ${approvals.cut.message}`);
      if (acknowledgements?.cut && victim !== xb)
        throw new Error(`XB stopped answering: ${acknowledgements.cut.message}`);
      await victim.start();
      await finishAll(ids);
      await settled(ids);

      const received = await incomingOnXb();
      expect(references.map((reference) => received.get(reference)?.length ?? 0)).toEqual(
        references.map(() => 1),
      );
      summary.trials += 1;
      summary.killed[victim.state as "XA" | "XB"] += 1;
      summary.answeredBeforeKill += (approvals?.answered ?? 0) + (acknowledgements?.answered ?? 0);
    },
    180_000,
  );

  it("at the end: both outboxes delivered with receipts, ids and counts agree on both sides, both ledgers verify", async () => {
    // A trial that failed part-way may have left work behind: finish it, so that what is checked
    // here is still every message exactly once.
    for (const node of [xa, xb]) if (!node.running) await node.start();
    const all = [...drafted.keys()];
    await finishAll(all);
    await settled(all);
    const [a, b] = await stoppedAndDelivered();
    summary.resent = [...a.outbox, ...b.outbox].filter((m) => Number(m.attempts) > 1).length;

    // Each side's outbox: one message per request (XA) or acknowledgement (XB), each delivered with
    // the other side's receipt kept, none given up.
    expect(a.outbox.map((m) => m.kind).every((kind) => kind === "request")).toBe(true);
    expect(a.outbox.map((m) => m.request_id).sort()).toEqual(all.sort());
    expect(b.outbox.map((m) => m.kind).every((kind) => kind === "acknowledgement")).toBe(true);
    expect(b.outbox.map((m) => m.request_id).sort()).toEqual([...acknowledged.values()].sort());
    for (const message of [...a.outbox, ...b.outbox]) {
      expect(message.gave_up_at).toBeNull();
      expect(message.delivered_at).not.toBeNull();
      expect(message.receipt).not.toBeNull();
    }

    // Each side's inbox: exactly one row per message the other sent, each answered with a receipt,
    // each the effect on its own request, and the signed message names the sender's request.
    expectOneInboxRowPerMessage(b.inbox, a.outbox);
    expectOneInboxRowPerMessage(a.inbox, b.outbox);
    const requestOfMessage = new Map(a.outbox.map((m) => [m.message_id, m.request_id]));
    for (const row of b.inbox) expect(row.signedFor).toBe(requestOfMessage.get(row.message_id));
    // An acknowledgement names the request by XA's id, and acts on that request on XA.
    for (const row of a.inbox) expect(row.signedFor).toBe(row.local_request_id);
    expect(a.inbox.map((row) => row.local_request_id).sort()).toEqual([...acknowledged.keys()].sort());

    // XB holds one incoming request per XA request, named by XA's id, and nothing else.
    expect(b.incoming.map((r) => r.remote_request_id).sort()).toEqual(all.sort());
    expect(b.incoming.map((r) => r.id).sort()).toEqual(b.inbox.map((row) => row.local_request_id).sort());
    expect(b.incoming.map((r) => r.reference).sort()).toEqual([...drafted.values()].sort());
    // XA's requests ended where the messages took them.
    for (const r of a.outgoing) expect(r.state).toBe(settledState(r.id));

    // The ledgers say the same: one delivery per message sent, one receipt of each message received.
    expect(a.delivered).toBe(a.outbox.length);
    expect(b.delivered).toBe(b.outbox.length);
    expect(a.received).toBe(a.inbox.length);
    expect(b.received).toBe(b.inbox.length);
    for (const node of [xa, xb]) {
      const verified = node.verifyLedger();
      expect(verified.code, `${node.state}: ${verified.stdout}${verified.stderr}`).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ intact: true });
    }
  }, 300_000);
});

type Side = Awaited<ReturnType<typeof readSide>>;

function expectOneInboxRowPerMessage(inbox: Side["inbox"], outbox: Side["outbox"]): void {
  expect(inbox.map((row) => row.message_id).sort()).toEqual(outbox.map((m) => m.message_id).sort());
  const byMessage = new Map(inbox.map((row) => [row.message_id, row]));
  for (const message of outbox) {
    const row = byMessage.get(message.message_id);
    expect(row?.receipt).not.toBeNull();
    expect(row?.kind).toBe(message.kind);
  }
  expect(new Set(inbox.map((row) => row.local_request_id)).size).toBe(inbox.length);
}

/**
 * Stops both nodes and reads their databases; while an outbox still holds a message whose receipt
 * had not come back when the node stopped, runs both again for a moment so it goes through.
 */
async function stoppedAndDelivered(): Promise<[Side, Side]> {
  for (let round = 0; ; round++) {
    await nodes.stopAll();
    const sides: [Side, Side] = [await readSide(xa), await readSide(xb)];
    const pending = sides.flatMap((side) => side.outbox.filter((m) => m.delivered_at === null));
    if (pending.length === 0 || round === 20) return sides;
    for (const node of [xa, xb]) await node.start();
    await pause(1_000);
  }
}

/** The request id inside the sender's signed message (a compact JWS: its payload is the message). */
const requestIdSignedIn = (jws: string): unknown => {
  const payload = jws.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).body?.requestId;
};

async function readSide(node: NodeProcess) {
  const store = await openStore({ dataDir: node.dataDir });
  try {
    const { db } = store;
    const entries = (await db.selectFrom("ledger_entries").select("entry").execute()).map(
      (row) => JSON.parse(row.entry).type as string,
    );
    const inbox = await db.selectFrom("inbox").selectAll().execute();
    return {
      outbox: await db.selectFrom("outbox").selectAll().execute(),
      inbox: inbox.map((row) => ({ ...row, signedFor: requestIdSignedIn(row.signed_message) })),
      outgoing: await db
        .selectFrom("requests")
        .select(["id", "state"])
        .where("direction", "=", "outgoing")
        .execute(),
      incoming: await db
        .selectFrom("requests")
        .select(["id", "reference", "remote_request_id"])
        .where("direction", "=", "incoming")
        .execute(),
      delivered: entries.filter((type) => type === "message.delivered").length,
      received: entries.filter((type) => type === "message.received").length,
    };
  } finally {
    await store.close();
  }
}
