/**
 * The evidence an offline bundle carries: for each evidence transmission the bundle carries, every
 * encrypted chunk of that item, read from the blob store (which checks each against its address).
 * Over an air gap the receiver can never fetch chunks online, so a transmission travels only with
 * all its chunks: an item is carried whole or its message waits.
 *
 * The file stays under MAX_BUNDLE_BYTES. Items are taken oldest first while they fit; an item that
 * does not fit in what is left has its transmission held back (still pending in the outbox, so a
 * later bundle carries it once the peer's receipts for this one came back and freed the room), and
 * an item larger than any bundle is held back for good: it can go only online. Both are named in
 * the export's answer.
 */
import type { NodeContext } from "../server/node-context.js";
import { blobsOf } from "../services/evidence/evidence-item.js";
import type { BundleChunk } from "./bundle-format.js";

/** An evidence transmission the bundle leaves out, and why. */
export type HeldBackItem = {
  itemId: string;
  messageId: string;
  /** What the item's chunks add to a bundle file, in bytes. */
  bytes: number;
  /** `next-bundle`: no room left in this one; `too-large`: more than any bundle holds. */
  reason: "next-bundle" | "too-large";
};

export type PendingRow = { message_id: string; kind: string; sealed: string; signed_message: string | null };

/** Room for the bundle's own members, signature and indentation; generous, so the cap is never passed. */
const BUNDLE_OVERHEAD = 4096;
/** Per envelope or receipt: quotes, comma, line feed and indentation. */
const ITEM_OVERHEAD = 16;
/** Per chunk: `{ "itemId": …, "index": …, "ciphertext": … }` indented, without the ciphertext. */
const CHUNK_OVERHEAD = 160;

const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** The bytes a bundle with these envelopes and receipts takes before any chunk. */
export function bundleBaseBytes(sealed: readonly string[]): number {
  return sealed.reduce((sum, s) => sum + s.length + ITEM_OVERHEAD, BUNDLE_OVERHEAD);
}

/**
 * Chooses which evidence transmissions among `pending` travel in a bundle of at most `maxBytes`
 * whose other contents take `baseBytes`; returns their chunks and the transmissions held back.
 */
export async function bundleEvidence(
  context: NodeContext,
  pending: readonly PendingRow[],
  baseBytes: number,
  maxBytes: number,
): Promise<{ chunks: BundleChunk[]; heldBack: HeldBackItem[] }> {
  const transmissions = pending.filter((row) => row.kind === "evidence-transmission");
  // The transmissions' own envelopes are already counted in baseBytes; one held back frees its room.
  let used = baseBytes;
  const chunks: BundleChunk[] = [];
  const heldBack: HeldBackItem[] = [];
  for (const row of transmissions) {
    const itemId = transmittedItemId(row);
    const stored = await context.db
      .selectFrom("evidence_chunks")
      .select(["idx", "address", "ciphertext_size"])
      .where("item_id", "=", itemId)
      .orderBy("idx")
      .execute();
    const bytes = stored.reduce((sum, c) => sum + base64Length(c.ciphertext_size) + CHUNK_OVERHEAD, 0);
    if (used + bytes <= maxBytes) {
      used += bytes;
      for (const chunk of stored) {
        const ciphertext = await blobsOf(context).get(chunk.address);
        chunks.push({ itemId, index: chunk.idx, ciphertext: ciphertext.toString("base64") });
      }
      continue;
    }
    const alone = bundleBaseBytes([row.sealed]) + bytes;
    heldBack.push({
      itemId,
      messageId: row.message_id,
      bytes,
      reason: alone > maxBytes ? "too-large" : "next-bundle",
    });
    used -= row.sealed.length + ITEM_OVERHEAD;
  }
  return { chunks, heldBack };
}

/** The item a transmission we sent is about, read from our own signed copy of the message. */
function transmittedItemId(row: PendingRow): string {
  if (row.signed_message === null) {
    throw new Error(`outbox message ${row.message_id} has no signed copy: it predates evidence`);
  }
  const payload = row.signed_message.split(".")[1] ?? "";
  const message = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    body?: { manifest?: { manifest?: { itemId?: unknown } } };
  };
  const itemId = message.body?.manifest?.manifest?.itemId;
  if (typeof itemId !== "string") {
    throw new Error(`outbox message ${row.message_id} is an evidence transmission without an item id`);
  }
  return itemId;
}
