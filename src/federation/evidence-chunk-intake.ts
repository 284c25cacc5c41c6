/**
 * Taking in the chunks of a received evidence item, however they came: fetched online from the
 * providing node (evidence-fetch.ts) or carried on an offline bundle (bundle-import.ts). Both paths
 * call these functions, so a chunk is kept on the same checks and an item finishes the same way
 * whichever road its bytes took.
 *
 * A chunk is kept only if it hashes to the address the signed manifest lists, authenticates at its
 * place under the item's key and opens to the plaintext hash listed. Kept chunks are made durable
 * before they are marked present. When every chunk is present the whole file is read back and
 * checked against the manifest, and only then is the item marked received and verified.
 */
import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import { SYSTEM } from "../cases/roles.js";
import { openStoredChunk } from "../evidence/chunked-aead.js";
import { EvidenceError } from "../evidence/errors.js";
import { readEvidence } from "../evidence/ingest.js";
import type { NodeContext } from "../server/node-context.js";
import { appendCustody } from "../services/evidence/custody-log.js";
import { blobsOf, type EvidenceItemRow, signedManifestOf } from "../services/evidence/evidence-item.js";
import { storedFileOf } from "../services/evidence/open-evidence.js";
import { performAction } from "../services/requests/perform-action.js";
import type { EvidenceChunksTable } from "../store/schema.js";

export type EvidenceChunkRow = Selectable<EvidenceChunksTable>;

/** States from which a request may move to evidence-received. */
const AWAITING_EVIDENCE = new Set(["executing", "granted", "granted-with-conditions", "partially-granted"]);

/**
 * Throws unless `ciphertext` is exactly the chunk its manifest row describes. A ciphertext whose
 * SHA-256 is not the listed address is EVIDENCE_CHUNK_INVALID here (the blob store's own
 * EVIDENCE_BLOB_CORRUPT speaks of a file altered on disk, which an arriving chunk is not).
 */
export function checkArrivedChunk(key: Uint8Array, chunk: EvidenceChunkRow, ciphertext: Buffer): void {
  let pieces: Buffer[];
  try {
    pieces = openStoredChunk(key, { index: chunk.idx, last: chunk.last === 1, ciphertext }, chunk.address);
  } catch (error) {
    if (error instanceof EvidenceError && error.code === "EVIDENCE_BLOB_CORRUPT") {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `chunk ${chunk.idx} does not hash to the address its manifest lists`,
        { cause: error },
      );
    }
    throw error;
  }
  const plaintextSha256 = pieces.reduce((h, p) => h.update(p), createHash("sha256")).digest("hex");
  if (plaintextSha256 !== chunk.plaintext_sha256 || ciphertext.length !== chunk.ciphertext_size) {
    throw new EvidenceError("EVIDENCE_CHUNK_INVALID", `chunk ${chunk.idx} does not match the manifest`);
  }
}

/** Makes the chunks put in the blob store durable, then marks them present (in that order). */
export async function keepArrivedChunks(
  context: NodeContext,
  itemId: string,
  indexes: readonly number[],
): Promise<void> {
  if (indexes.length === 0) return;
  await blobsOf(context).flush();
  await context.db
    .updateTable("evidence_chunks")
    .set({ present: 1 })
    .where("item_id", "=", itemId)
    .where("idx", "in", [...indexes])
    .execute();
}

/** How many chunks of the item are not in the blob store yet. */
export async function missingChunkCount(context: NodeContext, itemId: string): Promise<number> {
  const row = await context.db
    .selectFrom("evidence_chunks")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("item_id", "=", itemId)
    .where("present", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every chunk is in: read the whole file back, then record received and verified and move the
 * request to evidence-received. Does nothing when the item is no longer `receiving` (finished by
 * the other road meanwhile).
 */
export async function completeReceivedItem(context: NodeContext, item: EvidenceItemRow): Promise<void> {
  const file = await storedFileOf(context, item);
  for await (const _ of readEvidence(file, blobsOf(context))) {
    // Reading is the check: readEvidence throws on any chunk or whole-file mismatch.
  }
  const manifest = signedManifestOf(item).manifest;
  const manifestSha256 = item.manifest_sha256 ?? "";
  await context.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("evidence_items")
      .set({ state: "received", updated_at: context.clock.now().toISOString(), last_fetch_error: null })
      .where("id", "=", item.id)
      .where("state", "=", "receiving")
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return;
    const inTrx = { ...context, trx };
    const step = { itemId: item.id, actor: SYSTEM, requestId: manifest.requestId, manifestSha256 };
    await appendCustody(trx, inTrx, [
      { ...step, event: "received", extra: { from: item.origin_state } },
      { ...step, event: "verified", extra: { sha256: manifest.sha256, size: manifest.size } },
    ]);
    const request = await trx
      .selectFrom("requests")
      .select("state")
      .where("id", "=", item.request_id)
      .executeTakeFirstOrThrow();
    if (AWAITING_EVIDENCE.has(request.state)) {
      await performAction({
        context: inTrx,
        actor: SYSTEM,
        requestId: item.request_id,
        action: "record-evidence",
      });
    }
  });
}
