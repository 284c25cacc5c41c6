/**
 * Evidence over an air gap: two real nodes in one process (each its own store, on SQLite and on
 * PostgreSQL, its own keys and blob store; no HTTP at all). XA's request, XB's answers, the evidence
 * transmission with its encrypted chunks and XA's receipts all travel on bundle files; XA takes the
 * item in, checks every chunk as an online fetch would, and ends with the same bytes XB uploaded.
 * Re-importing changes nothing; a chunk altered on the way breaks the bundle's signature; a chunk
 * signed into the bundle by a faulty sender is refused alone and not kept; evidence that does not
 * fit waits for a next bundle.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { BundleError } from "../../src/federation/bundle-errors.js";
import { exportBundle } from "../../src/federation/bundle-export.js";
import { type Bundle, parseBundle, serialiseBundle, signBundle } from "../../src/federation/bundle-format.js";
import { importBundle } from "../../src/federation/bundle-import.js";
import { fakeClock } from "../../src/server/clock.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import { releaseEvidence, reviewEvidence } from "../../src/services/evidence/release.js";
import { appendUpload, completeUpload, startUpload } from "../../src/services/evidence/upload.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import {
  custodyOf,
  inPieces,
  itemRow,
  presentChunks,
  readAll,
  UPLOAD_DETAILS,
  xaOfficer,
  xbCentral,
  xbExecuting,
  xbReviewer,
} from "../evidence/transfer-kit.js";
import { describeEachBackend } from "../support/backends.js";
import { tableRows } from "../support/db-snapshot.js";
import { TEST_START } from "../support/test-node.js";
import { introduceOffline, type OfflineNode, offlineNode } from "./offline-nodes.js";
import { approvedRequest, incomingRequests, requestState } from "./two-nodes.js";

type Node = OfflineNode;

let xa: Node;
let xb: Node;
let clock: ReturnType<typeof fakeClock>;
const log = { warn: () => undefined };

const exportText = async (from: Node, to: Node, maxBytes?: number) =>
  serialiseBundle(
    (
      await exportBundle({
        context: from.context,
        to: to.state,
        log,
        ...(maxBytes === undefined ? {} : { maxBytes }),
      })
    ).bundle,
  );
const importText = (into: Node, text: string) => importBundle({ context: into.context, text });
const carry = async (from: Node, to: Node) => importText(to, await exportText(from, to));

/** Every row of every table and every file in the blob store: to show that something changed nothing. */
async function snapshot(node: Node): Promise<Record<string, unknown>> {
  return { ...(await tableRows(node.context)), blobs: await blobFiles(node) };
}

