/**
 * The one pass over a court bundle's tar: every member hashed as it streams by, the small documents
 * (cards, ledgers, manifests, messages, receipts, index) kept for the signature checks, each evidence
 * file checked chunk by chunk against its manifest without ever being held. Memory is one tar read
 * buffer plus the documents, whatever the size of the evidence.
 *
 * What makes a tar unsafe or not a bundle at all — a link, a folder, a path that climbs out, a member
 * twice, an index that is not first or not valid, a tar cut short — stops the pass: the rest is not
 * read, and the report names that member.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type ExtractEvents, extract as tarExtract } from "tar-stream";
import { z } from "zod";
import {
  type BundleIndex,
  BundleIndexSchema,
  INDEX_PATH,
  MAX_DOCUMENT_BYTES,
  memberPaths,
  SUMS_PATH,
  unsafePathReason,
} from "./court-bundle-format.js";
import { type Manifest, parseManifest } from "./manifest.js";

export type BundleCheck = { ok: boolean; subject: string; message: string };

/** What streaming one evidence file against its (not yet verified) manifest found. */
export type EvidenceFinding = { ok: boolean; message: string };

export type BundleRead = {
  index: BundleIndex | undefined;
  /** Set when the pass stopped: the bundle is refused whatever else it holds. */
  refusal: BundleCheck | undefined;
  /** Members read in full, by path (everything but evidence files). */
  documents: Map<string, Buffer>;
  /** SHA-256 (hex) of every member read, by path. */
  hashes: Map<string, string>;
  evidence: Map<string, EvidenceFinding>;
  /** Members present but not named by the index. */
  unexpected: string[];
};

class Refused extends Error {
  constructor(
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the bundle at `path`. Throws only when the file cannot be opened or read at all. */
export async function readBundle(path: string): Promise<BundleRead> {
  const read: BundleRead = {
    index: undefined,
    refusal: undefined,
    documents: new Map(),
    hashes: new Map(),
    evidence: new Map(),
    unexpected: [],
  };
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  // Opening errors (a missing file, a folder) are the caller's usage error, not a finding.
  await new Promise<void>((resolve, reject) => {
    source.once("open", () => resolve());
    source.once("error", reject);
  });
  const extract = tarExtract();
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract) await readMember(read, entry);
    if (read.index === undefined) throw new Refused("bundle", "the tar is empty: not a court bundle");
  } catch (error) {
    source.destroy();
    if (error instanceof Refused)
      read.refusal = { ok: false, subject: error.subject, message: error.message };
    else if (error instanceof Error && source.errored === null) {
      // tar-stream's own errors: a header that does not parse, or the data ending inside a member.
      read.refusal = { ok: false, subject: "bundle", message: tarProblem(error) };
    } else throw error;
  }
  return read;
}

function tarProblem(error: Error): string {
  if (/end of data/i.test(error.message))
    return "the tar file ends in the middle of a member: it was truncated";
  return `not a readable tar file (${error.message}): damaged, truncated, or not a court bundle`;
}

type TarEntry = ExtractEvents["entry"][1];

async function readMember(read: BundleRead, entry: TarEntry): Promise<void> {
  const { name, type } = entry.header;
  const size = entry.header.size ?? 0;
  const unsafe = unsafePathReason(name);
  if (unsafe !== undefined) throw new Refused(name, `refused: ${unsafe}; nothing was extracted`);
  if (type !== "file") {
    throw new Refused(
      name,
      `refused: a ${type ?? "special"} entry, not a regular file (links and folders are refused)`,
    );
  }
  if (read.hashes.has(name)) {
    throw new Refused(name, "refused: appears twice in the tar (an extractor would keep only the last copy)");
  }
  if (read.index === undefined && name !== INDEX_PATH) {
    throw new Refused(name, `${INDEX_PATH} must be the first member: not a court bundle`);
  }
  const item = read.index?.items.find((i) => i.file === name);
  if (item !== undefined) {
    const manifest = read.documents.get(item.manifest);
    if (manifest === undefined) throw new Refused(name, "comes before its manifest: the tar was reordered");
    const checker = new EvidenceChecker(looseManifest(manifest));
    const hash = createHash("sha256");
    for await (const data of entry as AsyncIterable<Buffer>) {
      hash.update(data);
      checker.update(data);
    }
    read.hashes.set(name, hash.digest("hex"));
    read.evidence.set(name, checker.finish());
    return;
  }
  if (read.index !== undefined && !isExpected(read.index, name)) {
    read.unexpected.push(name);
  }
  if (size > MAX_DOCUMENT_BYTES) {
    throw new Refused(
      name,
      `refused: ${size} bytes, more than the ${MAX_DOCUMENT_BYTES} a bundle document may hold`,
    );
  }
  const parts: Buffer[] = [];
  for await (const data of entry as AsyncIterable<Buffer>) parts.push(data);
  const bytes = Buffer.concat(parts);
  read.hashes.set(name, createHash("sha256").update(bytes).digest("hex"));
  read.documents.set(name, bytes);
  if (name === INDEX_PATH) read.index = parseIndex(bytes);
}

