/**
 * The node's own schedule: tree heads signed at the configured interval, reminders raised each
 * minute, deliveries every few seconds; stopping waits for the work in flight before the store
 * may be closed.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import type { HttpTransport } from "../../src/federation/http-transport.js";
import { enqueueMessage } from "../../src/federation/outbox.js";
import { scheduleNodeJobs } from "../../src/server/node-jobs.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { startFakeLedgerPeer } from "../federation/fake-ledger-peer.js";
import { startTestNode, type TestNode } from "../support/test-node.js";

let node: TestNode;
beforeEach(async () => {
  node = await startTestNode();
});
afterEach(async () => {
  vi.useRealTimers();
  await node.close();
});

/** Lets pending I/O callbacks and promise jobs run (the real event loop, not the faked timers). */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((done) => setImmediate(done));
};

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open: () => open() };
}

describe("scheduled jobs", () => {
  it("sign a tree head each interval, only when the ledger grew", async () => {
    const errors: unknown[] = [];
    await createCase({ context: node.context, actor: SYSTEM, reference: "C-1", title: "t", unit: "cyber" });
    vi.useFakeTimers();
    const stop = scheduleNodeJobs(node.context, { error: (details) => errors.push(details) });
    const heads = () => node.context.db.selectFrom("tree_heads").select("size").orderBy("size").execute();
    await vi.advanceTimersByTimeAsync(node.context.config.ledger.treeHeadIntervalSeconds * 1000 - 1);
    expect(await heads()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await heads()).map((h) => Number(h.size))).toEqual([1]));
    await vi.advanceTimersByTimeAsync(node.context.config.ledger.treeHeadIntervalSeconds * 1000);
    expect((await heads()).map((h) => Number(h.size))).toEqual([1]);
    await stop();
    expect(errors).toEqual([]);
  });

  it("stopping waits for the delivery in flight, then closes the transport", async () => {
    const peer = await startFakeLedgerPeer({ state: "XB", node: node.context, clock: node.context.clock });
    await peer.stop();
    await node.context.db.transaction().execute((trx) =>
      enqueueMessage(trx, node.context, {
        to: "XB",
        kind: "progress-inquiry",
        body: { requestId: randomUUID(), text: "Any news?" },
      }),
    );
    // The peer is slow: its answer comes when the test says so.
    const events: string[] = [];
    const answered = gate();
    const sent = gate();
    const slowPeer: HttpTransport = {
      send: async () => {
        events.push("sent");
        sent.open();
        await answered.opened;
        events.push("answered");
        return { status: 503, contentType: "text/plain", body: "busy" };
      },
      get: () => Promise.reject(new Error("no proof is asked for here")),
      close: () => void events.push("transport closed"),
    };
    const errors: unknown[] = [];
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const stop = scheduleNodeJobs(
      node.context,
      { error: (details) => errors.push(details), warn: () => undefined },
      { transport: () => slowPeer },
    );
    await vi.advanceTimersByTimeAsync(node.context.config.federation.deliveryTickMs);
    await sent.opened;

    const stopping = stop().then(() => void events.push("stopped"));
    await settle();
    expect(events).toEqual(["sent"]);
    answered.open();
    await stopping;
    expect(events).toEqual(["sent", "answered", "transport closed", "stopped"]);
    // The round's last write (the failed attempt) was made before the store could be closed.
    const row = await node.context.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect(Number(row.attempts)).toBe(1);
    expect(row.last_error).toMatch(/503/);
    expect(errors).toEqual([]);
  });
});
