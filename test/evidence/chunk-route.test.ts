/**
 * `GET /federation/v1/evidence/{itemId}/chunks/{index}` on XB serves an encrypted chunk only to the
 * State that requested the item, only once it was released, and only at an index the item has. A
 * third State's node (XC, a peer of XB over mutual TLS like XA), an item not yet released and an
 * index out of range are all answered 404 alike, with no ciphertext.
 */
import { createHash, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { chunkUrl } from "../../src/federation/evidence-fetch.js";
import { reviewEvidence } from "../../src/services/evidence/release.js";
import { type FederatedNode, introduce, startNode, startPair } from "../federation/two-nodes.js";
import { randomFile, requestInExecution, reviewAndRelease, uploadOnXb, xbReviewer } from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;
let xc: FederatedNode;
let xbId: string;

beforeEach(async () => {
  const pair = await startPair();
  ({ xa, xb } = pair);
  xc = await startNode("XC", pair.clock);
  await introduce(xc, xb);
  await introduce(xb, xc);
  ({ xbId } = await requestInExecution(xa, xb));
});
afterEach(async () => {
  await xa.close();
  await xb.close();
  await xc.close();
});

const ask = (node: FederatedNode, itemId: string, index: number) =>
  node.transport.get(chunkUrl(xb.url, itemId, index));

async function expectNotFound(node: FederatedNode, itemId: string, index: number): Promise<void> {
  const answer = await ask(node, itemId, index);
  expect(answer.status).toBe(404);
  expect(JSON.parse(answer.body)).toMatchObject({ code: "NOT_FOUND", status: 404 });
  expect(answer.body).not.toContain("ciphertext");
}

const addresses = async (itemId: string): Promise<string[]> =>
  (
    await xb.context.db
      .selectFrom("evidence_chunks")
      .select("address")
      .where("item_id", "=", itemId)
      .orderBy("idx")
      .execute()
  ).map((r) => r.address);

describe("XB's chunk route", () => {
  it("serves a released item's chunks to the requesting State, each the ciphertext its manifest lists", async () => {
    const itemId = await uploadOnXb(xb, xbId, randomFile(CHUNK_SIZE + 9));
    await reviewAndRelease(xb, itemId);
    const listed = await addresses(itemId);
    expect(listed).toHaveLength(2);
    for (const [index, address] of listed.entries()) {
      const answer = await ask(xa, itemId, index);
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { itemId: string; index: number; ciphertext: string };
      expect(body).toMatchObject({ itemId, index });
      const sha256 = createHash("sha256").update(Buffer.from(body.ciphertext, "base64")).digest("hex");
      expect(sha256).toBe(address);
    }
  });

  it("answers 404 to a third State's node, a peer of XB but not the requesting State", async () => {
    const itemId = await uploadOnXb(xb, xbId, randomFile(100));
    await reviewAndRelease(xb, itemId);
    expect((await ask(xa, itemId, 0)).status).toBe(200);
    await expectNotFound(xc, itemId, 0);
  });

  it("answers 404 for an item sealed or reviewed but not yet released, even to the requesting State", async () => {
    const itemId = await uploadOnXb(xb, xbId, randomFile(100));
    await expectNotFound(xa, itemId, 0);
    await reviewEvidence(xb.context, xbReviewer, itemId);
    await expectNotFound(xa, itemId, 0);
  });

  it("answers 404 for an index the item does not have, and for an item XB does not hold", async () => {
    const itemId = await uploadOnXb(xb, xbId, randomFile(CHUNK_SIZE + 9));
    await reviewAndRelease(xb, itemId);
    await expectNotFound(xa, itemId, 2);
    await expectNotFound(xa, itemId, Number.MAX_SAFE_INTEGER);
    await expectNotFound(xa, randomUUID(), 0);
  });
});
