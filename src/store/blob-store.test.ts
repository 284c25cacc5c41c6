/**
 * The blob store on a real temporary folder: names are the SHA-256 of the bytes, files 0600 in 0700
 * folders, a blob put twice is stored once, a blob altered or removed on disk is refused with its
 * code, a damaged blob is repaired by putting it again, a temp file left by a crash is never read, and
 * what was put waits for `flush` to be synced, a crash before it being caught on read and repaired.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EvidenceError } from "../evidence/errors.js";
import { BlobStore } from "./blob-store.js";

let dataDir: string;
let store: BlobStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rogatory-blobs-"));
  store = await BlobStore.open(dataDir);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Every file under the blob folder, relative to it. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(store.root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(store.root, join(entry.parentPath, entry.name)))
    .sort();
}

async function codeOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    if (error instanceof EvidenceError) return error.code;
    throw error;
  }
  throw new Error("expected the action to be refused");
}

describe("BlobStore", () => {
  it("stores bytes under ab/cd/<sha256>, 0600 in 0700 folders, and returns them", async () => {
    const bytes = randomBytes(1000);
    const address = await store.put(bytes);
    const expected = createHash("sha256").update(bytes).digest("hex");
    expect(address).toBe(expected);
    expect(await storedFiles()).toEqual([join(expected.slice(0, 2), expected.slice(2, 4), expected)]);
    expect((await stat(store.pathOf(address))).mode & 0o777).toBe(0o600);
    for (const folder of [
      store.root,
      join(store.root, expected.slice(0, 2)),
      join(store.root, expected.slice(0, 2), expected.slice(2, 4)),
    ]) {
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
    }
    expect(await store.has(address)).toBe(true);
    expect(await store.get(address)).toEqual(bytes);
  });

  it("stores an empty blob", async () => {
    const address = await store.put(Buffer.alloc(0));
    expect(address).toBe(createHash("sha256").digest("hex"));
    expect((await store.get(address)).length).toBe(0);
  });

  it("stores identical bytes once", async () => {
    const bytes = randomBytes(500);
    const first = await store.put(bytes);
    const before = (await stat(store.pathOf(first))).ino;
    expect(await store.put(Buffer.from(bytes))).toBe(first);
    expect(await storedFiles()).toHaveLength(1);
    // Left as it was, not rewritten.
    expect((await stat(store.pathOf(first))).ino).toBe(before);
  });

  it("refuses a blob altered on disk with EVIDENCE_BLOB_CORRUPT, and putting it again repairs it", async () => {
    const bytes = randomBytes(300);
    const address = await store.put(bytes);
    const damaged = Buffer.from(bytes);
    damaged[100] = (damaged[100] ?? 0) ^ 0x01;
    await writeFile(store.pathOf(address), damaged);
    expect(await codeOf(store.get(address))).toBe("EVIDENCE_BLOB_CORRUPT");

    await store.put(bytes);
    expect(await store.get(address)).toEqual(bytes);
    expect((await stat(store.pathOf(address))).mode & 0o777).toBe(0o600);
  });

  it("refuses a missing blob with EVIDENCE_BLOB_MISSING naming it", async () => {
    const address = createHash("sha256").update("never stored").digest("hex");
    expect(await store.has(address)).toBe(false);
    await expect(store.get(address)).rejects.toThrow(address);
    expect(await codeOf(store.get(address))).toBe("EVIDENCE_BLOB_MISSING");
  });

  it("refuses anything but a lowercase SHA-256 hex as an address, so no path escapes the store", async () => {
    const address = await store.put(randomBytes(10));
    for (const bad of ["../../etc/passwd", address.toUpperCase(), address.slice(1), `${address}0`, ""]) {
      expect(await codeOf(store.get(bad))).toBe("EVIDENCE_BLOB_MISSING");
      expect(await codeOf(store.has(bad))).toBe("EVIDENCE_BLOB_MISSING");
    }
  });

  it("ignores a temp file left by a crash: it is never read as a blob and does not block a put", async () => {
    const bytes = randomBytes(200);
    const address = createHash("sha256").update(bytes).digest("hex");
    const folder = join(store.root, address.slice(0, 2), address.slice(2, 4));
    // What a crash between write and rename leaves: half the bytes under a temp name.
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const stray = join(folder, ".tmp-0123456789abcdef");
    await writeFile(stray, bytes.subarray(0, 100), { mode: 0o600 });

    expect(await store.has(address)).toBe(false);
    expect(await codeOf(store.get(address))).toBe("EVIDENCE_BLOB_MISSING");
    expect(await store.put(bytes)).toBe(address);
    expect(await store.get(address)).toEqual(bytes);
    // Left in place (docs/evidence.md, "Storage"), untouched.
    expect(await readFile(stray)).toEqual(bytes.subarray(0, 100));
  });

  it("keeps what was put pending until flush syncs it, each file and folder once", async () => {
    expect(store.pendingSyncs).toBe(0);
    const first = await store.put(randomBytes(100));
    // The blob file, its `cd/` folder and the two folders that gained `ab/` and `cd/`.
    expect(store.pendingSyncs).toBe(4);
    // Same bytes again: already intact and already pending, so nothing is added.
    await store.put(await store.get(first));
    expect(store.pendingSyncs).toBe(4);
    await store.flush();
    expect(store.pendingSyncs).toBe(0);
    // Intact after a flush, it is still synced once more: it may be intact only in the page cache.
    await store.put(await store.get(first));
    expect(store.pendingSyncs).toBe(1);
    await store.flush();
    expect(store.pendingSyncs).toBe(0);

    // More blobs than a sync batch: all of them leave the pending list, and all stay readable.
    const many = Array.from({ length: 150 }, () => randomBytes(20));
    const addresses = [];
    for (const bytes of many) addresses.push(await store.put(bytes));
    expect(store.pendingSyncs).toBeGreaterThan(many.length);
    await store.flush();
    expect(store.pendingSyncs).toBe(0);
    for (const [at, address] of addresses.entries()) expect(await store.get(address)).toEqual(many[at]);
  });

  it("refuses a blob a crash left with bad content under its name, and the next put replaces it", async () => {
    const bytes = randomBytes(400);
    const address = createHash("sha256").update(bytes).digest("hex");
    // What a crash between rename and flush can leave: the name in place, the data not (here, garbage).
    await mkdir(join(store.root, address.slice(0, 2), address.slice(2, 4)), { recursive: true, mode: 0o700 });
    await writeFile(store.pathOf(address), randomBytes(400), { mode: 0o600 });
    expect(await store.has(address)).toBe(true);
    expect(await codeOf(store.get(address))).toBe("EVIDENCE_BLOB_CORRUPT");

    expect(await store.put(bytes)).toBe(address);
    expect(store.pendingSyncs).toBe(2);
    await store.flush();
    expect(await store.get(address)).toEqual(bytes);
    expect(await storedFiles()).toEqual([join(address.slice(0, 2), address.slice(2, 4), address)]);
  });
});
