/**
 * Federation over real HTTPS (mutual TLS) between two nodes: an approved preservation request from XA arrives on
 * XB as a received urgent request, XA verifies and keeps XB's receipt and records delivery; a
 * re-sent envelope gets the original receipt and no second request; a peer that is down is retried
 * with back-off until it is back, then delivered once; past the horizon, "not delivered".
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sealMessage } from "../../src/crypto/envelope.js";
import { keyId } from "../../src/crypto/node-keys.js";
import { DEFAULT_DELIVERY_POLICY } from "../../src/federation/delivery-policy.js";
import { deliveryTick } from "../../src/federation/delivery-tick.js";
import { deliveryStatus } from "../../src/federation/outbox.js";
import { activePeerCard } from "../../src/federation/peer-keys.js";
import { type ReceiptBody, verifyReceipt } from "../../src/federation/receipts.js";
import { ledgerSize, readEntries } from "../../src/store/ledger-store.js";
import {
  approvedRequest,
  type Clock,
  type FederatedNode,
  incomingRequests,
  requestState,
  startPair,
} from "./two-nodes.js";

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;
const warnings: object[] = [];
const log = { warn: (details: object) => void warnings.push(details) };

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
  warnings.length = 0;
});
afterEach(async () => {
  await xa.close();
  await xb.close();
});

/** One round of XA's delivery job, jitter fixed at the middle. */
const tick = () => deliveryTick(xa.context, log, { random: () => 0.5 })();

