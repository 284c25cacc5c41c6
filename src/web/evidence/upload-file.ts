/**
 * Sends one file to the node as a resumable upload (docs/evidence.md, "Upload"): start, then the
 * file in 8 MiB slices, each PUT at the offset where the upload stands, then complete. When the
 * node says the upload stands elsewhere (409 with its `offset`) or the connection drops, it goes on
 * from the node's offset with the same File, so the bytes resent are the same bytes (a chunk must
 * never be sealed twice with different content).
 */
import { ApiError, api } from "../app/api.js";
import type { AcquisitionDetails, UploadView } from "./evidence-types.js";

/** The slice sent per PUT: what the CLI reads at once; a cut connection costs at most this much. */
export const PIECE_BYTES = 8 * 1024 * 1024;

/** Attempts in a row that move nothing forward before giving up (a dropped line, a busy upload). */
const MAX_STALLS = 4;

export type UploadPhase = "starting" | "sending" | "resuming" | "completing" | "done";
export type UploadProgress = { phase: UploadPhase; sent: number; total: number };

export class UploadCancelled extends Error {}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The browser's type for the file when the node would take it, else plain bytes. */
export function mediaTypeOf(file: File): string {
  const type = (file.type.split(";")[0] ?? "").trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : "application/octet-stream";
}

function startBody(file: File, details: AcquisitionDetails) {
  const system = details.system.trim();
  return {
    fileName: file.name,
    mediaType: mediaTypeOf(file),
    size: file.size,
    source: {
      kind: details.sourceKind,
      name: details.sourceName.trim(),
      ...(system === "" ? {} : { system }),
    },
    acquisition: {
      method: details.method.trim(),
      // `datetime-local` is the officer's local time; the manifest records UTC.
      ...(details.acquiredAt === "" ? {} : { at: new Date(details.acquiredAt).toISOString() }),
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The offset a refusal names when the upload stands elsewhere, if it does. */
function standingOffset(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  return typeof error.problem.offset === "number" ? error.problem.offset : undefined;
}

export async function uploadFile(options: {
  requestId: string;
  file: File;
  details: AcquisitionDetails;
  signal: AbortSignal;
  onProgress(progress: UploadProgress): void;
}): Promise<UploadView> {
  const { file, signal, onProgress } = options;
  const total = file.size;
  onProgress({ phase: "starting", sent: 0, total });
  const started = await api<UploadView>(
    "POST",
    `/requests/${encodeURIComponent(options.requestId)}/evidence/uploads`,
    startBody(file, options.details),
  );
  const item = encodeURIComponent(started.itemId);
  let offset = started.offset;
  let stalls = 0;
  for (;;) {
    if (signal.aborted) throw new UploadCancelled();
    const completing = offset >= total;
    onProgress({
      phase: completing ? "completing" : stalls > 0 ? "resuming" : "sending",
      sent: offset,
      total,
    });
    try {
      if (completing) return await api<UploadView>("POST", `/evidence/uploads/${item}/complete`);
      const piece = file.slice(offset, Math.min(offset + PIECE_BYTES, total));
      const view = await api<UploadView>("PUT", `/evidence/uploads/${item}?offset=${offset}`, piece);
      stalls = view.offset > offset ? 0 : stalls + 1;
      offset = view.offset;
    } catch (error) {
      const standing = standingOffset(error);
      // Any other refusal (too large, not allowed, not ready) is final: the caller shows it.
      if (standing === undefined && error instanceof ApiError) throw error;
      stalls += 1;
      if (stalls > MAX_STALLS) throw error;
      await pause(500 * stalls);
      offset = standing ?? (await api<UploadView>("GET", `/evidence/uploads/${item}`)).offset;
    }
    if (stalls > MAX_STALLS) throw new Error(`the upload does not move past byte ${offset}`);
  }
}
