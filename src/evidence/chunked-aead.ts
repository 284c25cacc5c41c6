/**
 * Streaming encryption of evidence files: age's STREAM payload construction (age-encryption.org/v1,
 * after Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption", 2015) with
 * AES-256-GCM in place of ChaCha20-Poly1305. docs/evidence.md, "Encryption of evidence files", gives
 * the byte layout and every difference from age.
 *
 * The plaintext is cut into 1 MiB chunks (age uses 64 KiB; docs/evidence.md says why); chunk i is sealed under the file's own random 32-byte key
 * with the nonce `i as 11 bytes big-endian || last flag`, so a chunk only opens at its own index and
 * only with the flag it was sealed with: reordering, dropping, duplicating, splicing from another file,
 * truncating and appending are all caught by authentication or by the final-chunk rule. The same single
 * pass hashes each chunk's plaintext and the whole plaintext with SHA-256 for the manifest. Memory is one
 * chunk buffer whatever the file size.
 */
import { createCipheriv, createDecipheriv, createHash, type Hash, randomBytes } from "node:crypto";
import { EvidenceError } from "./errors.js";

/**
 * Plaintext bytes in every chunk but the last: 1 MiB, where age uses 64 KiB. Each chunk is a file in
 * the blob store, and at 64 KiB creating, writing and syncing 16,384 files per GiB cost more than all
 * the cryptography (docs/evidence.md, "Encryption").
 */
export const CHUNK_SIZE = 1024 * 1024;
export const KEY_LENGTH = 32;
export const TAG_LENGTH = 16;
const NONCE_LENGTH = 12;
/**
 * Chunks are encrypted, decrypted and hashed in pieces of this size: each piece is still in the CPU
 * cache when the next pass over it (the hash after the cipher) comes, and the cipher's outputs stay
 * small enough to be carved from the heap rather than mapped afresh. Whole 1 MiB calls ran at less
 * than half the speed here.
 */
const PIECE_SIZE = 64 * 1024;
/** The counter takes 11 bytes; we write it through a 6-byte integer, far beyond any real file (2^64 bytes). */
const MAX_INDEX = 2 ** 48 - 1;

/** A chunk as stored and transferred: `ciphertext` is the AES-GCM ciphertext followed by its 16-byte tag. */
export type EncryptedChunk = { index: number; last: boolean; ciphertext: Buffer };
/** What the sealer produces: the encrypted chunk and the hex SHA-256 of its plaintext, for the manifest. */
export type SealedChunk = EncryptedChunk & { plaintextSha256: string };
export type FileTotals = { size: number; sha256: string; chunkCount: number };

function chunkNonce(index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_INDEX) {
    throw new EvidenceError("EVIDENCE_CHUNK_INVALID", `Chunk index ${index} is out of range.`);
  }
  const nonce = Buffer.alloc(NONCE_LENGTH); // bytes 0..4 stay zero: the high part of the 11-byte counter
  nonce.writeUIntBE(index, 5, 6);
  nonce[11] = last ? 0x01 : 0x00;
  return nonce;
}

function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Encrypts one file. It makes the file's key itself, so the same key can never seal two different
 * files and a GCM nonce can never be reused; give `key` to whoever may open the file (wrapped).
 * Feed plaintext of any sizes with `update` and call `final` once at the end.
 */
export class ChunkSealer {
  readonly key: Buffer = randomBytes(KEY_LENGTH);
  private readonly buffer = Buffer.alloc(CHUNK_SIZE);
  private filled = 0;
  private index = 0;
  private size = 0;
  private finished = false;
  private readonly fileHash: Hash = createHash("sha256");

