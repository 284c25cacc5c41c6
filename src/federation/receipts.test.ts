import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateNodeKeys, keyId } from "../crypto/node-keys.js";
import { makeCard } from "../directory/node-card-test-kit.js";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { inclusionProof, merkleRoot } from "../ledger/merkle.js";
import { signTreeHead } from "../ledger/tree-head.js";
import { FederationError } from "./errors.js";
import { type ReceiptBody, receiptBody, verifyReceipt } from "./receipts.js";

const xb = generateNodeKeys();
const card = makeCard(xb, { state: "XB" });
const NOW = new Date("2030-01-15T09:00:00.000Z");
const MESSAGE_ID = randomUUID();
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** A five-entry log whose entry 3 records MESSAGE_ID from XA, and XB's receipt for it. */
function receipt(
  signingKey = xb.signing.privateKey,
  logId = `XB/${keyId(xb.signing.publicKey)}`,
): ReceiptBody {
  const entries: Entry[] = [0, 1, 2, 3, 4].map((index) => ({
    index,
    time: NOW.toISOString(),
    actor: "peer:XA",
    type: index === 3 ? "message.received" : "request.received",
    subject: index === 3 ? MESSAGE_ID : `s-${index}`,
    data: index === 3 ? { messageId: MESSAGE_ID, from: "XA", kind: "request" } : {},
  }));
  const leaves = entries.map(entryLeafHash);
  const head = signTreeHead(
    { logId, size: 5, timestamp: NOW.getTime(), root: merkleRoot(leaves) },
    signingKey,
  );
  return receiptBody(MESSAGE_ID, entries[3] as Entry, head, inclusionProof(leaves, 3).map(toHex));
}

const expected = { messageId: MESSAGE_ID, from: "XA", card, now: NOW };
const failure = (body: ReceiptBody, over: Partial<typeof expected> = {}) => {
  try {
    verifyReceipt(body, { ...expected, ...over });
  } catch (error) {
    expect(error).toBeInstanceOf(FederationError);
    const refused = error as FederationError;
    return refused.code === "FEDERATION_BAD_RECEIPT" ? refused.message : "wrong code";
  }
  return "accepted";
};

describe("verifyReceipt", () => {
  it("accepts the peer's receipt for the message", () => {
    expect(failure(receipt())).toBe("accepted");
  });

  it("refuses a receipt for another message", () => {
    expect(failure(receipt(), { messageId: randomUUID() })).toMatch(/is for message/);
  });

  it("refuses an entry that records another sender", () => {
    expect(failure(receipt(), { from: "XC" })).toMatch(/ledger entry/);
  });

  it("refuses a head signed by a key not on the peer's card", () => {
    const stranger = generateNodeKeys();
    expect(failure(receipt(stranger.signing.privateKey, `XB/${keyId(stranger.signing.publicKey)}`))).toMatch(
      /not XB's under a current signing key/,
    );
  });

  it("refuses a head whose signature does not verify", () => {
    expect(failure(receipt(generateNodeKeys().signing.privateKey))).toMatch(/signature/);
  });

  it("refuses an entry the proof does not place in the head", () => {
    const body = receipt();
    const altered = { ...body, entry: { ...body.entry, time: "2030-01-15T09:00:01.000Z" } };
    expect(failure(altered)).toMatch(/inclusion proof/);
  });
});
