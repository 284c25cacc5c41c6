/**
 * Taking evidence in, piece by piece and resumably (docs/evidence.md, "Upload"). An upload is an
 * evidence item in state `uploading`: its file key (wrapped to this node) and every chunk stored so
 * far are committed as they are made durable, so after a crash — of the client or of the node — the
 * upload goes on from the last stored chunk (`offset`), never from the start and never with a gap.
 * Completing it signs the manifest and records `acquired` and `sealed` in the ledger.
 *
 * The same service serves the API (PUT of pieces) and `rogatory evidence add` (a file read once).
 */
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Transaction } from "kysely";
import { z } from "zod";
import { CasesError } from "../../cases/errors.js";
import type { Actor } from "../../cases/roles.js";
import { canonicalJson } from "../../crypto/canonical-json.js";
import { CHUNK_SIZE } from "../../evidence/chunked-aead.js";
import { type CustodyEventName, manifestDigest } from "../../evidence/custody.js";
import { EvidenceError } from "../../evidence/errors.js";
import { EvidenceIngest, type IngestedChunk, type IngestedFile } from "../../evidence/ingest.js";
import { unwrapFileKey, wrapFileKey } from "../../evidence/key-wrap.js";
import {
  type ManifestDetails,
  manifestFromIngest,
  SOURCE_KINDS,
  signManifest,
} from "../../evidence/manifest.js";
import { ownSigningKeyId } from "../../federation/peer-keys.js";
import type { NodeContext } from "../../server/node-context.js";
import type { BlobStore } from "../../store/blob-store.js";
import type { Database } from "../../store/schema.js";
import { executorOf, inTransaction } from "../in-transaction.js";
import { loadVisibleRequest, type RequestRow, storedDocument } from "../requests/request-record.js";
import { appendCustody } from "./custody-log.js";
import {
  blobsOf,
  type EvidenceItemRow,
  loadItemFor,
  requireItemState,
  requirePermission,
  sharedRequestId,
} from "./evidence-item.js";
import type { UploadView } from "./evidence-views.js";

/**
 * The largest item: its manifest (about 215 bytes per 1 MiB chunk) travels inside one transmission
 * message, which a peer takes up to 4 MiB of (sealed, base64 twice); 8 GiB keeps it well under.
 */
export const MAX_EVIDENCE_BYTES = 8 * 1024 ** 3;

/** Evidence is taken in while the request is being executed (or granted, just before). */
const TAKING_EVIDENCE = ["granted", "granted-with-conditions", "partially-granted", "executing"];

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const UploadStartSchema = z.strictObject({
  fileName: trimmed(255).refine(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    (name) => !/[/\\\u0000-\u001f\u007f]/.test(name) && name !== "." && name !== "..",
    "a file name without folders or control characters",
  ),
  mediaType: z
    .string()
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/)
    .default("application/octet-stream"),
  /** The size the client will send, when it knows it; completing with another size is refused. */
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  source: z.strictObject({
    kind: z.enum(SOURCE_KINDS),
    name: trimmed(200),
    system: trimmed(200).optional(),
  }),
  acquisition: z.strictObject({
    method: trimmed(200),
    /** When the data was acquired, UTC; now when not given. */
    at: z.iso.datetime().optional(),
  }),
});
export type UploadStart = z.infer<typeof UploadStartSchema>;

/**
 * Ingests in progress, by item, in this process: a piece continues the one in memory (bytes of an
 * unfinished chunk included); after a restart it is rebuilt from the stored chunks.
 */
type Live = { ingest: EvidenceIngest; accepted: number; busy: boolean };
/** Promises, set before the first await: two calls after a restart share one rebuilt ingest. */
const liveUploads = new WeakMap<BlobStore, Map<string, Promise<Live>>>();

function liveOf(blobs: BlobStore): Map<string, Promise<Live>> {
  let map = liveUploads.get(blobs);
  if (map === undefined) {
    map = new Map();
    liveUploads.set(blobs, map);
  }
  return map;
}

