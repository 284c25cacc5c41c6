/**
 * The evidence blob store: encrypted chunks on the filesystem under `<dataDir>/blobs/`, each named by
 * the SHA-256 of its own bytes and fanned out as `ab/cd/<64 hex>` so no folder grows huge. A blob is
 * written to a temporary file in its final folder, fsynced, renamed into place and the folder fsynced,
 * so a crash leaves either the whole blob under its name or nothing under it. Reading re-hashes the
 * bytes, so a blob altered on disk is refused, never returned. docs/evidence.md, "Storage".
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
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

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class BlobStore {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** Opens (creating when needed, 0700) the blob folder of a data directory. */
  static async open(dataDir: string): Promise<BlobStore> {
    const root = join(dataDir, "blobs");
    if ((await mkdir(root, { recursive: true, mode: 0o700 })) !== undefined) await fsyncDirectory(dataDir);
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
   * Stores bytes durably and returns their address. A blob already stored intact is left as it is;
   * one whose file no longer matches its name is replaced, so putting a chunk again repairs it.
   */
  async put(bytes: Uint8Array): Promise<string> {
    const address = sha256Hex(bytes);
    const path = this.pathOf(address);
    if (await this.isIntact(path, address)) return address;
    const folder = dirname(path);
    await this.makeFolder(folder);
    const temp = join(folder, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    await fsyncDirectory(folder);
    return address;
  }

  /** Returns a blob's bytes after checking them against the address. */
  async get(address: string): Promise<Buffer> {
    const path = this.pathOf(address);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      if (!isNotFound(cause)) throw cause;
      throw new EvidenceError("EVIDENCE_BLOB_MISSING", `No blob ${address} is stored (${path}).`, { cause });
    }
    if (sha256Hex(bytes) !== address) {
      throw new EvidenceError(
        "EVIDENCE_BLOB_CORRUPT",
        `The blob ${address} does not match its SHA-256: it was altered on disk (${path}).`,
      );
    }
    return bytes;
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

  /** Creates `ab/cd/` (0700) and fsyncs the folders that gained an entry, so the new path survives a crash. */
  private async makeFolder(folder: string): Promise<void> {
    const first = await mkdir(folder, { recursive: true, mode: 0o700 });
    if (first === undefined) return;
    for (let created = folder; created !== dirname(first); created = dirname(created)) {
      await fsyncDirectory(dirname(created));
    }
  }
}
