/** The node's own schedule: tree heads signed at the configured interval, reminders raised each minute. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import { scheduleNodeJobs } from "../../src/server/node-jobs.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { startTestNode, type TestNode } from "../support/test-node.js";

let node: TestNode;
beforeEach(async () => {
  node = await startTestNode();
});
afterEach(async () => {
  vi.useRealTimers();
  await node.close();
});

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
    stop();
    expect(errors).toEqual([]);
  });
});
