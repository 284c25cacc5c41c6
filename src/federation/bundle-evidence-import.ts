/**
 * The evidence chunks a bundle carries, taken in after its messages (so the transmission that
 * announced an item has made it `receiving`). Each chunk is kept only on the same checks as a chunk
 * fetched online, by the same code (evidence-chunk-intake.ts), and an item whose last chunk arrives
 * is finished exactly as online: read back whole, received and verified, the request moved to
 * evidence-received.
 *
 * The bundle's signature says only who wrote the file; what is inside each chunk is checked here
 * against the manifest the providing State signed. A chunk that fails is refused alone and not kept;
 * its item stays `receiving` and can still complete from another bundle or online.
 */

import { EvidenceError } from "../evidence/errors.js";
import type { NodeContext } from "../server/node-context.js";
import { blobsOf, type EvidenceItemRow } from "../services/evidence/evidence-item.js";
import { storedFileOf } from "../services/evidence/open-evidence.js";
import type { BundleChunk } from "./bundle-format.js";
import { FederationError } from "./errors.js";
import {
  checkArrivedChunk,
  completeReceivedItem,
  type EvidenceChunkRow,
  keepArrivedChunks,
  missingChunkCount,
} from "./evidence-chunk-intake.js";

export type EvidenceIntake = {
  /** Chunks checked and kept. */
  stored: number;
  /** Chunks this node already held (an earlier bundle, or fetched online). */
  already: number;
  /** Items whose last chunk came in this bundle: now received and verified. */
  completed: string[];
};

/** Runs one chunk's intake; a refusal is recorded against the chunk's place in the bundle. */
export type Attempt = (index: number, body: () => Promise<void>) => Promise<void>;

type Carried = { index: number; chunk: BundleChunk };

export async function takeInCarriedChunks(options: {
  context: NodeContext;
  from: string;
  chunks: readonly BundleChunk[];
  attempt: Attempt;
  onChunk: () => void;
}): Promise<EvidenceIntake> {
  const intake: EvidenceIntake = { stored: 0, already: 0, completed: [] };
  for (const [itemId, carried] of byItem(options.chunks)) {
    await takeInItem({ ...options, itemId, carried, intake });
  }
  return intake;
}

async function takeInItem(options: {
  context: NodeContext;
  from: string;
  itemId: string;
  carried: Carried[];
  attempt: Attempt;
  onChunk: () => void;
  intake: EvidenceIntake;
}): Promise<void> {
  const { context, from, itemId, carried, attempt, intake } = options;
  const item = await context.db
    .selectFrom("evidence_items")
    .selectAll()
    .where("id", "=", itemId)
    .executeTakeFirst();
  if (item === undefined || item.direction !== "received" || item.origin_state !== from) {
    for (const { index } of carried) {
      await attempt(index, async () => {
        throw new FederationError(
          "FEDERATION_REFUSED",
          `a chunk of evidence item ${itemId}, which this node is not receiving from ${from}`,
        );
      });
      options.onChunk();
    }
    return;
  }
  if (item.state !== "receiving") {
    intake.already += carried.length;
    for (const _ of carried) options.onChunk();
    return;
  }
  const stored = await storeChunks(context, item, carried, attempt, options.onChunk, intake);
  intake.stored += stored;
  if ((await missingChunkCount(context, itemId)) > 0) return;
  const last = carried[carried.length - 1]?.index ?? 0;
  await attempt(last, async () => {
    await completeReceivedItem(context, item);
    intake.completed.push(itemId);
  });
}

/** Checks and puts each carried chunk, then makes the kept ones durable and present; returns how many. */
async function storeChunks(
  context: NodeContext,
  item: EvidenceItemRow,
  carried: Carried[],
  attempt: Attempt,
  onChunk: () => void,
  intake: EvidenceIntake,
): Promise<number> {
  const rows = new Map<number, EvidenceChunkRow>(
    (await context.db.selectFrom("evidence_chunks").selectAll().where("item_id", "=", item.id).execute()).map(
      (row) => [row.idx, row],
    ),
  );
  const { key } = await storedFileOf(context, item);
  const kept = new Set<number>();
  try {
    for (const { index, chunk } of carried) {
      const row = rows.get(chunk.index);
      if (row !== undefined && (row.present === 1 || kept.has(row.idx))) {
        intake.already += 1;
      } else {
        await attempt(index, async () => {
          if (row === undefined) {
            throw new EvidenceError(
              "EVIDENCE_CHUNK_INVALID",
              `evidence item ${item.id} has no chunk ${chunk.index} in its manifest`,
            );
          }
          const ciphertext = Buffer.from(chunk.ciphertext, "base64");
          try {
            checkArrivedChunk(key, row, ciphertext);
          } catch (error) {
            if (!(error instanceof EvidenceError)) throw error;
            throw new EvidenceError(error.code, `evidence item ${item.id}: ${error.message}`, {
              cause: error,
            });
          }
          await blobsOf(context).put(ciphertext);
          kept.add(row.idx);
        });
      }
      onChunk();
    }
  } finally {
    // What was checked and put so far is kept, durable before it is marked present.
    await keepArrivedChunks(context, item.id, [...kept]);
  }
  return kept.size;
}

/** The carried chunks grouped by item, in the order the items first appear, each with its place. */
function byItem(chunks: readonly BundleChunk[]): Map<string, Carried[]> {
  const groups = new Map<string, Carried[]>();
  for (const [index, chunk] of chunks.entries()) {
    const group = groups.get(chunk.itemId) ?? [];
    group.push({ index, chunk });
    groups.set(chunk.itemId, group);
  }
  return groups;
}