const blobFiles = async (node: Node): Promise<string[]> =>
  (await readdir(node.blobs.root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();

/**
 * XA's stored-data request carried to XB on a file, granted and in execution there, XB's answers
 * carried back and XA's receipts for them returned: the same start as online, with no connection.
 */
async function requestInExecutionByBundle(): Promise<{ xaId: string; xbId: string }> {
  const xaId = await approvedRequest(xa, "stored-data");
  await carry(xa, xb);
  const copy = (await incomingRequests(xb)).find((r) => r.remote_request_id === xaId);
  if (copy === undefined) throw new Error("the request did not reach XB");
  for (const [actor, action, input] of [
    [xbCentral, "acknowledge", {}],
    [xbCentral, "begin-review", {}],
    [xbCentral, "grant", { reason: "Granted." }],
    [xbExecuting, "start-execution", {}],
  ] as const) {
    await performAction({ context: xb.context, actor, requestId: copy.id, action, input });
    // A bundle carries messages oldest first, and messages sealed in the same instant in no set order.
    clock.advance(1_000);
  }
  await carry(xb, xa);
  await carry(xa, xb);
  expect(await requestState(xa, xaId)).toBe("executing");
  return { xaId, xbId: copy.id };
}

/** Uploaded on XB, reviewed and released under four eyes: the transmission waits in XB's outbox. */
async function releasedOnXb(xbId: string, data: Buffer): Promise<string> {
  const started = await startUpload(xb.context, xbExecuting, xbId, { ...UPLOAD_DETAILS, size: data.length });
  await appendUpload(xb.context, xbExecuting, started.itemId, 0, inPieces(data));
  await completeUpload(xb.context, xbExecuting, started.itemId);
  await reviewEvidence(xb.context, xbReviewer, started.itemId, "content matches the order");
  await releaseEvidence(xb.context, xbCentral, started.itemId);
  clock.advance(1_000);
  return started.itemId;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The same bundle re-signed by XB after `change`: authentic, as a faulty sender would write it. */
const resignedByXb = (text: string, change: (bundle: Bundle) => Bundle) =>
  serialiseBundle(signBundle(change(parseBundle(text)), xb.keys.signing.privateKey));

/** Chunk `at` of the bundle with one ciphertext byte flipped, base64 again. */
function flipChunk(bundle: Bundle, at: number): Bundle {
  const chunks = (bundle.chunks ?? []).map((chunk, index) => {
    if (index !== at) return chunk;
    const bytes = Buffer.from(chunk.ciphertext, "base64");
    bytes[7] = (bytes[7] ?? 0) ^ 0x01;
    return { ...chunk, ciphertext: bytes.toString("base64") };
  });
  return { ...bundle, chunks };
}

describeEachBackend("evidence on offline bundles", (backend) => {
  beforeEach(async () => {
    clock = fakeClock(TEST_START);
    xa = await offlineNode(backend, "XA", clock);
    xb = await offlineNode(backend, "XB", clock);
    await introduceOffline(xa, xb, clock);
    await introduceOffline(xb, xa, clock);
  });

  describe("an item carried from XB to XA on a file", () => {
    it("arrives with its chunks, is checked, received and verified, and opens to the bytes uploaded", async () => {
      const { xaId, xbId } = await requestInExecutionByBundle();
      const data = randomBytes(2 * CHUNK_SIZE + 123);
      const itemId = await releasedOnXb(xbId, data);

      const text = await exportText(xb, xa);
      const bundle = parseBundle(text);
      expect(bundle.envelopes).toHaveLength(1);
      expect(bundle.chunks?.map((c) => [c.itemId, c.index])).toEqual([
        [itemId, 0],
        [itemId, 1],
        [itemId, 2],
      ]);
      // The ciphertext XB holds, as it is stored: the chunks travel encrypted.
      const held = await xb.context.db
        .selectFrom("evidence_chunks")
        .select("address")
        .where("item_id", "=", itemId)
        .orderBy("idx")
        .execute();
      expect(bundle.chunks?.map((c) => sha256(Buffer.from(c.ciphertext, "base64")))).toEqual(
        held.map((c) => c.address),
      );

      const report = await importText(xa, text);
      expect(report).toMatchObject({
        messages: { new: 1, duplicate: 0 },
        evidence: { stored: 3, already: 0, completed: [itemId] },
        refused: [],
      });
      expect(await itemRow(xa, itemId)).toMatchObject({
        direction: "received",
        state: "received",
        origin_state: "XB",
        size: data.length,
      });
      expect(await presentChunks(xa, itemId)).toEqual([0, 1, 2]);
      expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
      expect(await requestState(xa, xaId)).toBe("evidence-received");
      const opened = await openEvidence(xa.context, xaOfficer, itemId, {
        use: "stated-proceedings",
        text: "Analysis for case XA-2026-0042",
      });
      expect((await readAll(opened.content)).equals(data)).toBe(true);

      // XA's receipt goes back on a file; then XB carries the transmission, and its chunks, no more.
      await carry(xa, xb);
      const after = parseBundle(await exportText(xb, xa));
      expect(after.envelopes).toEqual([]);
      expect(after.chunks).toBeUndefined();
    });

    it("re-importing the bundle changes nothing and says the chunks were already held", async () => {
      const { xbId } = await requestInExecutionByBundle();
      const itemId = await releasedOnXb(xbId, randomBytes(CHUNK_SIZE + 1));
      const text = await exportText(xb, xa);
      await importText(xa, text);
      const before = await snapshot(xa);
      expect(await importText(xa, text)).toMatchObject({
        messages: { new: 0, duplicate: 1 },
        evidence: { stored: 0, already: 2, completed: [] },
        refused: [],
      });
      expect(await snapshot(xa)).toEqual(before);
      expect((await itemRow(xa, itemId))?.state).toBe("received");
    });
  });

  describe("a chunk that is not what the manifest lists", () => {
    it("altered on the way breaks the bundle's signature: nothing is imported", async () => {
      const { xbId } = await requestInExecutionByBundle();
      await releasedOnXb(xbId, randomBytes(CHUNK_SIZE + 1));
      const text = await exportText(xb, xa);
      const altered = serialiseBundle(flipChunk(parseBundle(text), 1));
      expect(altered).not.toBe(text);
      const before = await snapshot(xa);
      const error = await importText(xa, altered).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).code).toBe("BUNDLE_BAD_SIGNATURE");
      expect(await snapshot(xa)).toEqual(before);
    });

    it("signed into the bundle by a faulty sender is refused alone and not kept; the item completes later", async () => {
      const { xaId, xbId } = await requestInExecutionByBundle();
      const data = randomBytes(2 * CHUNK_SIZE + 5);
      const itemId = await releasedOnXb(xbId, data);
      const text = await exportText(xb, xa);
      const faulty = resignedByXb(text, (b) => flipChunk(b, 1));
      const bad = Buffer.from(parseBundle(faulty).chunks?.[1]?.ciphertext ?? "", "base64");

      const report = await importText(xa, faulty);
      expect(report).toMatchObject({
        messages: { new: 1 },
        evidence: { stored: 2, already: 0, completed: [] },
        refused: [{ item: "chunk", index: 1, code: "EVIDENCE_CHUNK_INVALID" }],
      });
      expect(report.refused).toHaveLength(1);
      expect(report.refused[0]?.reason).toContain(itemId);
      expect((await itemRow(xa, itemId))?.state).toBe("receiving");
      expect(await presentChunks(xa, itemId)).toEqual([0, 2]);
      expect(await xa.blobs.has(sha256(bad))).toBe(false);
      expect(await custodyOf(xa, itemId)).toEqual([]);
      expect(await requestState(xa, xaId)).toBe("executing");

      // The genuine bundle brings the missing chunk: the item completes, the others already held.
      expect(await importText(xa, text)).toMatchObject({
        messages: { duplicate: 1 },
        evidence: { stored: 1, already: 2, completed: [itemId] },
        refused: [],
      });
      expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
      const opened = await openEvidence(xa.context, xaOfficer, itemId, {
        use: "stated-proceedings",
        text: "Analysis",
      });
      expect((await readAll(opened.content)).equals(data)).toBe(true);
    });

    it("for an item XA is not receiving from the bundle's sender is refused, and nothing kept", async () => {
      const { xbId } = await requestInExecutionByBundle();
      await releasedOnXb(xbId, randomBytes(10));
      const text = await exportText(xb, xa);
      const stray = resignedByXb(text, (b) => ({
        ...b,
        envelopes: [],
        chunks: (b.chunks ?? []).map((c) => ({ ...c, itemId: "00000000-0000-4000-8000-000000000000" })),
      }));
      const before = await snapshot(xa);
      expect(await importText(xa, stray)).toMatchObject({
        evidence: { stored: 0, already: 0, completed: [] },
        refused: [{ item: "chunk", index: 0, code: "FEDERATION_REFUSED" }],
      });
      expect(await snapshot(xa)).toEqual(before);
    });
  });

  describe("evidence larger than the bundle", () => {
    it("carries the items that fit; the next waits for a later bundle, one too large for any is named", async () => {
      const { xbId } = await requestInExecutionByBundle();
      const first = await releasedOnXb(xbId, randomBytes(100_000));
      const second = await releasedOnXb(xbId, randomBytes(100_000));
      const tooLarge = await releasedOnXb(xbId, randomBytes(400_000));
      const maxBytes = 250_000;

      const exported = await exportBundle({ context: xb.context, to: "XA", log, maxBytes });
      expect(exported.heldBack).toMatchObject([
        { itemId: second, reason: "next-bundle" },
        { itemId: tooLarge, reason: "too-large" },
      ]);
      const text = serialiseBundle(exported.bundle);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
      expect(new Set(exported.bundle.chunks?.map((c) => c.itemId))).toEqual(new Set([first]));
      // The held-back transmissions stay pending in XB's outbox, unchanged.
      expect(exported.bundle.envelopes).toHaveLength(1);
      const pending = await xb.context.db
        .selectFrom("outbox")
        .select("message_id")
        .where("kind", "=", "evidence-transmission")
        .where("delivered_at", "is", null)
        .execute();
      expect(pending).toHaveLength(3);

      expect(await importText(xa, text)).toMatchObject({ evidence: { completed: [first] }, refused: [] });
      expect(await itemRow(xa, second)).toBeUndefined();

      // XA's receipt frees the room: the next bundle carries the second item.
      await carry(xa, xb);
      const next = await exportBundle({ context: xb.context, to: "XA", log, maxBytes });
      expect(next.heldBack).toMatchObject([{ itemId: tooLarge, reason: "too-large" }]);
      expect(new Set(next.bundle.chunks?.map((c) => c.itemId))).toEqual(new Set([second]));
      expect(await importText(xa, serialiseBundle(next.bundle))).toMatchObject({
        evidence: { completed: [second] },
        refused: [],
      });
      expect((await itemRow(xa, second))?.state).toBe("received");
    });
  });
});