export async function startUpload(
  context: NodeContext,
  actor: Actor,
  requestId: string,
  input: unknown,
): Promise<UploadView> {
  const parsed = UploadStartSchema.safeParse(input);
  if (!parsed.success)
    throw new CasesError("BAD_REQUEST", `malformed upload: ${z.prettifyError(parsed.error)}`);
  const start = parsed.data;
  if (start.size !== undefined && start.size > MAX_EVIDENCE_BYTES) {
    throw new EvidenceError(
      "EVIDENCE_TOO_LARGE",
      `an evidence item holds at most ${MAX_EVIDENCE_BYTES} bytes (8 GiB): split the file`,
    );
  }
  const blobs = blobsOf(context);
  const request = await loadVisibleRequest(executorOf(context), actor, requestId);
  requirePermission(actor, "evidence.add", request);
  if (request.direction !== "incoming" || !TAKING_EVIDENCE.includes(request.state)) {
    throw new EvidenceError(
      "EVIDENCE_NOT_READY",
      `evidence is added to an incoming request being executed; this one is ${request.direction} and ${request.state}`,
    );
  }
  const itemId = randomUUID();
  const ingest = EvidenceIngest.start(blobs);
  const now = context.clock.now().toISOString();
  const row: EvidenceItemRow = {
    id: itemId,
    request_id: request.id,
    direction: "held",
    state: "uploading",
    origin_state: context.config.state,
    file_name: start.fileName,
    media_type: start.mediaType,
    details: JSON.stringify({
      source: start.source,
      acquisition: start.acquisition,
      ...(start.size === undefined ? {} : { size: start.size }),
    }),
    wrapped_key: await wrapFileKey(ingest.key, context.keys.encryptionPublic, itemId),
    size: null,
    sha256: null,
    manifest: null,
    manifest_sha256: null,
    peer_custody: null,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
    fetch_attempts: 0,
    next_fetch_at: null,
    last_fetch_error: null,
  };
  await inTransaction(context, (trx) => trx.insertInto("evidence_items").values(row).execute());
  liveOf(blobs).set(itemId, Promise.resolve({ ingest, accepted: 0, busy: false }));
  return viewOf(row, 0);
}

/** Where an upload stands: the offset to send from. */
export async function uploadStatus(context: NodeContext, actor: Actor, itemId: string): Promise<UploadView> {
  const { item } = await loadItemFor(executorOf(context), actor, itemId, "evidence.list");
  if (item.state !== "uploading") return viewOf(item, Number(item.size ?? 0));
  // Stored chunks before the final one are all full: a resumed ingest stands at their total.
  const live = await liveOf(blobsOf(context))
    .get(itemId)
    ?.catch(() => undefined);
  return viewOf(item, live?.accepted ?? (await storedChunks(context, itemId)).length * CHUNK_SIZE);
}

/**
 * Appends bytes that start at `offset` (which must be where the upload stands) and returns the new
 * standing. Chunks are committed as the ingest makes them durable, so an interrupted piece keeps
 * everything up to its last whole chunk.
 */
