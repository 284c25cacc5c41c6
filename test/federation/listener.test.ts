/**
 * The federation listener's own life cycle, on a real node over real TCP on 127.0.0.1: a start on
 * a port already in use fails with the system's error and leaves nothing behind (the app it built
 * is closed), and a failed refresh of the pinned certificates on the timer is logged, not lost.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { sql } from "kysely";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { fakeClock } from "../../src/server/clock.js";
import { startFederationListener } from "../../src/server/federation-listener.js";
import { TEST_START } from "../support/test-node.js";
import { type FederatedNode, startNode } from "./two-nodes.js";

let node: FederatedNode;
beforeEach(async () => {
  node = await startNode("XA", fakeClock(TEST_START));
});
afterEach(async () => {
  vi.useRealTimers();
  await node.close();
});

/** The Fastify apps made while `run` runs, as Fastify announces them on its diagnostics channel. */
async function appsMadeDuring(run: () => Promise<unknown>): Promise<{ apps: unknown[]; result: unknown }> {
  const apps: unknown[] = [];
  const record = (message: unknown) => void apps.push((message as { fastify: unknown }).fastify);
  subscribe("fastify.initialization", record);
  try {
    const result = await run().catch((error: unknown) => error);
    return { apps, result };
  } finally {
    unsubscribe("fastify.initialization", record);
  }
}

it("a port in use: the start fails with EADDRINUSE and the app it built is closed", async () => {
  const taken = node.listener().port;
  const { apps, result } = await appsMadeDuring(() =>
    startFederationListener(node.context, { host: "127.0.0.1", port: taken }),
  );
  expect(result).toMatchObject({ code: "EADDRINUSE" });
  expect(apps).toHaveLength(1);
  const app = apps[0] as { inject(options: { url: string }): Promise<unknown> };
  // Fastify refuses to serve once closed; an app left open would answer (404).
  await expect(app.inject({ url: "/federation/v1/messages" })).rejects.toMatchObject({
    code: "FST_ERR_REOPENED_CLOSE_SERVER",
  });
  // The listener already on that port is untouched.
  const again = await startFederationListener(node.context, { host: "127.0.0.1", port: 0 });
  await again.close();
  expect(node.listener().port).toBe(taken);
});

it("a refresh of the pinned certificates that fails on the timer is logged", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const warnings: { details: object; message: string }[] = [];
  const log = { warn: (details: object, message: string) => void warnings.push({ details, message }) };
  const listener = await startFederationListener(node.context, { host: "127.0.0.1", port: 0, log });
  try {
    // The peers table unreadable for a moment: the refresh cannot read the pins.
    await sql`alter table peers rename to peers_away`.execute(node.context.db);
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() =>
      expect(warnings.map((w) => w.message)).toEqual(["could not read the pinned certificates"]),
    );
    expect(warnings[0]?.details).toHaveProperty("err");
  } finally {
    await sql`alter table peers_away rename to peers`.execute(node.context.db);
    await listener.close();
  }
});
