/**
 * The evidence chunk encryption: sizes at every chunk boundary, the byte layout docs/evidence.md
 * documents (checked by an independent decryption written here from the documented layout), every
 * attack the STREAM construction must catch, and a property test over random files and byte changes.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHUNK_SIZE,
  ChunkOpener,
  ChunkSealer,
  type EncryptedChunk,
  type FileTotals,
  openChunk,
  openStream,
  type SealedChunk,
  sealStream,
  TAG_LENGTH,
} from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";

type Sealed = { key: Buffer; chunks: SealedChunk[]; totals: FileTotals };

function sealInSlices(data: Buffer, sliceSize: number, sealer = new ChunkSealer()): Sealed {
  const chunks: SealedChunk[] = [];
  for (let offset = 0; offset < data.length; offset += sliceSize) {
    chunks.push(...sealer.update(data.subarray(offset, offset + sliceSize)));
  }
  const { chunk, totals } = sealer.final();
  chunks.push(chunk);
  return { key: sealer.key, chunks, totals };
}

function seal(data: Buffer): Sealed {
  return sealInSlices(data, Math.max(data.length, 1));
}

function openAll(key: Buffer, chunks: EncryptedChunk[]): { plaintext: Buffer; totals: FileTotals } {
  const opener = new ChunkOpener(key);
  const parts = chunks.map((chunk) => opener.open(chunk));
  return { plaintext: Buffer.concat(parts), totals: opener.finish() };
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof EvidenceError) return error.code;
    throw error;
  }
  throw new Error("expected the action to be refused");
}

/** The nonce exactly as docs/evidence.md writes it, built independently of the module. */
function documentedNonce(index: number, last: boolean): Buffer {
  const counter = Buffer.alloc(11);
  let rest = BigInt(index);
  for (let i = 10; i >= 0; i--) {
    counter[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return Buffer.concat([counter, Buffer.from([last ? 0x01 : 0x00])]);
}

/** What someone holding the key could seal by hand: used to build forged and non-canonical chunks. */
function sealByHand(key: Buffer, index: number, last: boolean, plaintext: Buffer): EncryptedChunk {
  const cipher = createCipheriv("aes-256-gcm", key, documentedNonce(index, last));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { index, last, ciphertext };
}

function openByHand(key: Buffer, chunk: EncryptedChunk): Buffer {
  const end = chunk.ciphertext.length - 16;
  const decipher = createDecipheriv("aes-256-gcm", key, documentedNonce(chunk.index, chunk.last));
  decipher.setAuthTag(chunk.ciphertext.subarray(end));
  return Buffer.concat([decipher.update(chunk.ciphertext.subarray(0, end)), decipher.final()]);
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Reproducible pseudo-random bytes from a seed (AES-CTR keystream), so property failures replay. */
function bytesFromSeed(seed: number, length: number): Buffer {
  const key = createHash("sha256").update(`seed ${seed}`).digest().subarray(0, 16);
  return createCipheriv("aes-128-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

const withChunk = (chunks: SealedChunk[], at: number, change: Partial<SealedChunk>): SealedChunk[] =>
  chunks.map((chunk, i) => (i === at ? { ...chunk, ...change } : chunk));

function flipByte(buffer: Buffer, position: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[position] = (copy[position] ?? 0) ^ 0x01;
  return copy;
}

describe("sealing files of every size around the chunk boundary", () => {
  const sizes = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 12_345];

  it.each(sizes)("a %i-byte file round-trips with the documented chunking and hashes", (size) => {
    const data = randomBytes(size);
    const { key, chunks, totals } = seal(data);
    const expectedCount = Math.max(1, Math.ceil(size / CHUNK_SIZE));

    expect(totals).toEqual({ size, sha256: sha256(data), chunkCount: expectedCount });
    expect(chunks.map((c) => c.index)).toEqual([...Array(expectedCount).keys()]);
    expect(chunks.map((c) => c.last)).toEqual(chunks.map((_, i) => i === expectedCount - 1));
    for (const chunk of chunks) {
      const plain = data.subarray(chunk.index * CHUNK_SIZE, (chunk.index + 1) * CHUNK_SIZE);
      expect(chunk.plaintextSha256).toBe(sha256(plain));
      expect(chunk.ciphertext.length).toBe(plain.length + TAG_LENGTH);
      expect(openByHand(key, chunk).equals(plain)).toBe(true);
    }
    const opened = openAll(key, chunks);
    expect(opened.plaintext.equals(data)).toBe(true);
    expect(opened.totals).toEqual(totals);
  });

  it("encodes an empty file as one empty final chunk, as age does", () => {
    const { chunks, totals } = seal(Buffer.alloc(0));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ index: 0, last: true, plaintextSha256: sha256(Buffer.alloc(0)) });
    expect(chunks[0]?.ciphertext.length).toBe(TAG_LENGTH);
    expect(totals.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("ends a file whose size is a multiple of the chunk size with a full final chunk, not an empty one", () => {
    const { chunks } = seal(randomBytes(2 * CHUNK_SIZE));
    expect(chunks.map((c) => [c.last, c.ciphertext.length])).toEqual([
      [false, CHUNK_SIZE + TAG_LENGTH],
      [true, CHUNK_SIZE + TAG_LENGTH],
    ]);
  });

  it("gives the same chunks and hashes whatever slices the input comes in", () => {
    const data = randomBytes(3 * CHUNK_SIZE + 777);
    const shape = (s: Sealed) => ({
      chunks: s.chunks.map((c) => [c.index, c.last, c.ciphertext.length, c.plaintextSha256]),
      totals: s.totals,
      plaintext: openAll(s.key, s.chunks).plaintext.toString("hex"),
    });
    const whole = shape(seal(data));
    for (const slice of [1, 7, CHUNK_SIZE + 3]) expect(shape(sealInSlices(data, slice))).toEqual(whole);
  });

  it("streams from an async source and back, returning the totals", async () => {
    const data = randomBytes(2 * CHUNK_SIZE + 5);
    async function* source() {
      for (let offset = 0; offset < data.length; offset += 10_000)
        yield data.subarray(offset, offset + 10_000);
    }
    const sealer = new ChunkSealer();
    const chunks: SealedChunk[] = [];
    const sealing = sealStream(sealer, source());
    let step = await sealing.next();
    for (; !step.done; step = await sealing.next()) chunks.push(step.value);
    expect(step.value).toEqual({ size: data.length, sha256: sha256(data), chunkCount: 3 });

    const parts: Buffer[] = [];
    const opening = openStream(sealer.key, chunks);
    let opened = await opening.next();
    for (; !opened.done; opened = await opening.next()) parts.push(opened.value);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(opened.value).toEqual(step.value);
  });

  it("gives every file its own key", () => {
    expect(new ChunkSealer().key.equals(new ChunkSealer().key)).toBe(false);
  });
});

describe("attacks on a sealed file", () => {
  const data = randomBytes(3 * CHUNK_SIZE + 100); // four chunks: 0, 1, 2 full, 3 final and short
  const { key, chunks } = seal(data);
  const [c0, c1, c2, c3] = chunks as [SealedChunk, SealedChunk, SealedChunk, SealedChunk];
  const renumbered = <C extends EncryptedChunk>(list: C[]) =>
    list.map((chunk, index) => ({ ...chunk, index }));

  it("opens the untouched file (the control for every case below)", () => {
    expect(openAll(key, chunks).plaintext.equals(data)).toBe(true);
  });

  it("refuses two chunks swapped, with or without their indices rewritten", () => {
    expect(codeOf(() => openAll(key, [c0, c2, c1, c3]))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openAll(key, renumbered(withoutHashes([c0, c2, c1, c3]))))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
  });

  it("refuses a dropped middle chunk, with or without the indices rewritten", () => {
    expect(codeOf(() => openAll(key, [c0, c2, c3]))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openAll(key, renumbered([c0, c2, c3])))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses a duplicated chunk, with or without the indices rewritten", () => {
    expect(codeOf(() => openAll(key, [c0, c1, c1, c2, c3]))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openAll(key, renumbered([c0, c1, c1, c2, c3]).slice(0, 4)))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
  });

  it("refuses a file whose final chunk was removed", () => {
    expect(codeOf(() => openAll(key, [c0, c1, c2]))).toBe("EVIDENCE_TRUNCATED");
    expect(codeOf(() => openAll(key, []))).toBe("EVIDENCE_TRUNCATED");
  });

  it("refuses a file cut short and its new last chunk marked final", () => {
    expect(codeOf(() => openAll(key, [c0, c1, { ...c2, last: true }]))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses a final chunk with bytes cut off its end", () => {
    const cut = { ...c3, ciphertext: c3.ciphertext.subarray(0, c3.ciphertext.length - 1) };
    expect(codeOf(() => openAll(key, [c0, c1, c2, cut]))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses a chunk appended after the final one, even one sealed with the file's key", () => {
    const forged = sealByHand(key, 4, false, randomBytes(CHUNK_SIZE));
    expect(codeOf(() => openAll(key, [...chunks, forged]))).toBe("EVIDENCE_TRAILING_DATA");
    const garbage = { index: 4, last: false, ciphertext: randomBytes(200) };
    expect(codeOf(() => openAll(key, [...chunks, garbage]))).toBe("EVIDENCE_TRAILING_DATA");
  });

  it("refuses data appended by clearing the final flag and adding a chunk", () => {
    const forged = sealByHand(randomBytes(32), 4, true, Buffer.from("more"));
    expect(codeOf(() => openAll(key, [c0, c1, c2, { ...c3, last: false }, forged]))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
  });

  it("refuses a chunk spliced from another file with another key", () => {
    const other = seal(randomBytes(3 * CHUNK_SIZE + 100));
    const foreign = other.chunks[1] as SealedChunk;
    expect(codeOf(() => openAll(key, withoutHashes([c0, foreign, c2, c3])))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses a chunk of the same file moved to another index", () => {
    const moved = { ...c2, index: 1 };
    expect(codeOf(() => openAll(key, withoutHashes([c0, moved, c2, c3])))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openChunk(key, moved))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses one flipped byte in the ciphertext and in the tag", () => {
    const body = { ...c1, ciphertext: flipByte(c1.ciphertext, 100) };
    const tag = { ...c1, ciphertext: flipByte(c1.ciphertext, c1.ciphertext.length - 1) };
    expect(codeOf(() => openAll(key, withoutHashes(withChunk(chunks, 1, body))))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(codeOf(() => openAll(key, withoutHashes(withChunk(chunks, 1, tag))))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
  });

  it("refuses a non-final chunk marked as last", () => {
    expect(codeOf(() => openAll(key, withChunk(chunks, 1, { last: true })))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openChunk(key, { ...c1, last: true }))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses a chunk whose listed SHA-256 is not that of its plaintext", () => {
    const listedWrong = withChunk(chunks, 2, { plaintextSha256: c1.plaintextSha256 });
    expect(codeOf(() => openAll(key, listedWrong))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("refuses non-canonical chunk lengths even when sealed with the file's key", () => {
    const shortMiddle = sealByHand(key, 0, false, Buffer.from("short"));
    expect(codeOf(() => openChunk(key, shortMiddle))).toBe("EVIDENCE_CHUNK_INVALID");
    const emptyFinalAfterData = sealByHand(key, 4, true, Buffer.alloc(0));
    expect(codeOf(() => openChunk(key, emptyFinalAfterData))).toBe("EVIDENCE_CHUNK_INVALID");
  });

  it("opens any single chunk by its index and flag, and no other way", () => {
    expect(openChunk(key, c2).equals(data.subarray(2 * CHUNK_SIZE, 3 * CHUNK_SIZE))).toBe(true);
    expect(openChunk(key, c3).equals(data.subarray(3 * CHUNK_SIZE))).toBe(true);
    expect(codeOf(() => openChunk(key, { ...c3, last: false, ciphertext: c3.ciphertext }))).toBe(
      "EVIDENCE_CHUNK_INVALID",
    );
    expect(codeOf(() => openChunk(key, { ...c2, index: 3 }))).toBe("EVIDENCE_CHUNK_INVALID");
    expect(codeOf(() => openChunk(randomBytes(32), c2))).toBe("EVIDENCE_CHUNK_INVALID");
  });
});

describe("properties", () => {
  const fileArbitrary = fc.record({
    seed: fc.integer(),
    size: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 3 * CHUNK_SIZE + 300 })),
    slice: fc.integer({ min: 1, max: CHUNK_SIZE + 10 }),
  });

  it("any file round-trips, whatever the slices it is fed in", () => {
    fc.assert(
      fc.property(fileArbitrary, ({ seed, size, slice }) => {
        const data = bytesFromSeed(seed, size);
        const sealed = sealInSlices(data, slice);
        const opened = openAll(sealed.key, sealed.chunks);
        expect(opened.plaintext.equals(data)).toBe(true);
        expect(sealed.totals.sha256).toBe(sha256(data));
      }),
      { numRuns: 40 },
    );
  });

  it("any single-byte change of any chunk is refused", () => {
    fc.assert(
      fc.property(
        fileArbitrary,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        ({ seed, size }, chunkPick, bytePick, mask) => {
          const { key, chunks } = seal(bytesFromSeed(seed, size));
          const at = chunkPick % chunks.length;
          const target = chunks[at] as SealedChunk;
          const ciphertext = Buffer.from(target.ciphertext);
          const position = bytePick % ciphertext.length;
          ciphertext[position] = (ciphertext[position] ?? 0) ^ mask;
          const tampered = withoutHashes(withChunk(chunks, at, { ciphertext }));
          expect(codeOf(() => openAll(key, tampered))).toBe("EVIDENCE_CHUNK_INVALID");
        },
      ),
      { numRuns: 60 },
    );
  });
});

function withoutHashes(list: SealedChunk[]): EncryptedChunk[] {
  return list.map(({ index, last, ciphertext }) => ({ index, last, ciphertext }));
}