export async function appendUpload(
  context: NodeContext,
  actor: Actor,
  itemId: string,
  offset: number,
  body: AsyncIterable<Buffer> | Iterable<Buffer> | Readable,
): Promise<UploadView> {
  const item = await uploaderItem(context, actor, itemId);
  const limit = announcedSize(item) ?? MAX_EVIDENCE_BYTES;
  const live = await liveIngest(context, item);
  // No await from here to `busy = true`: of two pieces at once, exactly one goes on.
  claim(live);
  if (offset !== live.accepted) {
    live.busy = false;
    throw new EvidenceError(
      "EVIDENCE_UPLOAD_OFFSET",
      `the upload stands at byte ${live.accepted}; send from there, not from ${offset}`,
    );
  }
  try {
    for await (const data of body as AsyncIterable<Buffer>) {
      if (live.accepted + data.length > limit) {
        throw new EvidenceError(
          "EVIDENCE_TOO_LARGE",
          `the upload would pass ${limit} bytes (${announcedSize(item) === undefined ? "the largest item a transmission carries" : "the size announced"}); nothing past byte ${live.accepted} was kept`,
        );
      }
      const stored = await live.ingest.write(data);
      live.accepted += data.length;
      if (stored.length > 0) await recordChunks(context, itemId, stored);
    }
  } catch (error) {
    // What was not stored is forgotten: the next piece resumes from the stored chunks.
    live.ingest.abort();
    liveOf(blobsOf(context)).delete(itemId);
    throw error;
  } finally {
    live.busy = false;
  }
  return viewOf(item, live.accepted);
}

/** Seals the upload: signs the manifest and records `acquired` and `sealed`. */
export async function completeUpload(
  context: NodeContext,
  actor: Actor,
  itemId: string,
): Promise<UploadView> {
  const item = await uploaderItem(context, actor, itemId);
  const live = await liveIngest(context, item);
  claim(live);
  const details = JSON.parse(item.details) as { size?: number } & Pick<ManifestDetails, "source"> & {
      acquisition: { method: string; at?: string };
    };
  if (details.size !== undefined && live.accepted !== details.size) {
    live.busy = false;
    throw new EvidenceError(
      "EVIDENCE_UPLOAD_OFFSET",
      `the upload has ${live.accepted} bytes, not the ${details.size} announced; send the rest from byte ${live.accepted}`,
    );
  }
  let file: IngestedFile;
  try {
    file = await live.ingest.finish();
  } finally {
    // Finished or failed, this ingest is spent: a retry rebuilds one from the stored chunks.
    liveOf(blobsOf(context)).delete(itemId);
  }
  return inTransaction(context, async (trx) => {
    const request = await loadVisibleRequest(trx, actor, item.request_id);
    const officer = await trx
      .selectFrom("users")
      .select("username")
      .where("id", "=", actor.id)
      .executeTakeFirst();
    const decision = await trx
      .selectFrom("decisions")
      .select("conditions")
      .where("request_id", "=", request.id)
      .orderBy("decided_at", "desc")
      .executeTakeFirst();
    const now = context.clock.now().toISOString();
    const manifest = manifestFromIngest(file, {
      itemId,
      requestId: sharedRequestId(request),
      fileName: item.file_name,
      mediaType: item.media_type,
      source: details.source,
      acquisition: {
        method: details.acquisition.method,
        officer: officer?.username ?? actor.id,
        at: details.acquisition.at ?? now,
      },
      legalBasis: legalBasisOf(request),
      conditions: decision ? (JSON.parse(decision.conditions) as ManifestDetails["conditions"]) : [],
      node: { state: context.config.state, logId: context.keys.logId },
    });
    const signed = signManifest(manifest, context.keys.signingPrivate, ownSigningKeyId(context.keys));
    const digest = manifestDigest(signed);
    await recordChunksIn(trx, itemId, file.chunks);
    const updated = await trx
      .updateTable("evidence_items")
      .set({
        state: "sealed",
        size: file.size,
        sha256: file.sha256,
        manifest: canonicalJson(signed),
        manifest_sha256: digest,
        updated_at: now,
      })
      .where("id", "=", itemId)
      .where("state", "=", "uploading")
      .returningAll()
      .executeTakeFirstOrThrow();
    const steps: CustodyEventName[] = ["acquired", "sealed"];
    await appendCustody(
      trx,
      context,
      steps.map((event) => ({
        itemId,
        event,
        actor,
        requestId: manifest.requestId,
        manifestSha256: digest,
        ...(event === "acquired"
          ? { extra: { method: details.acquisition.method, source: details.source.name } }
          : {}),
      })),
    );
    return viewOf(updated, file.size);
  });
}

