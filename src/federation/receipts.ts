/**
 * Receipts: the receiver's proof that it took a message in. A receipt names the message, carries
 * the receiver's ledger entry recording it, a signed tree head covering that entry and the
 * inclusion proof tying the two (docs/protocol.md §8). It travels as a sealed `receipt` message,
 * so it is also signed by the receiver's node key and readable only by the sender.
 *
 * Pure: the peer's card and the time are passed in. Everything in `body` comes from the peer.
 */
import type { MessageBody } from "../crypto/envelope.js";
import type { NodeCard } from "../directory/node-card.js";
import { currentKeys, publicKeyOf } from "../directory/node-card-keys.js";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { type SignedTreeHead, verifyTreeHead } from "../ledger/tree-head.js";
import { verifyInclusion } from "../ledger/verify-proof.js";
import { FederationError } from "./errors.js";

export type ReceiptBody = MessageBody<"receipt">;

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

/** The body of a receipt for `messageId`, from the entry, the head and the proof (hex hashes). */
export function receiptBody(
  messageId: string,
  entry: Entry,
  head: SignedTreeHead,
  proofHex: readonly string[],
): ReceiptBody {
  return {
    messageId,
    entry,
    treeHead: {
      logId: head.logId,
      size: head.size,
      timestamp: head.timestamp,
      root: toBase64(head.root),
      signature: head.signature,
    },
    inclusionProof: {
      leafIndex: entry.index,
      treeSize: head.size,
      hashes: proofHex.map((hex) => toBase64(Buffer.from(hex, "hex"))),
    },
  };
}

const bad = (message: string) => new FederationError("FEDERATION_BAD_RECEIPT", message);

/**
 * Checks a receipt the peer `card` sent for `messageId`: it is about that message, its ledger
 * entry records that message from us, the tree head is signed by one of the peer's current
 * signing keys and is that peer's log, and the entry is included in the head. Throws
 * FEDERATION_BAD_RECEIPT naming the first check that fails.
 */
export function verifyReceipt(
  body: ReceiptBody,
  expected: { messageId: string; from: string; card: NodeCard; now: Date },
): void {
  const { card } = expected;
  if (body.messageId !== expected.messageId) {
    throw bad(`the receipt is for message ${body.messageId}, not ${expected.messageId}`);
  }
  const data = body.entry.data;
  if (
    body.entry.type !== "message.received" ||
    data.messageId !== expected.messageId ||
    data.from !== expected.from
  ) {
    throw bad("the receipt's ledger entry does not record this message from this node");
  }
  const [state, kid] = body.treeHead.logId.split("/");
  const key = currentKeys(card, expected.now, "sig").find((k) => k.kid === kid);
  if (state !== card.state || key === undefined) {
    throw bad(
      `the tree head's log ${body.treeHead.logId} is not ${card.state}'s under a current signing key`,
    );
  }
  const head: SignedTreeHead = { ...body.treeHead, root: fromBase64(body.treeHead.root) };
  if (!verifyTreeHead(head, publicKeyOf(key))) throw bad("the tree head's signature does not verify");
  const proof = body.inclusionProof;
  const included = verifyInclusion(
    proof.leafIndex,
    proof.treeSize,
    entryLeafHash(body.entry),
    proof.hashes.map(fromBase64),
    head.root,
  );
  if (!included) throw bad("the inclusion proof does not place the entry in the signed tree head");
}
