/**
 * Ingest and read-back on real files and a real blob store: every size at the chunk boundaries round
 * trips with node:crypto's SHA-256, each chunk is stored under the hash of its ciphertext, a second
 * ingest of the same file stores new blobs under a new key, nothing is left unsynced when it returns,
 * and a blob that is missing, altered or listed out of place stops the read with its code.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobStore } from "../store/blob-store.js";
import { CHUNK_SIZE, TAG_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";
import {
  EvidenceIngest,
  INGEST_READ_SIZE,
  type IngestedChunk,
  type IngestedFile,
  ingestFile,
  readEvidence,
} from "./ingest.js";

let dir: string;
let store: BlobStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rogatory-ingest-"));
  store = await BlobStore.open(join(dir, "data"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function evidenceFile(size: number, name = `file-${size}`): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

async function readAll(file: IngestedFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readEvidence(file, store)) parts.push(part);
  return Buffer.concat(parts);
}

async function readCode(file: IngestedFile): Promise<string> {
  try {
    await readAll(file);
  } catch (error) {
    if (error instanceof EvidenceError) return error.code;
    throw error;
  }
  throw new Error("expected the read to be refused");
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

async function blobFileCount(): Promise<number> {
  const entries = await readdir(store.root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

describe("ingestFile and readEvidence", () => {
  it("holds the last chunk back when the whole file does not check out: a reader never gets all of it", async () => {
    const { path } = await evidenceFile(2 * CHUNK_SIZE + 10);
    const file = await ingestFile(path, store);
    // Listed with another whole-file hash, as a holder of the key could forge chunks to match.
    const forged = { ...file, sha256: sha256(Buffer.from("something else")) };
    let received = 0;
    await expect(
      (async () => {
        for await (const piece of readEvidence(forged, store)) received += piece.length;
      })(),
    ).rejects.toMatchObject({ code: "EVIDENCE_CHUNK_INVALID" });
    expect(received).toBe(2 * CHUNK_SIZE);
  });

  const sizes: [string, number, number][] = [
    ["empty", 0, 1],
    ["one byte", 1, 1],
    ["exactly one chunk", CHUNK_SIZE, 1],
    ["one chunk plus one byte", CHUNK_SIZE + 1, 2],
    // More than one read (INGEST_READ_SIZE), ending mid-chunk.
    ["several chunks", INGEST_READ_SIZE + 3 * CHUNK_SIZE + 1234, INGEST_READ_SIZE / CHUNK_SIZE + 4],
  ];

  it.each(sizes)(
    "%s: round trips, with the file's SHA-256 and each chunk stored under its hash",
    async (_, size, chunkCount) => {
      const { path, bytes } = await evidenceFile(size);
      const file = await ingestFile(path, store);

      expect(file.size).toBe(size);
      expect(file.sha256).toBe(sha256(bytes));
      expect(file.key).toHaveLength(32);
      expect(file.chunks.map((chunk) => [chunk.index, chunk.last])).toEqual(
        Array.from({ length: chunkCount }, (_, index) => [index, index === chunkCount - 1]),
      );
      for (const chunk of file.chunks) {
        const plaintext = bytes.subarray(chunk.index * CHUNK_SIZE, (chunk.index + 1) * CHUNK_SIZE);
        expect(chunk.plaintextSha256).toBe(sha256(plaintext));
        expect(chunk.ciphertextSize).toBe(plaintext.length + TAG_LENGTH);
        const blobPath = store.pathOf(chunk.address);
        expect(
          blobPath.endsWith(join(chunk.address.slice(0, 2), chunk.address.slice(2, 4), chunk.address)),
        ).toBe(true);
        const stored = await stat(blobPath);
        expect(stored.mode & 0o777).toBe(0o600);
        expect(stored.size).toBe(chunk.ciphertextSize);
        expect(sha256(await store.get(chunk.address))).toBe(chunk.address);
      }
      expect(await blobFileCount()).toBe(chunkCount);
      // Synced before returning, so the manifest can commit: nothing waits for a flush.
      expect(store.pendingSyncs).toBe(0);

      const back = await readAll(file);
      expect(back.equals(bytes)).toBe(true);
    },
  );

  it("reports progress up to the file's size", async () => {
    const size = 3 * INGEST_READ_SIZE + 17;
    const { path } = await evidenceFile(size);
    const calls: [number, number][] = [];
    await ingestFile(path, store, { onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(calls.every(([, total]) => total === size)).toBe(true);
    expect(calls.map(([read]) => read)).toEqual([...calls.map(([read]) => read)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([size, size]);
  });

  it("stores new blobs under a new key when the same file is ingested again", async () => {
    const { path } = await evidenceFile(2 * CHUNK_SIZE + 5);
    const first = await ingestFile(path, store);
    const second = await ingestFile(path, store);
    expect(second.key.equals(first.key)).toBe(false);
    expect(second.sha256).toBe(first.sha256);
    expect(second.chunks.map((chunk) => chunk.plaintextSha256)).toEqual(
      first.chunks.map((chunk) => chunk.plaintextSha256),
    );
    const addresses = new Set([...first.chunks, ...second.chunks].map((chunk) => chunk.address));
    expect(addresses.size).toBe(6);
    expect(await blobFileCount()).toBe(6);
    expect((await readAll(first)).equals(await readAll(second))).toBe(true);
  });

  it("refuses a missing chunk with EVIDENCE_BLOB_MISSING", async () => {
    const { path } = await evidenceFile(3 * CHUNK_SIZE);
    const file = await ingestFile(path, store);
    await unlink(store.pathOf(file.chunks[1]?.address ?? ""));
    expect(await readCode(file)).toBe("EVIDENCE_BLOB_MISSING");
  });

  it("refuses a chunk altered on disk with EVIDENCE_BLOB_CORRUPT", async () => {
    const { path } = await evidenceFile(3 * CHUNK_SIZE);
    const file = await ingestFile(path, store);
    const blobPath = store.pathOf(file.chunks[2]?.address ?? "");
    const damaged = await store.get(file.chunks[2]?.address ?? "");
    damaged[7] = (damaged[7] ?? 0) ^ 0x80;
    await writeFile(blobPath, damaged);
    expect(await readCode(file)).toBe("EVIDENCE_BLOB_CORRUPT");
  });

  it("refuses chunks listed out of order, dropped from the middle, or a final chunk cut off", async () => {
    const { path } = await evidenceFile(3 * CHUNK_SIZE + 9);
    const file = await ingestFile(path, store);
    const [c0, c1, c2, c3] = file.chunks;
    if (!c0 || !c1 || !c2 || !c3) throw new Error("expected four chunks");
    // The blobs swapped in the listing, each keeping its place's index and flag.
    const swapped = [c0, { ...c2, address: c1.address }, { ...c1, address: c2.address }, c3];
    expect(await readCode({ ...file, chunks: swapped })).toBe("EVIDENCE_CHUNK_INVALID");
    expect(await readCode({ ...file, chunks: [c0, c2, c3] })).toBe("EVIDENCE_CHUNK_INVALID");
    expect(await readCode({ ...file, chunks: [c0, c1, c2] })).toBe("EVIDENCE_TRUNCATED");
    expect(await readCode({ ...file, chunks: [c0, c1, c2, c3, c3] })).toBe("EVIDENCE_TRAILING_DATA");
  });

  it("refuses a listing whose size or SHA-256 differs from what the chunks open to", async () => {
    const { path } = await evidenceFile(CHUNK_SIZE + 1);
    const file = await ingestFile(path, store);
    expect(await readCode({ ...file, sha256: sha256(Buffer.from("other")) })).toBe("EVIDENCE_CHUNK_INVALID");
    expect(await readCode({ ...file, size: file.size + 1 })).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses to open with another file's key", async () => {
    const { path } = await evidenceFile(10);
    const file = await ingestFile(path, store);
    const other = await ingestFile(path, store);
    expect(await readCode({ ...file, key: other.key })).toBe("EVIDENCE_CHUNK_INVALID");
  });
});

/** What a manifest lists about a file, without the key and the blob addresses (which differ per key). */
const material = (file: IngestedFile) => ({
  size: file.size,
  sha256: file.sha256,
  chunks: file.chunks.map(({ index, last, plaintextSha256, ciphertextSize }) => ({
    index,
    last,
    plaintextSha256,
    ciphertextSize,
  })),
});

