/**
 * Files at the edges of the chunking go through the whole transfer (upload on XB, release, fetch
 * and check on XA over mutual TLS) and come out byte for byte: empty, one byte, exactly one chunk,
 * one chunk and a byte, several chunks with a partial last one.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import type { SignedManifest } from "../../src/evidence/manifest.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import type { FederatedNode } from "../federation/two-nodes.js";
import {
  custodyOf,
  exchange,
  itemRow,
  ledgerIntact,
  pairForEachTest,
  presentChunks,
  randomFile,
  readAll,
  requestInExecution,
  reviewAndRelease,
  uploadOnXb,
  xaOfficer,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;

pairForEachTest((pair) => ({ xa, xb } = pair));

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("a file of any size arrives whole", () => {
  it.each([
    { name: "0 bytes", size: 0, chunks: 1 },
    { name: "1 byte", size: 1, chunks: 1 },
    { name: "exactly one chunk", size: CHUNK_SIZE, chunks: 1 },
    { name: "one chunk and one byte", size: CHUNK_SIZE + 1, chunks: 2 },
    { name: "several chunks", size: 3 * CHUNK_SIZE + 4321, chunks: 4 },
  ])("$name", async ({ size, chunks }) => {
    const { xbId } = await requestInExecution(xa, xb);
    const data = randomFile(size);
    const itemId = await uploadOnXb(xb, xbId, data);
    await reviewAndRelease(xb, itemId);
    await exchange(xa, xb);

    const row = await itemRow(xa, itemId);
    expect(row).toMatchObject({ state: "received", size, sha256: sha256(data), last_fetch_error: null });
    const manifest = (JSON.parse(row?.manifest ?? "null") as SignedManifest).manifest;
    expect(manifest.sha256).toBe(sha256(data));
    expect(manifest.size).toBe(size);
    expect(manifest.chunks).toHaveLength(chunks);
    expect(await presentChunks(xa, itemId)).toEqual([...Array(chunks).keys()]);
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);

    const opened = await openEvidence(xa.context, xaOfficer, itemId, {
      use: "stated-proceedings",
      text: "Analysis for case XA-2026-0042",
    });
    expect(opened).toMatchObject({ size, sha256: sha256(data) });
    const received = await readAll(opened.content);
    expect(received.length).toBe(size);
    expect(received.equals(data)).toBe(true);
    expect(await ledgerIntact(xa)).toBe(true);
    expect(await ledgerIntact(xb)).toBe(true);
  });
});
