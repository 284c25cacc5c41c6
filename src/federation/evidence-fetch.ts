/**
 * The requesting node fetches the chunks of evidence it was sent, from the node that holds them
 * (`GET /federation/v1/evidence/{item}/chunks/{index}` over the same mutual TLS). Each chunk must
 * hash to the address the signed manifest lists, authenticate at its place under the item's key and
 * open to the plaintext hash listed; only then is it stored. A chunk that fails is never kept: it is
 * fetched again next round (with back-off). When every chunk is in, the whole file is read back and
 * checked against the manifest, and only then is the item marked received and verified. Those
 * checks and that finish are evidence-chunk-intake.ts, shared with chunks carried on a bundle.
 */
import { EvidenceError } from "../evidence/errors.js";
import type { NodeContext } from "../server/node-context.js";
import { blobsOf, type EvidenceItemRow } from "../services/evidence/evidence-item.js";
import { storedFileOf } from "../services/evidence/open-evidence.js";
import { deliveryPolicyOf, retryDelayMs } from "./delivery-policy.js";
import { checkArrivedChunk, completeReceivedItem, keepArrivedChunks } from "./evidence-chunk-intake.js";
import type { Transport } from "./http-transport.js";
import { type Log, logError } from "./log.js";
import { activePeerCard } from "./peer-keys.js";

export const EVIDENCE_CHUNK_PATH = "/federation/v1/evidence/:itemId/chunks/:index";
export const chunkUrl = (endpoint: string, itemId: string, index: number): string =>
  `${endpoint.replace(/\/+$/, "")}/federation/v1/evidence/${itemId}/chunks/${index}`;

/** Chunks fetched per item and round: a large item does not hold up the round for long. */
const CHUNKS_PER_ROUND = 32;

export async function fetchEvidence(context: NodeContext, transport: Transport, log?: Log): Promise<void> {
  const now = context.clock.now().toISOString();
  const due = await context.db
    .selectFrom("evidence_items")
    .selectAll()
    .where("state", "=", "receiving")
    .where("next_fetch_at", "<=", now)
    .orderBy("next_fetch_at")
    .limit(8)
    .execute();
  for (const item of due) {
    let complete: boolean;
    try {
      complete = await fetchSome(context, transport, item);
    } catch (error) {
      await postpone(context, item, error, log);
      continue;
    }
    if (!complete) continue;
    try {
      await completeReceivedItem(context, item);
    } catch (error) {
      // A stored chunk found damaged or gone while the file was read back is fetched again; chunks
      // that each checked out but do not make the file the signed manifest describes never will.
      if (isBlobFault(error)) {
        await forgetDamagedChunks(context, item.id);
        await postpone(context, item, error, log);
      } else if (error instanceof EvidenceError) await refuseItem(context, item, error, log);
      else await postpone(context, item, error, log);
    }
  }
}

/** A sender's item whose whole file contradicts its own manifest: kept, marked refused, not retried. */
async function refuseItem(context: NodeContext, item: EvidenceItemRow, error: EvidenceError, log?: Log) {
  await context.db
    .updateTable("evidence_items")
    .set({ state: "refused", last_fetch_error: error.message.slice(0, 500), next_fetch_at: null })
    .where("id", "=", item.id)
    .where("state", "=", "receiving")
    .execute();
  logError(
    log,
    { itemId: item.id, from: item.origin_state, code: error.code },
    "received evidence does not match its signed manifest; refused",
  );
}

/** Fetches the next missing chunks; true when none is missing any more. */
async function fetchSome(
  context: NodeContext,
  transport: Transport,
  item: EvidenceItemRow,
): Promise<boolean> {
  const missing = await context.db
    .selectFrom("evidence_chunks")
    .selectAll()
    .where("item_id", "=", item.id)
    .where("present", "=", 0)
    .orderBy("idx")
    .limit(CHUNKS_PER_ROUND)
    .execute();
  if (missing.length === 0) return true;
  const card = await activePeerCard(context.db, item.origin_state);
  if (card === undefined) throw new Error(`${item.origin_state} is not an active peer`);
  const { key } = await storedFileOf(context, item);
  const blobs = blobsOf(context);
  const stored: number[] = [];
  try {
    for (const chunk of missing) {
      const answer = await transport.get(chunkUrl(card.endpoint, item.id, chunk.idx));
      if (answer.status !== 200)
        throw new Error(`chunk ${chunk.idx}: ${item.origin_state} answered ${answer.status}`);
      const ciphertext = Buffer.from(
        (JSON.parse(answer.body) as { ciphertext?: unknown }).ciphertext as string,
        "base64",
      );
      checkArrivedChunk(key, chunk, ciphertext);
      await blobs.put(ciphertext);
      stored.push(chunk.idx);
    }
  } finally {
    // What was checked and stored so far is kept, durable before it is marked present.
    await keepArrivedChunks(context, item.id, stored);
    // Progress resets the back-off: a peer that was down and is back is not waited for long.
    if (stored.length > 0)
      await context.db
        .updateTable("evidence_items")
        .set({ fetch_attempts: 0 })
        .where("id", "=", item.id)
        .execute();
  }
  return missing.length < CHUNKS_PER_ROUND && stored.length === missing.length;
}

async function postpone(
  context: NodeContext,
  item: EvidenceItemRow,
  error: unknown,
  log?: Log,
): Promise<void> {
  const failures = item.fetch_attempts + 1;
  const delay = retryDelayMs(deliveryPolicyOf(context.config), failures, Math.random);
  const reason = error instanceof Error ? error.message : String(error);
  await context.db
    .updateTable("evidence_items")
    .set({
      fetch_attempts: failures,
      last_fetch_error: reason.slice(0, 500),
      next_fetch_at: new Date(context.clock.now().getTime() + delay).toISOString(),
    })
    .where("id", "=", item.id)
    .execute();
  logError(
    log,
    { itemId: item.id, from: item.origin_state, code: (error as { code?: unknown }).code, reason },
    "evidence fetch failed; will retry",
  );
}

const isBlobFault = (error: unknown): boolean =>
  error instanceof EvidenceError &&
  (error.code === "EVIDENCE_BLOB_CORRUPT" || error.code === "EVIDENCE_BLOB_MISSING");

/** Marks missing again every chunk whose blob no longer matches its address. */
async function forgetDamagedChunks(context: NodeContext, itemId: string): Promise<void> {
  const present = await context.db
    .selectFrom("evidence_chunks")
    .select(["idx", "address"])
    .where("item_id", "=", itemId)
    .where("present", "=", 1)
    .execute();
  const damaged: number[] = [];
  for (const chunk of present) {
    try {
      await blobsOf(context).get(chunk.address);
    } catch (error) {
      if (!isBlobFault(error)) throw error;
      damaged.push(chunk.idx);
    }
  }
  if (damaged.length === 0) return;
  await context.db
    .updateTable("evidence_chunks")
    .set({ present: 0 })
    .where("item_id", "=", itemId)
    .where("idx", "in", damaged)
    .execute();
}