const isExpected = (index: BundleIndex, name: string) =>
  name === INDEX_PATH || name === SUMS_PATH || memberPaths(index).includes(name);

function parseIndex(bytes: Buffer): BundleIndex {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Refused(INDEX_PATH, "not JSON: not a court bundle index");
  }
  const parsed = BundleIndexSchema.safeParse(json);
  if (!parsed.success) {
    throw new Refused(INDEX_PATH, `not a valid court bundle index: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The manifest the file is compared with while streaming; its signature is checked later, with the cards. */
function looseManifest(bytes: Buffer): Manifest | undefined {
  try {
    return parseManifest((JSON.parse(bytes.toString("utf8")) as { manifest?: unknown }).manifest);
  } catch {
    return undefined;
  }
}

/**
 * Cuts a stream into the manifest's chunks without buffering: one running hash per chunk, compared
 * with the manifest's plaintext hash when the chunk is complete; plus the size and whole-file hash.
 */
class EvidenceChecker {
  private readonly whole = createHash("sha256");
  private chunk = createHash("sha256");
  private inChunk = 0;
  private index = 0;
  private size = 0;
  private firstBadChunk: number | undefined;

  constructor(private readonly manifest: Manifest | undefined) {}

  update(data: Buffer): void {
    this.whole.update(data);
    this.size += data.length;
    if (this.manifest === undefined) return;
    const chunkSize = this.manifest.chunkSize;
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(chunkSize - this.inChunk, data.length - offset);
      this.chunk.update(data.subarray(offset, offset + take));
      this.inChunk += take;
      offset += take;
      if (this.inChunk === chunkSize) this.endChunk();
    }
  }

  private endChunk(): void {
    const listed = this.manifest?.chunks[this.index];
    if (this.firstBadChunk === undefined && listed?.plaintextSha256 !== this.chunk.digest("hex")) {
      this.firstBadChunk = this.index;
    }
    this.index += 1;
    this.chunk = createHash("sha256");
    this.inChunk = 0;
  }

  finish(): EvidenceFinding {
    const sha256 = this.whole.digest("hex");
    const manifest = this.manifest;
    if (manifest === undefined) return { ok: false, message: "not checked: its manifest cannot be read" };
    // The final chunk is the partial one, or the only (empty) one of an empty file.
    if (this.inChunk > 0 || this.size === 0) this.endChunk();
    if (this.size !== manifest.size) {
      return {
        ok: false,
        message: `${this.size} bytes, but the manifest says ${manifest.size}: the file was ${this.size < manifest.size ? "truncated" : "extended"}`,
      };
    }
    if (
      sha256 !== manifest.sha256 ||
      this.firstBadChunk !== undefined ||
      this.index !== manifest.chunks.length
    ) {
      const at = this.firstBadChunk ?? this.index;
      const from = at * manifest.chunkSize;
      const where = ` (first differing chunk: ${at}, bytes ${from}–${Math.min(from + manifest.chunkSize, this.size) - 1})`;
      return { ok: false, message: `SHA-256 differs from manifest${where}` };
    }
    return {
      ok: true,
      message: `${this.size} bytes, SHA-256 ${sha256} and all ${this.index} chunk(s) match the manifest`,
    };
  }
}