const outboxRows = (node: FederatedNode) => node.context.db.selectFrom("outbox").selectAll().execute();
describe("sending a request", () => {
  it("arrives on XB in the 24/7 queue; XA verifies and keeps the receipt and records delivery", async () => {
    const id = await approvedRequest(xa);
    await tick();

    const received = await incomingRequests(xb);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      state: "received",
      requesting_state: "XA",
      urgent_queue: 1,
      unit: xb.context.config.units.urgent,
    });
    const [inbox] = await xb.context.db.selectFrom("inbox").selectAll().execute();
    expect(inbox).toMatchObject({ from_state: "XA", kind: "request", local_request_id: received[0]?.id });
    const [entry] = await readEntries(xb.context.db, Number(inbox?.ledger_index), 1);
    expect(entry).toMatchObject({
      type: "message.received",
      data: { messageId: inbox?.message_id, from: "XA" },
    });

    expect(await requestState(xa, id)).toBe("delivered");
    const [row] = await outboxRows(xa);
    expect(row).toMatchObject({ message_id: inbox?.message_id, request_id: id, attempts: 1 });
    expect(row?.delivered_at).not.toBeNull();
    const kept = JSON.parse(row?.receipt ?? "null") as { body: ReceiptBody; sealed: string };
    expect(kept.sealed).toBe(inbox?.receipt);
    expect(kept.body.entry).toEqual(entry);
    // What XA kept verifies again against XB's card, and an altered copy does not.
    const card = await activePeerCard(xa.context.db, "XB");
    if (card === undefined) throw new Error("XB is a peer of XA");
    const expected = { messageId: row?.message_id ?? "", from: "XA", card, now: clock.now() };
    expect(() => verifyReceipt(kept.body, expected)).not.toThrow();
    const altered = { ...kept.body, entry: { ...kept.body.entry, actor: "peer:XC" } };
    expect(() => verifyReceipt(altered, expected)).toThrow(/inclusion proof/);

    const types = (await readEntries(xa.context.db, 0, 100)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["request.send", "message.delivered", "request.record-delivery"]);
    expect(await deliveryStatus(xa.context.db, id)).toMatchObject([{ status: "delivered", peer: "XB" }]);
  });

  it("a re-sent envelope gets the original receipt and makes no second request", async () => {
    await approvedRequest(xa);
    await tick();
    const [row] = await outboxRows(xa);
    const size = await ledgerSize(xb.context.db);
    const again = await xa.post(xb, row?.sealed ?? "");
    expect(again.status).toBe(200);
    expect(again.body).toBe((JSON.parse(row?.receipt ?? "{}") as { sealed: string }).sealed);
    expect(await incomingRequests(xb)).toHaveLength(1);
    expect(await ledgerSize(xb.context.db)).toBe(size);
  });

  it("is retried with back-off while XB is down, then delivered exactly once", async () => {
    const id = await approvedRequest(xa);
    await xb.stop();
    await tick();
    let [row] = await outboxRows(xa);
    expect(row).toMatchObject({ attempts: 1, delivered_at: null });
    // First wait: half of base plus half of half (jitter 0.5).
    const firstWait = DEFAULT_DELIVERY_POLICY.baseDelayMs * 0.75;
    expect(Date.parse(row?.next_attempt_at ?? "")).toBe(clock.now().getTime() + firstWait);
    expect(await requestState(xa, id)).toBe("sent");

    clock.advance(firstWait - 1);
    await tick();
    expect((await outboxRows(xa))[0]?.attempts).toBe(1);
    clock.advance(1);
    await tick();
    [row] = await outboxRows(xa);
    expect(row?.attempts).toBe(2);
    // The wait doubles.
    expect(Date.parse(row?.next_attempt_at ?? "")).toBe(clock.now().getTime() + 2 * firstWait);
    expect(warnings.length).toBeGreaterThanOrEqual(2);

    await xb.start();
    clock.advance(2 * firstWait);
    await tick();
    await tick();
    expect(await requestState(xa, id)).toBe("delivered");
    expect((await outboxRows(xa))[0]?.attempts).toBe(3);
    expect(await incomingRequests(xb)).toHaveLength(1);
    expect(await xb.context.db.selectFrom("inbox").selectAll().execute()).toHaveLength(1);
  });

  it("a peer that is down costs one failed attempt per round, not one per message", async () => {
    await approvedRequest(xa, "preservation");
    await approvedRequest(xa, "stored-data");
    await xb.stop();
    await tick();
    expect((await outboxRows(xa)).map((row) => row.attempts).sort()).toEqual([0, 1]);
    await xb.start();
    clock.advance(DEFAULT_DELIVERY_POLICY.baseDelayMs);
    await tick();
    expect((await outboxRows(xa)).every((row) => row.delivered_at !== null)).toBe(true);
    expect(await incomingRequests(xb)).toHaveLength(2);
  });

  it("past the retry horizon, shows not delivered on the request", async () => {
    const id = await approvedRequest(xa);
    await xb.stop();
    await tick();
    clock.advance(DEFAULT_DELIVERY_POLICY.horizonMs);
    await tick();
    expect(await deliveryStatus(xa.context.db, id)).toMatchObject([{ status: "not-delivered", attempts: 1 }]);
    const last = (await readEntries(xa.context.db, 0, 100)).at(-1);
    expect(last).toMatchObject({ type: "message.not-delivered", subject: id });
    await xb.start();
    clock.advance(60_000);
    await tick();
    expect(await incomingRequests(xb)).toHaveLength(0);
    expect(await requestState(xa, id)).toBe("sent");
  });

  it("XB's acknowledgement moves XA's request; one for a request XB never got is refused", async () => {
    const id = await approvedRequest(xa);
    await tick();
    const acknowledge = async (requestId: string) => {
      const sealed = await sealMessage(
        {
          id: randomUUID(),
          kind: "acknowledgement",
          from: "XB",
          to: "XA",
          created: clock.now().toISOString(),
          body: { requestId, reference: "XB-2030-1" },
        },
        {
          signingKey: xb.keys.signing.privateKey,
          senderKeyId: keyId(xb.keys.signing.publicKey),
          recipientKey: xa.keys.encryption.publicKey,
          recipientKeyId: keyId(xa.keys.encryption.publicKey),
        },
      );
      return xb.post(xa, sealed);
    };
    const stranger = await acknowledge(randomUUID());
    expect(stranger.status).toBe(422);
    expect(JSON.parse(stranger.body)).toMatchObject({ code: "FEDERATION_REFUSED" });
    expect(await requestState(xa, id)).toBe("delivered");
    expect((await acknowledge(id)).status).toBe(200);
    expect(await requestState(xa, id)).toBe("acknowledged");
  });
});