  /** Returns the chunks this input completed. A full buffer is held back until more input shows it is not the last. */
  update(data: Uint8Array): SealedChunk[] {
    this.assertOpen();
    const sealed: SealedChunk[] = [];
    let offset = 0;
    while (offset < data.length) {
      if (this.filled === CHUNK_SIZE) sealed.push(this.sealBuffer(false));
      const take = Math.min(CHUNK_SIZE - this.filled, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
    }
    return sealed;
  }

  /** Seals the final chunk (empty only when the whole file is empty, as in age) and returns the totals. */
  final(): { chunk: SealedChunk; totals: FileTotals } {
    this.assertOpen();
    const chunk = this.sealBuffer(true);
    this.finished = true;
    const totals = { size: this.size, sha256: this.fileHash.digest("hex"), chunkCount: this.index };
    return { chunk, totals };
  }

  private assertOpen(): void {
    // A finished sealer must not seal again: a second "final" chunk would reuse a nonce.
    if (this.finished) throw new Error("ChunkSealer used after final()");
  }

  private sealBuffer(last: boolean): SealedChunk {
    const plaintext = this.buffer.subarray(0, this.filled);
    const index = this.index;
    const { pieces } = sealChunk(this.key, index, last, plaintext);
    const plaintextSha256 = sha256Hex(plaintext);
    this.fileHash.update(plaintext);
    this.size += plaintext.length;
    this.index += 1;
    this.filled = 0;
    return { index, last, ciphertext: Buffer.concat(pieces), plaintextSha256 };
  }
}

/**
 * Encrypts one chunk, returning its ciphertext and tag as pieces (to be written out as they are,
 * without joining them) and the SHA-256 of the whole, its blob address, computed while each piece is
 * fresh. The chunk's length must be canonical for its place (checked here, so no caller can seal a
 * stream a reader would refuse). The caller guarantees that this key never seals another plaintext
 * at this index and flag.
 */
export function sealChunk(
  key: Uint8Array,
  index: number,
  last: boolean,
  plaintext: Uint8Array,
): { pieces: Buffer[]; ciphertextSha256: string; ciphertextSize: number } {
  if (!isCanonicalLength(index, last, plaintext.length)) {
    throw new Error(`A ${plaintext.length}-byte chunk ${index} (last: ${last}) is not canonical`);
  }
  const cipher = createCipheriv("aes-256-gcm", key, chunkNonce(index, last), { authTagLength: TAG_LENGTH });
  const address = createHash("sha256");
  const pieces: Buffer[] = [];
  for (let at = 0; at < plaintext.length; at += PIECE_SIZE) {
    const piece = cipher.update(plaintext.subarray(at, at + PIECE_SIZE));
    address.update(piece);
    pieces.push(piece);
  }
  cipher.final(); // GCM has no padding: every byte came out of `update`
  const tag = cipher.getAuthTag();
  address.update(tag);
  pieces.push(tag);
  return { pieces, ciphertextSha256: address.digest("hex"), ciphertextSize: plaintext.length + TAG_LENGTH };
}

/**
 * Opens one stored chunk whose blob address (the SHA-256 of `ciphertext`) is known. With `always`,
 * hashing and decrypting go in the same pieces and a blob that does not match its address is
 * refused as EVIDENCE_BLOB_CORRUPT before anything else is said about it, then authentication as
 * `openChunk`: for a chunk taken in alone. With `on-failure` the blob is hashed only if
 * authentication fails (which any change to the ciphertext makes it do, for whoever does not hold
 * the key), to tell a blob altered on disk from a chunk in the wrong place or from another file: for
 * reading back a whole file, whose SHA-256 is then checked at its end. Returns the plaintext in
 * pieces (nothing is returned unless the whole chunk authenticates).
 */
export function openStoredChunk(
  key: Uint8Array,
  chunk: EncryptedChunk,
  address: string,
  addressCheck: "always" | "on-failure" = "always",
): Buffer[] {
  const { ciphertext } = chunk;
  const bodyLength = ciphertext.length - TAG_LENGTH;
  const blobFault = () => checkAddress(createHash("sha256").update(ciphertext).digest("hex"), address);
  if (!isCanonicalLength(chunk.index, chunk.last, bodyLength)) {
    blobFault();
    checkLength(chunk);
  }
  const hash = addressCheck === "always" ? createHash("sha256") : undefined;
  const decipher = createDecipheriv("aes-256-gcm", key, chunkNonce(chunk.index, chunk.last), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAuthTag(ciphertext.subarray(bodyLength));
  const pieces: Buffer[] = [];
  for (let at = 0; at < bodyLength; at += PIECE_SIZE) {
    const piece = ciphertext.subarray(at, Math.min(at + PIECE_SIZE, bodyLength));
    hash?.update(piece);
    pieces.push(decipher.update(piece));
  }
  if (hash !== undefined) checkAddress(hash.update(ciphertext.subarray(bodyLength)).digest("hex"), address);
  try {
    finalOrRefuse(decipher, chunk);
  } catch (error) {
    if (hash === undefined) blobFault();
    throw error;
  }
  return pieces;
}

function checkAddress(actual: string, address: string): void {
  if (actual !== address) {
    throw new EvidenceError(
      "EVIDENCE_BLOB_CORRUPT",
      `The blob ${address} does not match its SHA-256: it was altered on disk.`,
    );
  }
}

function finalOrRefuse(decipher: ReturnType<typeof createDecipheriv>, chunk: EncryptedChunk): void {
  try {
    decipher.final();
  } catch (cause) {
    throw new EvidenceError(
      "EVIDENCE_CHUNK_INVALID",
      `Chunk ${chunk.index}${chunk.last ? " (final)" : ""} does not authenticate: it was altered, moved, or comes from another file.`,
      { cause },
    );
  }
}

/** Seals a stream of plaintext (a file read stream, say); the generator's return value is the totals. */
export async function* sealStream(
  sealer: ChunkSealer,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<SealedChunk, FileTotals, undefined> {
  for await (const data of source) yield* sealer.update(data);
  const { chunk, totals } = sealer.final();
  yield chunk;
  return totals;
}

/** age's canonical form: every chunk but the last is full; the last is non-empty unless it is the only one. */
function isCanonicalLength(index: number, last: boolean, length: number): boolean {
  return last ? length <= CHUNK_SIZE && (length > 0 || index === 0) : length === CHUNK_SIZE;
}

function checkLength(chunk: EncryptedChunk): void {
  if (!isCanonicalLength(chunk.index, chunk.last, chunk.ciphertext.length - TAG_LENGTH)) {
    throw new EvidenceError(
      "EVIDENCE_CHUNK_INVALID",
      `Chunk ${chunk.index} has ${chunk.ciphertext.length} bytes, not a valid length for a ${chunk.last ? "final" : "non-final"} chunk.`,
    );
  }
}

/**
 * Opens one chunk on its own (for a resumed transfer). `index` and `last` must come from the signed
 * manifest, never from the sender: the nonce is built from them, so a chunk opens only at the place
 * and with the flag it was sealed with.
 */
export function openChunk(key: Uint8Array, chunk: EncryptedChunk): Buffer {
  checkLength(chunk);
  const body = chunk.ciphertext.subarray(0, chunk.ciphertext.length - TAG_LENGTH);
  const tag = chunk.ciphertext.subarray(chunk.ciphertext.length - TAG_LENGTH);
  const decipher = createDecipheriv("aes-256-gcm", key, chunkNonce(chunk.index, chunk.last), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(body);
  finalOrRefuse(decipher, chunk);
  return plaintext;
}

/**
 * Opens a file's chunks in order. Its own counter, not the chunk's claimed index, names the place a
 * chunk must open at; `finish` refuses a file that never reached its final chunk. Verifies the
 * plaintext hash a chunk carries, when it carries one, and returns the totals to compare with the manifest.
 */
export class ChunkOpener {
  private readonly key: Uint8Array;
  private index = 0;
  private size = 0;
  private ended = false;
  private readonly fileHash: Hash = createHash("sha256");

  constructor(key: Uint8Array) {
    this.key = key;
  }

  open(chunk: EncryptedChunk & { plaintextSha256?: string }): Buffer {
    if (this.ended) {
      throw new EvidenceError("EVIDENCE_TRAILING_DATA", `A chunk follows the final chunk ${this.index - 1}.`);
    }
    if (chunk.index !== this.index) {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `Chunk ${this.index} was expected, chunk ${chunk.index} came: chunks are missing, repeated or out of order.`,
      );
    }
    // The nonce takes our own count, so a wrong place is caught by authentication too, not only by the check above.
    const plaintext = openChunk(this.key, {
      index: this.index,
      last: chunk.last,
      ciphertext: chunk.ciphertext,
    });
    if (chunk.plaintextSha256 !== undefined && sha256Hex(plaintext) !== chunk.plaintextSha256) {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `Chunk ${chunk.index} does not match its listed SHA-256.`,
      );
    }
    this.fileHash.update(plaintext);
    this.size += plaintext.length;
    this.index += 1;
    this.ended = chunk.last;
    return plaintext;
  }

  finish(): FileTotals {
    if (!this.ended) {
      throw new EvidenceError(
        "EVIDENCE_TRUNCATED",
        `The file ends after ${this.index} chunk(s) without a final chunk: it was cut short.`,
      );
    }
    return { size: this.size, sha256: this.fileHash.digest("hex"), chunkCount: this.index };
  }
}

/** Opens a stream of chunks in order, yielding plaintext; the generator's return value is the totals. */
export async function* openStream(
  key: Uint8Array,
  chunks: AsyncIterable<EncryptedChunk> | Iterable<EncryptedChunk>,
): AsyncGenerator<Buffer, FileTotals, undefined> {
  const opener = new ChunkOpener(key);
  for await (const chunk of chunks) yield opener.open(chunk);
  return opener.finish();
}