/** Only the person who started an upload continues it, and only while it is uploading. */
async function uploaderItem(context: NodeContext, actor: Actor, itemId: string): Promise<EvidenceItemRow> {
  const { item } = await loadItemFor(executorOf(context), actor, itemId, "evidence.add");
  requireItemState(item, ["uploading"], "adding to it");
  if (item.created_by !== actor.id)
    throw new CasesError("FORBIDDEN", "only the person who started an upload continues it");
  return item;
}

/** The upload's ingest in this process, rebuilt from the stored chunks when there is none (after a restart). */
function liveIngest(context: NodeContext, item: EvidenceItemRow): Promise<Live> {
  const live = liveOf(blobsOf(context));
  const held = live.get(item.id);
  if (held !== undefined) return held;
  const resumed = (async (): Promise<Live> => {
    const key = await unwrapFileKey(item.wrapped_key, context.keys.encryptionPrivate, item.id);
    const chunks = await storedChunks(context, item.id);
    const ingest = await EvidenceIngest.resume(blobsOf(context), key, chunks);
    return { ingest, accepted: ingest.bytesSealed, busy: false };
  })();
  live.set(item.id, resumed);
  resumed.catch(() => live.delete(item.id));
  return resumed;
}

/** One call at a time per upload: a second one while a piece is taken in is told to wait. */
function claim(live: Live): void {
  if (live.busy)
    throw new EvidenceError("EVIDENCE_UPLOAD_OFFSET", "another piece of this upload is being taken in");
  live.busy = true;
}

/** The size the uploader announced at the start, if any. */
const announcedSize = (item: EvidenceItemRow): number | undefined =>
  (JSON.parse(item.details) as { size?: number }).size;

/** The chunks stored so far, as the ingest needs them back to resume. */
async function storedChunks(context: NodeContext, itemId: string): Promise<IngestedChunk[]> {
  const rows = await executorOf(context)
    .selectFrom("evidence_chunks")
    .selectAll()
    .where("item_id", "=", itemId)
    .orderBy("idx")
    .execute();
  return rows.map((row) => ({
    index: row.idx,
    last: row.last === 1,
    address: row.address,
    plaintextSha256: row.plaintext_sha256,
    ciphertextSize: row.ciphertext_size,
  }));
}

async function recordChunks(
  context: NodeContext,
  itemId: string,
  chunks: readonly IngestedChunk[],
): Promise<void> {
  await inTransaction(context, (trx) => recordChunksIn(trx, itemId, chunks));
}

async function recordChunksIn(
  trx: Transaction<Database>,
  itemId: string,
  chunks: readonly IngestedChunk[],
): Promise<void> {
  for (const chunk of chunks) {
    await trx
      .insertInto("evidence_chunks")
      .values({
        item_id: itemId,
        idx: chunk.index,
        address: chunk.address,
        plaintext_sha256: chunk.plaintextSha256,
        ciphertext_size: chunk.ciphertextSize,
        last: chunk.last ? 1 : 0,
        present: 1,
      })
      .onConflict((c) => c.columns(["item_id", "idx"]).doNothing())
      .execute();
  }
}

function viewOf(item: EvidenceItemRow, offset: number): UploadView {
  return {
    itemId: item.id,
    requestId: item.request_id,
    fileName: item.file_name,
    state: item.state,
    offset,
    size: item.size === null ? null : Number(item.size),
    sha256: item.sha256,
  };
}

/** The request's own legal basis under its treaty (the article it cites), or the treaty alone. */
function legalBasisOf(request: RequestRow): ManifestDetails["legalBasis"] {
  const cited = storedDocument(request).legalBasis?.find((basis) => basis.treaty === request.treaty);
  return cited?.article === undefined
    ? { treaty: request.treaty }
    : { treaty: request.treaty, article: cited.article };
}
