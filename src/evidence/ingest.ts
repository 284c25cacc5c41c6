/**
 * Taking in an evidence file: one streaming read that seals it chunk by chunk (chunked-aead.ts) and
 * puts each ciphertext chunk in the blob store as soon as it is sealed, and the way back, which reads
 * the chunks from the store and opens them in order. Memory stays at one read buffer (1 MiB) and the
 * chunks sealed from it, whatever the file size: the file itself is never held. The chunks are made
 * durable together (`BlobStore.flush`) before `ingestFile` returns, so what it returns, the material
 * of the manifest (written, signed and recorded by later work), only ever names blobs on disk.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { BlobStore } from "../store/blob-store.js";
import { ChunkOpener, ChunkSealer, type SealedChunk } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";

/** Reads of 1 MiB: with the default 64 KiB, hashing runs at about half speed (stack.md, §9). */
const READ_SIZE = 1 << 20;

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

export async function ingestFile(
  path: string,
  store: BlobStore,
  options: IngestOptions = {},
): Promise<IngestedFile> {
  const totalBytes = (await stat(path)).size;
  const sealer = new ChunkSealer();
  const chunks: IngestedChunk[] = [];
  const keep = async ({ index, last, ciphertext, plaintextSha256 }: SealedChunk): Promise<void> => {
    const address = await store.put(ciphertext);
    chunks.push({ index, last, address, plaintextSha256, ciphertextSize: ciphertext.length });
  };
  // Each chunk is stored before the next read is asked for, so nothing piles up in between; if a put
  // fails, leaving the loop closes the read stream.
  for await (const data of reportingProgress(path, totalBytes, options.onProgress)) {
    for (const chunk of sealer.update(data)) await keep(chunk);
  }
  const { chunk, totals } = sealer.final();
  await keep(chunk);
  // One flush for the whole file rather than a sync per chunk: the blobs only need to be durable by
  // the time the manifest that names them commits.
  await store.flush();
  return { key: sealer.key, size: totals.size, sha256: totals.sha256, chunks };
}

async function* reportingProgress(
  path: string,
  totalBytes: number,
  onProgress: IngestOptions["onProgress"],
): AsyncGenerator<Buffer> {
  let bytesRead = 0;
  for await (const data of createReadStream(path, { highWaterMark: READ_SIZE })) {
    const buffer = data as Buffer;
    bytesRead += buffer.length;
    onProgress?.(bytesRead, totalBytes);
    yield buffer;
  }
}

/**
 * Streams an ingested file's plaintext back from the store, one chunk at a time. Every chunk is
 * checked three ways before any of it is yielded: its blob against its address, its authentication
 * at its place in the file, its plaintext against its listed hash; the end checks the final chunk was
 * reached and the size and whole-file SHA-256 match the listing. A consumer writing the plaintext
 * out must discard it if the generator throws, even after the last chunk: a file cut short is only
 * known to be so at its end.
 */
export async function* readEvidence(
  file: IngestedFile,
  store: BlobStore,
): AsyncGenerator<Buffer, void, undefined> {
  const opener = new ChunkOpener(file.key);
  for (const chunk of file.chunks) {
    const ciphertext = await store.get(chunk.address);
    yield opener.open({
      index: chunk.index,
      last: chunk.last,
      ciphertext,
      plaintextSha256: chunk.plaintextSha256,
    });
  }
  const totals = opener.finish();
  if (totals.size !== file.size || totals.sha256 !== file.sha256) {
    throw new EvidenceError(
      "EVIDENCE_CHUNK_INVALID",
      `The chunks open to ${totals.size} bytes with SHA-256 ${totals.sha256}, not the ${file.size} bytes with SHA-256 ${file.sha256} listed.`,
    );
  }
}
