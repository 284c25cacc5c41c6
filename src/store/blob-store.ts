/**
 * The evidence blob store: encrypted chunks on the filesystem under `<dataDir>/blobs/`, each named by
 * the SHA-256 of its own bytes and fanned out as `ab/cd/<64 hex>` so no folder grows huge. A blob is
 * written to a temporary file in its final folder and renamed into place, so its name never shows half
 * a write; `flush` then fsyncs every file and folder written since the last flush, once, before the
 * caller commits anything that points at them (an fsync per put held ingest to ~23 MiB/s).
 * Reading re-hashes the bytes, so a blob altered on disk (or left with bad content by a crash before
 * `flush`) is refused, never returned, and putting it again replaces it. docs/evidence.md, "Storage".
 */
import { createHash, randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { EvidenceError } from "../evidence/errors.js";

const ADDRESS = /^[0-9a-f]{64}$/;
/** Temporary names start with a dot and never match ADDRESS, so a leftover can never be read as a blob. */
const TEMP_PREFIX = ".tmp-";

function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/**
 * How many fsyncs `flush` keeps in flight: enough to keep libuv's thread pool busy and let the
 * filesystem fold them into fewer journal commits, few enough to stay far below the open-file limit.
 */
const SYNC_BATCH = 64;

/** Writes every piece in order, however many calls the kernel takes (a `writev` may write less than asked). */
async function writeAll(handle: FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  let rest = pieces.filter((piece) => piece.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    while (rest.length > 0 && bytesWritten >= (rest[0] as Uint8Array).length) {
      bytesWritten -= (rest[0] as Uint8Array).length;
      rest = rest.slice(1);
    }
    if (bytesWritten > 0) rest = [(rest[0] as Uint8Array).subarray(bytesWritten), ...rest.slice(1)];
  }
}

/** fsyncs a file or a folder by path (a read-only handle is enough for fsync on Linux). */
async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class BlobStore {
  readonly root: string;
  /** Blob files renamed into place and folders that gained an entry since the last `flush`. */
  private readonly pendingFiles = new Set<string>();
  private readonly pendingFolders = new Set<string>();

  private constructor(root: string) {
    this.root = root;
  }

  /** Opens (creating when needed, 0700) the blob folder of a data directory. */
  static async open(dataDir: string): Promise<BlobStore> {
    const root = join(dataDir, "blobs");
    if ((await mkdir(root, { recursive: true, mode: 0o700 })) !== undefined) await fsyncPath(dataDir);
    return new BlobStore(root);
  }

  /** The file a blob lives in; refuses anything but a lowercase SHA-256 hex, so no path can escape the store. */
  pathOf(address: string): string {
    if (!ADDRESS.test(address)) {
      throw new EvidenceError(
        "EVIDENCE_BLOB_MISSING",
        `"${address}" is not a blob address (a SHA-256 in hex).`,
      );
    }
    return join(this.root, address.slice(0, 2), address.slice(2, 4), address);
  }

  /**
   * Stores bytes and returns their address; they are durable only after `flush`. A blob already stored
   * intact is left as it is; one whose file no longer matches its name is replaced, so putting a chunk
   * again repairs it.
   */
  async put(bytes: Uint8Array): Promise<string> {
    const address = sha256Hex(bytes);
    await this.putHashed(address, [bytes]);
    return address;
  }

  /**
   * `put` for bytes whose SHA-256 the caller computed while producing them (ingest hashes each
   * ciphertext piece as it leaves the cipher, while it is still in the CPU cache), given as pieces
   * that are written out without being joined. A wrong address is not checked here: such a blob
   * would be refused on every read (EVIDENCE_BLOB_CORRUPT).
   */
  async putHashed(address: string, pieces: readonly Uint8Array[]): Promise<void> {
    const path = this.pathOf(address);
    if (await this.isIntact(path, address)) {
      // Intact may mean only in the page cache (written by a process that died before its flush), so
      // it is synced again too: after `flush`, everything put is on disk. Content addresses rarely
      // repeat (each file has its own key), so this costs little.
      this.pendingFiles.add(path);
      return;
    }
    const folder = dirname(path);
    await this.makeFolder(folder);
    const temp = join(folder, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    const handle = await open(temp, "wx", 0o600);
    try {
      await writeAll(handle, pieces);
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    this.pendingFiles.add(path);
    this.pendingFolders.add(folder);
  }

  /**
   * Makes every put since the last flush durable: fsyncs each blob file, then each folder that gained
   * an entry (each once), in batches of SYNC_BATCH. Call it before committing anything that names the
   * blobs. An entry leaves the pending list only once synced, so after a failure a flush can be retried.
   */
  async flush(): Promise<void> {
    for (const pending of [this.pendingFiles, this.pendingFolders]) {
      const paths = [...pending];
      for (let start = 0; start < paths.length; start += SYNC_BATCH) {
        await Promise.all(
          paths.slice(start, start + SYNC_BATCH).map(async (path) => {
            await fsyncPath(path);
            pending.delete(path);
          }),
        );
      }
    }
  }

  /** How many files and folders wait for `flush` (0 when everything put is durable). */
  get pendingSyncs(): number {
    return this.pendingFiles.size + this.pendingFolders.size;
  }

  /** Returns a blob's bytes after checking them against the address. */
  async get(address: string): Promise<Buffer> {
    const path = this.pathOf(address);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      if (!isNotFound(cause)) throw cause;
      throw new EvidenceError("EVIDENCE_BLOB_MISSING", `No blob ${address} is stored.`, { cause });
    }
    if (sha256Hex(bytes) !== address) {
      throw new EvidenceError(
        "EVIDENCE_BLOB_CORRUPT",
        `The blob ${address} does not match its SHA-256: it was altered on disk.`,
      );
    }
    return bytes;
  }

  /**
   * Reads a blob into `target` WITHOUT checking it against its address, for a caller that hashes the
   * bytes itself in the same pass as it decrypts them (`openStoredChunk`); returns how many bytes it
   * holds. A blob larger than `target` is refused as EVIDENCE_BLOB_CORRUPT: no stored chunk is.
   */
  async readUnchecked(address: string, target: Buffer): Promise<number> {
    const path = this.pathOf(address);
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (cause) {
      if (!isNotFound(cause)) throw cause;
      throw new EvidenceError("EVIDENCE_BLOB_MISSING", `No blob ${address} is stored.`, { cause });
    }
    try {
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, filled);
        filled += bytesRead;
        if (bytesRead === 0) return filled;
        if (filled === target.length) {
          if ((await handle.stat()).size === filled) return filled;
          throw new EvidenceError(
            "EVIDENCE_BLOB_CORRUPT",
            `The blob ${address} is larger than any stored chunk: it was altered on disk.`,
          );
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** Whether a blob file exists under the address; it is checked on `get`, not here. */
  async has(address: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(address))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async isIntact(path: string, address: string): Promise<boolean> {
    try {
      return sha256Hex(await readFile(path)) === address;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Creates `ab/cd/` (0700) and marks the folders that gained an entry for `flush`, so the path survives a crash. */
  private async makeFolder(folder: string): Promise<void> {
    const first = await mkdir(folder, { recursive: true, mode: 0o700 });
    if (first === undefined) return;
    for (let created = folder; created !== dirname(first); created = dirname(created)) {
      this.pendingFolders.add(dirname(created));
    }
  }
}
