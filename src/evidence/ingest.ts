/**
 * Taking in an evidence file, all at once (`ingestFile`) or piece by piece across crashes
 * (`EvidenceIngest`, for the API upload and the CLI's resume), and the way back (`readEvidence`).
 *
 * Each 1 MiB chunk is sealed (chunked-aead.ts) and put in the blob store as soon as a byte beyond it
 * shows it is not the last; the chunks a `write` stored are flushed to disk before it returns them, so
 * whatever an ingest has returned only ever names blobs on disk, and a crash loses only bytes not yet
 * returned as stored (the client sends them again from `bytesSealed`). The work is spread over two
 * cores: this thread encrypts and hashes the ciphertext while a worker hashes the plaintext (the
 * chunk's hash and the file's), and the disk writes run in libuv's threads. Memory is a few chunks
 * whatever the file size. docs/evidence.md, "Storage", and docs/performance.md, "Evidence".
 */
import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import type { BlobStore } from "../store/blob-store.js";
import { CHUNK_SIZE, KEY_LENGTH, openStoredChunk, sealChunk, TAG_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";
import { PlaintextHash, PlaintextSlots } from "./plaintext-hasher.js";

/**
 * `ingestFile` reads 8 MiB at a time and hands each read to one `write`, which flushes once for the
 * chunks it stored: a flush per 1 MiB chunk would cost a round of fsyncs per chunk.
 */
export const INGEST_READ_SIZE = 8 * CHUNK_SIZE;
/** Plaintext slots shared with the hashing worker: one being filled, the others being hashed. */
const SLOTS = 3;
/** Blob writes in flight at once: enough to keep the disk busy while the next chunk is sealed. */
const PUTS_IN_FLIGHT = 4;
const ignore = (): void => undefined;

export type IngestedChunk = {
  index: number;
  last: boolean;
  /** SHA-256 (hex) of the stored ciphertext chunk: its name in the blob store. */
  address: string;
  plaintextSha256: string;
  ciphertextSize: number;
};

export type IngestedFile = {
  /** The file's own AES-256 key: a secret, to be wrapped to recipients and never logged. */
  key: Buffer;
  size: number;
  /** SHA-256 (hex) of the whole plaintext, as `sha256sum` prints it. */
  sha256: string;
  chunks: IngestedChunk[];
};

export type IngestOptions = {
  /** Called after each read with the bytes read so far and the file's size when the ingest began. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
};

/**
 * An ingest fed piece by piece. `write` stores the chunks its bytes complete and returns them once
 * they are on disk; `resume` takes up, after a crash, from the chunks a previous ingest returned
 * (kept by the caller, say in the database) with the same key. Calls must not overlap.
 *
 * After a failed `write` or `finish` the ingest is unusable: resume from the chunks returned so far.
 * A resumed ingest must be sent the same bytes as before from `bytesSealed`: the chunk at that index
 * may have been sealed before the crash (never returned, maybe written), and AES-GCM must never seal
 * two different plaintexts under one key and nonce.
 */
export class EvidenceIngest {
  readonly #key: Buffer;
  private readonly store: BlobStore;
  private readonly hash: PlaintextHash;
  private readonly slots = new PlaintextSlots(SLOTS);
  private readonly chunks: IngestedChunk[];
  private current: Awaited<ReturnType<PlaintextSlots["take"]>> | undefined;
  private filled = 0;
  /** The index of the next chunk to seal (ahead of `chunks` while a call's chunks are being stored). */
  private nextIndex: number;
  private state: "open" | "busy" | "done" = "open";

  private constructor(store: BlobStore, key: Buffer, chunks: IngestedChunk[], hash: PlaintextHash) {
    this.store = store;
    this.#key = key;
    this.chunks = chunks;
    this.nextIndex = chunks.length;
    this.hash = hash;
  }

  /** A new ingest under a fresh random key (so no key ever seals two files). */
  static start(store: BlobStore): EvidenceIngest {
    return new EvidenceIngest(store, randomBytes(KEY_LENGTH), [], new PlaintextHash());
  }

  /**
   * Takes up an ingest from the chunks it stored: each is read back and checked (its blob against its
   * address, its authentication at its index, its plaintext against its hash) to rebuild the file's
   * running hash. Refused, with the code of the first fault, when one is missing or corrupt, out of
   * place, or marked last (a finished file cannot be added to).
   */
  static async resume(
    store: BlobStore,
    key: Buffer,
    chunks: readonly IngestedChunk[],
  ): Promise<EvidenceIngest> {
    if (key.length !== KEY_LENGTH) {
      throw new EvidenceError(
        "EVIDENCE_KEY_INVALID",
        `An evidence key has ${KEY_LENGTH} bytes, not ${key.length}.`,
      );
    }
    const last = chunks.findIndex((chunk) => chunk.last);
    if (last !== -1) {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `Chunk ${last} is the final chunk: the ingest was finished and cannot be resumed.`,
      );
    }
    const hash = new PlaintextHash();
    try {
      // Every check: what resumes here is listed in the manifest to come, chunk hashes included.
      for await (const _ of openInOrder(key, chunks, store, hash, "every-chunk"));
    } catch (error) {
      hash.release();
      throw error;
    }
    return new EvidenceIngest(store, Buffer.from(key), [...chunks], hash);
  }

  /** The file's AES-256 key: a secret, to be kept (wrapped) to resume and to read the file. */
  get key(): Buffer {
    return this.#key;
  }

  /** Plaintext bytes stored in chunks so far: where a client resumes sending after a crash. */
  get bytesSealed(): number {
    return this.chunks.filter((chunk) => !chunk.last).length * CHUNK_SIZE;
  }

  /**
   * Takes the next bytes of the file. Returns the chunks they completed, stored and flushed durable
   * (none when they only filled the chunk in progress: a full chunk waits for one byte more, since
   * the last chunk is sealed differently).
   */
  async write(data: Uint8Array): Promise<IngestedChunk[]> {
    return this.run(async () => {
      const puts: Promise<IngestedChunk>[] = [];
      for (let offset = 0; offset < data.length; ) {
        if (this.current === undefined) {
          this.current = await this.slots.take();
          this.filled = 0;
        }
        if (this.filled === CHUNK_SIZE) {
          // Bounded so that ciphertext waiting for the disk cannot pile up in memory.
          if (puts.length >= PUTS_IN_FLIGHT) await puts[puts.length - PUTS_IN_FLIGHT];
          puts.push(this.sealCurrent(false));
          continue;
        }
        const take = Math.min(CHUNK_SIZE - this.filled, data.length - offset);
        this.current.view.set(data.subarray(offset, offset + take), this.filled);
        this.filled += take;
        offset += take;
      }
      const stored = await Promise.all(puts);
      await this.store.flush();
      this.chunks.push(...stored);
      return stored;
    });
  }

  /** Seals the rest as the final chunk, flushes it, and returns what the manifest will carry. */
  async finish(): Promise<IngestedFile> {
    if (this.filled === 0 && this.chunks.length > 0 && this.state === "open") {
      // A chunk is only sealed once a byte beyond it came, so the file goes on after bytesSealed.
      throw new EvidenceError(
        "EVIDENCE_TRUNCATED",
        `The file cannot end at byte ${this.bytesSealed}, where a chunk sealed as not the last ends: send the bytes from there again.`,
      );
    }
    const file = await this.run(async () => {
      this.current ??= await this.slots.take();
      const final = await this.sealCurrent(true);
      await this.store.flush();
      this.chunks.push(final);
      const sha256 = await this.hash.finish();
      const size = this.chunks.reduce((sum, chunk) => sum + chunk.ciphertextSize - TAG_LENGTH, 0);
      return { key: this.#key, size, sha256, chunks: [...this.chunks] };
    });
    this.state = "done";
    return file;
  }

  /** Gives up the ingest (its stored chunks stay in the store); harmless after `finish`. */
  abort(): void {
    this.state = "done";
    this.hash.release();
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.state !== "open") {
      throw new Error(
        `EvidenceIngest is ${this.state === "busy" ? "busy with another call" : "finished, failed or aborted"}`,
      );
    }
    this.state = "busy";
    try {
      const result = await work();
      this.state = "open";
      return result;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Seals the slot being filled: the worker hashes its plaintext while this thread encrypts it. */
  private sealCurrent(last: boolean): Promise<IngestedChunk> {
    const slot = this.current as NonNullable<typeof this.current>;
    const length = this.filled;
    const index = this.nextIndex++;
    this.current = undefined;
    this.filled = 0;
    const plaintextSha256 = this.hash.chunk(slot.buffer, length);
    slot.hold(plaintextSha256);
    const sealed = sealChunk(this.#key, index, last, slot.view.subarray(0, length));
    const stored = this.store.putHashed(sealed.ciphertextSha256, sealed.pieces);
    const chunk = Promise.all([plaintextSha256, stored]).then(([sha256]) => ({
      index,
      last,
      address: sealed.ciphertextSha256,
      plaintextSha256: sha256,
      ciphertextSize: sealed.ciphertextSize,
    }));
    chunk.catch(ignore); // awaited by the caller; this only stops an early failure counting as unhandled
    return chunk;
  }
}

/**
 * Ingests a whole file: reads it once, in INGEST_READ_SIZE pieces, through an `EvidenceIngest`.
 */
export async function ingestFile(
  path: string,
  store: BlobStore,
  options: IngestOptions = {},
): Promise<IngestedFile> {
  const handle = await open(path, "r");
  const ingest = EvidenceIngest.start(store);
  try {
    const totalBytes = (await handle.stat()).size;
    // One buffer, read into again once its bytes are stored: a second one, to read ahead, would add
    // 8 MiB of memory to save ~2 ms per read from the page cache.
    const buffer = Buffer.allocUnsafe(INGEST_READ_SIZE);
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: got } = await handle.read(buffer, 0, INGEST_READ_SIZE, null);
      if (got === 0) break;
      bytesRead += got;
      options.onProgress?.(bytesRead, totalBytes);
      await ingest.write(buffer.subarray(0, got));
    }
    return await ingest.finish();
  } catch (error) {
    ingest.abort();
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Reads, checks and opens the listed chunks in order, yielding each chunk's plaintext (in pieces) only
 * once its checks have passed: its authentication at its place and, with `every-chunk`, its blob
 * against its address (openStoredChunk) and its plaintext against its listed hash (on the worker,
 * which carries the file's running hash in `hash` either way). The next blob is read, and the next chunk opened, while the worker
 * hashes the one before. Also refuses a chunk out of place or after a final one. Whether the list
 * ends with its final chunk is the caller's to check.
 */
async function* openInOrder(
  key: Uint8Array,
  chunks: readonly IngestedChunk[],
  store: BlobStore,
  hash: PlaintextHash,
  checks: "every-chunk" | "whole-file",
): AsyncGenerator<Buffer[], void, undefined> {
  const everyChunk = checks === "every-chunk";
  const blobs = [Buffer.allocUnsafe(CHUNK_SIZE + TAG_LENGTH), Buffer.allocUnsafe(CHUNK_SIZE + TAG_LENGTH)];
  const slots = new PlaintextSlots(SLOTS);
  const readBlob = (position: number): Promise<number> | undefined => {
    const chunk = chunks[position];
    if (chunk === undefined) return undefined;
    const reading = store.readUnchecked(chunk.address, blobs[position % 2] as Buffer);
    reading.catch(ignore); // awaited in its turn
    return reading;
  };
  type Opened = { chunk: IngestedChunk; pieces: Buffer[]; sha256: Promise<string> };
  const confirmed = async ({ chunk, pieces, sha256 }: Opened): Promise<Buffer[]> => {
    // Without a chunk hash to compare there is nothing to wait for: the slot is held until the
    // worker is done with it, and a worker failure surfaces at the file's end.
    if (!everyChunk) return pieces;
    if ((await sha256) !== chunk.plaintextSha256) {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `Chunk ${chunk.index} does not match its listed SHA-256.`,
      );
    }
    return pieces;
  };
  let waiting: Opened | undefined;
  let ended = false;
  let reading = readBlob(0);
  for (const [position, chunk] of chunks.entries()) {
    let opened: Opened;
    try {
      if (ended) {
        throw new EvidenceError("EVIDENCE_TRAILING_DATA", `A chunk follows the final chunk ${position - 1}.`);
      }
      if (chunk.index !== position) {
        throw new EvidenceError(
          "EVIDENCE_CHUNK_INVALID",
          `Chunk ${position} was expected, chunk ${chunk.index} came: chunks are missing, repeated or out of order.`,
        );
      }
      const length = await (reading as Promise<number>);
      // The other buffer is free: the chunk read into it was opened (into new pieces) last turn.
      reading = readBlob(position + 1);
      const ciphertext = (blobs[position % 2] as Buffer).subarray(0, length);
      // The nonce takes our own count, never the index the listing claims.
      const place = { index: position, last: chunk.last, ciphertext };
      const pieces = openStoredChunk(key, place, chunk.address, everyChunk ? "always" : "on-failure");
      const slot = await slots.take();
      let at = 0;
      for (const piece of pieces) at += piece.copy(slot.view, at);
      const sha256 = everyChunk ? hash.chunk(slot.buffer, at) : hash.feed(slot.buffer, at).then(() => "");
      sha256.catch(ignore); // awaited in `confirmed`
      slot.hold(sha256);
      opened = { chunk, pieces, sha256 };
      ended = chunk.last;
    } catch (error) {
      // What came before the fault is still given out, as a chunk-by-chunk reader would have.
      if (waiting) yield await confirmed(waiting);
      throw error;
    }
    if (waiting) yield await confirmed(waiting);
    waiting = opened;
  }
  if (waiting) yield await confirmed(waiting);
}

/**
 * Streams an ingested file's plaintext back from the store, a chunk at a time (each in pieces of up
 * to 64 KiB). Each chunk must authenticate at its place in the file (GCM with its index and final
 * flag in the nonce: any change to the stored bytes fails, and the blob's address is then checked to
 * report EVIDENCE_BLOB_CORRUPT); the end checks the final chunk was reached and the size and the
 * whole-file SHA-256 match the listing. The chunks' own hashes were checked when they were taken in
 * (sealed here, or checked one by one on arrival), so they are not computed again: a read-back costs
 * one decryption and one hash. A consumer writing the plaintext out must discard it if the generator
 * throws, even after the last chunk: a file cut short or altered by a holder of its key is only known
 * to be so at its end.
 */
export async function* readEvidence(
  file: IngestedFile,
  store: BlobStore,
): AsyncGenerator<Buffer, void, undefined> {
  const hash = new PlaintextHash();
  try {
    let size = 0;
    // The last chunk's pieces are held until the whole file has checked out, so a reader given a
    // length up front (an HTTP answer) never receives all of it from a file that fails at its end.
    let held: Buffer[] = [];
    for await (const pieces of openInOrder(file.key, file.chunks, store, hash, "whole-file")) {
      for (const piece of held) yield piece;
      held = pieces;
      for (const piece of pieces) size += piece.length;
    }
    const final = file.chunks.at(-1);
    if (final === undefined || !final.last) {
      throw new EvidenceError(
        "EVIDENCE_TRUNCATED",
        `The file ends after ${file.chunks.length} chunk(s) without a final chunk: it was cut short.`,
      );
    }
    const sha256 = await hash.finish();
    if (size !== file.size || sha256 !== file.sha256) {
      throw new EvidenceError(
        "EVIDENCE_CHUNK_INVALID",
        `The chunks open to ${size} bytes with SHA-256 ${sha256}, not the ${file.size} bytes with SHA-256 ${file.sha256} listed.`,
      );
    }
    for (const piece of held) yield piece;
  } finally {
    hash.release();
  }
}
