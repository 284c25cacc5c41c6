/**
 * `GET /federation/v1/ledger/consistency` on a real node: the answer is signed with the node's
 * card key, carries the roots of its own signed heads, and its proof verifies; sizes the ledger
 * does not have are refused with a problem, not answered with a proof of something else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import type { NodeCard } from "../../src/directory/node-card.js";
import { openConsistencyAnswer } from "../../src/federation/consistency-answer.js";
import { activePeerCard } from "../../src/federation/peer-keys.js";
import { verifyConsistency } from "../../src/ledger/verify-proof.js";
import { buildApp } from "../../src/server/app.js";
import { signLedgerHead } from "../../src/services/ledger/sign-ledger-head.js";
import { createUser } from "../../src/services/users/create-user.js";
import { type FederatedNode, startPair } from "./two-nodes.js";

/** XB answers; XA asks over its mutual-TLS connection, as a peer checking XB's heads would. */
let xa: FederatedNode;
let xb: FederatedNode;
let heads: { size: number; root: string }[];

beforeAll(async () => {
  ({ xa, xb } = await startPair());
  heads = [];
  // Users created are ledger entries: grow the log and sign a head at several sizes.
  for (let i = 0; i < 3; i += 1) {
    for (const role of ["case-officer", "auditor"] as const) {
      await createUser({
        context: xb.context,
        actor: SYSTEM,
        username: `${role}-${i}`,
        displayName: role,
        role,
        unit: "cyber",
        password: "a long enough password",
      });
    }
    const head = await signLedgerHead({ context: xb.context });
    heads.push({ size: head.size, root: Buffer.from(head.root).toString("base64") });
  }
});
afterAll(async () => {
  await xa.close();
  await xb.close();
});

const ask = async (query: string) => {
  const answer = await xa.transport.get(`${xb.url}/federation/v1/ledger/consistency?${query}`);
  return { statusCode: answer.status, contentType: answer.contentType, body: answer.body };
};

/** XB's card, as XA holds it. */
async function card(): Promise<NodeCard> {
  const held = await activePeerCard(xa.context.db, "XB");
  if (held === undefined) throw new Error("XA holds no card for XB");
  return held;
}

describe("the consistency route", () => {
  it("answers a proof signed by the node, with the roots of its signed heads, that verifies", async () => {
    const [first, , last] = heads;
    if (first === undefined || last === undefined) throw new Error("no heads");
    const response = await ask(`first=${first.size}&second=${last.size}`);
    expect(response.statusCode).toBe(200);
    expect(response.contentType).toMatch(/^application\/jose/);
    const answer = await openConsistencyAnswer(response.body, {
      card: await card(),
      now: xb.context.clock.now(),
      first: first.size,
      second: last.size,
    });
    expect(answer).toMatchObject({
      logId: xb.context.keys.logId,
      firstRoot: first.root,
      secondRoot: last.root,
    });
    const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
    expect(
      verifyConsistency(first.size, last.size, answer.proof.map(b64), b64(first.root), b64(last.root)),
    ).toBe(true);
    // Asked about other sizes, the same answer does not pass.
    await expect(
      openConsistencyAnswer(response.body, {
        card: await card(),
        now: xb.context.clock.now(),
        first: first.size + 1,
        second: last.size,
      }),
    ).rejects.toMatchObject({ code: "FEDERATION_UNVERIFIABLE_PROOF" });
  });

  it("refuses sizes the ledger does not have, and malformed queries", async () => {
    const size = heads.at(-1)?.size ?? 0;
    for (const query of [
      `first=1&second=${size + 1}`,
      `first=${size}&second=1`,
      "first=0&second=2",
      "first=x&second=2",
      "second=2",
    ]) {
      const response = await ask(query);
      expect([query, response.statusCode]).toEqual([query, 400]);
      expect(response.contentType).toMatch(/problem\+json/);
    }
  });

  it("is served by the federation listener only, not the officers' API", async () => {
    const officersApp = await buildApp(xb.context, { logger: false });
    try {
      const url = "/federation/v1/ledger/consistency?first=1&second=2";
      expect((await officersApp.inject({ method: "GET", url })).statusCode).toBe(404);
      const spec = (await officersApp.inject({ method: "GET", url: "/api/openapi.json" })).json();
      expect(Object.keys(spec.paths)).not.toContain("/federation/v1/ledger/consistency");
    } finally {
      await officersApp.close();
    }
  });
});
