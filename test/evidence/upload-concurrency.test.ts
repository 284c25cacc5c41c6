/**
 * Two pieces of one upload at once, just after the node restarted (nothing in memory): they share
 * one ingest rebuilt from the stored chunks, exactly one goes on and the other is told to wait, so
 * no chunk is ever sealed twice under one nonce; the upload then completes with the bytes sent.
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import {
  appendUpload,
  completeUpload,
  startUpload,
  uploadStatus,
} from "../../src/services/evidence/upload.js";
import { BlobStore } from "../../src/store/blob-store.js";
import type { FederatedNode } from "../federation/two-nodes.js";
import {
  inPieces,
  pairForEachTest,
  randomFile,
  requestInExecution,
  UPLOAD_DETAILS,
  xbExecuting,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;

pairForEachTest((pair) => ({ xa, xb } = pair));

describe("two pieces of one upload at once after a restart", () => {
  it("go on one at a time: one is taken, the other refused, and the file seals whole", async () => {
    const { xbId } = await requestInExecution(xa, xb);
    const data = randomFile(3 * CHUNK_SIZE + 17);
    const started = await startUpload(xb.context, xbExecuting, xbId, {
      ...UPLOAD_DETAILS,
      size: data.length,
    });
    const cut = CHUNK_SIZE + 100;
    await appendUpload(xb.context, xbExecuting, started.itemId, 0, inPieces(data.subarray(0, cut)));
    // A fresh blob store on the same folder: what a restarted node has (no ingest in memory).
    const restarted = { ...xb.context, blobs: await BlobStore.open(dirname(xb.context.blobs?.root ?? "")) };
    const offset = (await uploadStatus(restarted, xbExecuting, started.itemId)).offset;
    expect(offset).toBe(CHUNK_SIZE);
    const rest = data.subarray(offset);
    const outcomes = await Promise.allSettled([
      appendUpload(restarted, xbExecuting, started.itemId, offset, inPieces(rest)),
      appendUpload(restarted, xbExecuting, started.itemId, offset, inPieces(Buffer.alloc(rest.length, 7))),
    ]);
    const taken = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(taken).toHaveLength(1);
    expect(refused.map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(["EVIDENCE_UPLOAD_OFFSET"]);
    const sealed = await completeUpload(restarted, xbExecuting, started.itemId);
    // The first piece went on (the second was refused before it read a byte).
    expect(sealed.sha256).toBe(createHash("sha256").update(data).digest("hex"));
  });
});