async function ingestCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    if (error instanceof EvidenceError) return error.code;
    throw error;
  }
  throw new Error("expected the action to be refused");
}

describe("EvidenceIngest: piece by piece, and resumed after a crash", () => {
  const sizes: [string, number][] = [
    ["empty", 0],
    ["one byte", 1],
    ["exactly one chunk", CHUNK_SIZE],
    ["one chunk plus one byte", CHUNK_SIZE + 1],
    ["several chunks", 3 * CHUNK_SIZE + 999],
  ];

  it.each(sizes)("%s: odd-sized writes give what ingestFile gives, and read back", async (_, size) => {
    const { path, bytes } = await evidenceFile(size);
    const ingest = EvidenceIngest.start(store);
    const returned: IngestedChunk[] = [];
    for (let at = 0; at < size; at += 300_007)
      returned.push(...(await ingest.write(bytes.subarray(at, at + 300_007))));
    // Each chunk came back from the write that stored it, on disk, and only once a byte beyond it came.
    expect(returned.map((chunk) => chunk.index)).toEqual([
      ...Array(Math.max(0, Math.ceil(size / CHUNK_SIZE) - 1)).keys(),
    ]);
    expect(store.pendingSyncs).toBe(0);
    expect(ingest.bytesSealed).toBe(returned.length * CHUNK_SIZE);
    const file = await ingest.finish();
    expect(file.chunks.slice(0, returned.length)).toEqual(returned);
    expect(file.key.equals(ingest.key)).toBe(true);
    expect(material(file)).toEqual(material(await ingestFile(path, store)));
    expect((await readAll(file)).equals(bytes)).toBe(true);
  });

  it.each(sizes)(
    "%s: resumed from bytesSealed after a crash, gives the same file as a one-shot ingest",
    async (_, size) => {
      const { path, bytes } = await evidenceFile(size);
      const first = EvidenceIngest.start(store);
      // Everything but the last 10 bytes arrives, then the process "dies": what was not returned is lost.
      const stored = await first.write(bytes.subarray(0, Math.max(0, size - 10)));
      first.abort();
      const resumed = await EvidenceIngest.resume(store, first.key, stored);
      expect(resumed.bytesSealed).toBe(stored.length * CHUNK_SIZE);
      await resumed.write(bytes.subarray(resumed.bytesSealed));
      const file = await resumed.finish();
      expect(material(file)).toEqual(material(await ingestFile(path, store)));
      expect(file.chunks.slice(0, stored.length)).toEqual(stored);
      expect((await readAll(file)).equals(bytes)).toBe(true);
    },
  );

  it("refuses to resume over a missing, altered, misplaced or final chunk, and resumes from the good ones", async () => {
    const bytes = randomBytes(4 * CHUNK_SIZE + 5);
    const first = EvidenceIngest.start(store);
    const stored = await first.write(bytes);
    first.abort();
    expect(stored).toHaveLength(4);
    const [c0, c1, c2] = stored as [IngestedChunk, IngestedChunk, IngestedChunk, IngestedChunk];

    const altered = await store.get(c1.address);
    altered[3] = (altered[3] ?? 0) ^ 0x01;
    await writeFile(store.pathOf(c1.address), altered);
    expect(await ingestCode(EvidenceIngest.resume(store, first.key, stored))).toBe("EVIDENCE_BLOB_CORRUPT");
    await unlink(store.pathOf(c1.address));
    expect(await ingestCode(EvidenceIngest.resume(store, first.key, stored))).toBe("EVIDENCE_BLOB_MISSING");
    expect(await ingestCode(EvidenceIngest.resume(store, first.key, [c0, c2]))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(await ingestCode(EvidenceIngest.resume(store, first.key, [c0, { ...c2, index: 1 }]))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(await ingestCode(EvidenceIngest.resume(store, first.key, [{ ...c0, last: true }]))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(await ingestCode(EvidenceIngest.resume(store, randomBytes(32), [c0]))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(await ingestCode(EvidenceIngest.resume(store, randomBytes(16), [c0]))).toBe(
      "EVIDENCE_KEY_INVALID",
    );
    // A listed hash that is not the chunk's: refused too.
    expect(
      await ingestCode(
        EvidenceIngest.resume(store, first.key, [{ ...c0, plaintextSha256: sha256(Buffer.from("x")) }]),
      ),
    ).toBe("EVIDENCE_CHUNK_INVALID");

    // The chunk before the damage is intact: resuming from it completes the file.
    const resumed = await EvidenceIngest.resume(store, first.key, [c0]);
    await resumed.write(bytes.subarray(resumed.bytesSealed));
    const file = await resumed.finish();
    expect(file.sha256).toBe(sha256(bytes));
    expect((await readAll(file)).equals(bytes)).toBe(true);
  });

  it("refuses to finish where a chunk sealed as not the last ends, and can then be sent the rest", async () => {
    const bytes = randomBytes(CHUNK_SIZE + 7);
    const first = EvidenceIngest.start(store);
    const stored = await first.write(bytes);
    first.abort();
    const resumed = await EvidenceIngest.resume(store, first.key, stored);
    expect(await ingestCode(resumed.finish())).toBe("EVIDENCE_TRUNCATED");
    await resumed.write(bytes.subarray(resumed.bytesSealed));
    expect((await resumed.finish()).sha256).toBe(sha256(bytes));
  });

  it("is unusable after finish or abort", async () => {
    const ingest = EvidenceIngest.start(store);
    await ingest.finish();
    await expect(ingest.write(Buffer.from("more"))).rejects.toThrow(/finished/);
    await expect(ingest.finish()).rejects.toThrow(/finished/);
  });
});
