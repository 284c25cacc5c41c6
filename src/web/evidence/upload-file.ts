/**
 * Sends one file to the node as a resumable upload (docs/evidence.md, "Upload"): start, then the
 * file in 8 MiB slices, each PUT at the offset where the upload stands, then complete. When the
 * node says the upload stands elsewhere (409 with its `offset`) it goes on from there; when a piece
 * fails for a passing reason it asks the node where the upload stands and goes on from that offset
 * (upload-retry.ts). Either way it resends the same File's bytes (a chunk must never be sealed twice
 * with different content).
 */
import { ApiError, api } from "../app/api.js";
import type { AcquisitionDetails, UploadView } from "./evidence-types.js";
import {
  pause,
  RETRY_DELAYS_MS,
  type RetryNotice,
  retrying,
  UploadCancelled,
  UploadGaveUp,
} from "./upload-retry.js";

/** The slice sent per PUT: what the CLI reads at once; a cut connection costs at most this much. */
export const PIECE_BYTES = 8 * 1024 * 1024;

export type UploadPhase = "starting" | "sending" | "retrying" | "resuming" | "completing" | "done";
export type UploadProgress = {
  phase: UploadPhase;
  sent: number;
  total: number;
  /** While `retrying`: which attempt comes next and after how long. */
  retry?: RetryNotice;
};

export { UploadCancelled, UploadGaveUp };

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
  const upload = `/evidence/uploads/${encodeURIComponent(started.itemId)}`;
  let offset = started.offset;

  /** One piece from `offset`; answers where the upload stands afterwards. */
  const sendPiece = (from: number) =>
    retrying(
      signal,
      (retry) => onProgress({ phase: "retrying", sent: from, total, retry }),
      async (isRetry) => {
        if (isRetry) {
          // The failed attempt may have left some or all of the piece with the node: ask first.
          onProgress({ phase: "resuming", sent: from, total });
          const standing = (await api<UploadView>("GET", upload)).offset;
          if (standing !== from) return standing;
        }
        const piece = file.slice(from, Math.min(from + PIECE_BYTES, total));
        try {
          return (await api<UploadView>("PUT", `${upload}?offset=${from}`, piece)).offset;
        } catch (error) {
          const standing = standingOffset(error);
          if (standing === undefined) throw error;
          return standing;
        }
      },
    );

  for (let stalls = 0; ; ) {
    if (signal.aborted) throw new UploadCancelled();
    let next: number;
    if (offset >= total) {
      onProgress({ phase: "completing", sent: offset, total });
      try {
        return await api<UploadView>("POST", `${upload}/complete`);
      } catch (error) {
        // Fewer bytes than announced (a piece lost after it was answered): send the rest.
        const standing = standingOffset(error);
        if (standing === undefined) throw error;
        next = standing;
      }
    } else {
      onProgress({ phase: "sending", sent: offset, total });
      next = await sendPiece(offset);
    }
    // An answer that moves nothing forward (the node still taking in a piece cut off on our side)
    // is tried again after the same growing pauses as a failed call, then given up.
    stalls = next > offset ? 0 : stalls + 1;
    if (stalls > 0) {
      const delayMs = RETRY_DELAYS_MS[stalls - 1];
      if (delayMs === undefined) throw new UploadGaveUp(stalls, `no progress past byte ${offset}`);
      await pause(delayMs, signal);
    }
    offset = next;
  }
}
