/**
 * Writing a court bundle: the index, the members in the order `memberPaths` gives, and SHA256SUMS
 * last, streamed through tar-stream into a temporary file beside the target. Evidence is written as
 * it is read, with backpressure, so memory stays flat whatever the size; the file is fsynced, made
 * 0600 (it holds evidence in clear) and only then renamed to its final name, so a crash leaves at
 * most a `.partial` file, never a half bundle that looks whole.
 */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type Pack, pack as tarPack } from "tar-stream";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json.js";
import { parseSignedCard } from "../directory/node-card.js";
import { keyFingerprint } from "../directory/node-card-keys.js";
import {
  type BundleIndex,
  BundleIndexSchema,
  bundlePaths,
  COURT_BUNDLE_FORMAT,
  type CourtBundleContents,
  CUSTODY_PATH,
  INDEX_PATH,
  SUMS_PATH,
  sumsLine,
} from "./court-bundle-format.js";
import { EvidenceError } from "./errors.js";
import { parseManifest } from "./manifest.js";

export type WriteCourtBundleOptions = {
  /** Called as evidence bytes are written: bytes so far and the total of all evidence files. */
  onProgress?: (written: number, total: number) => void;
};

const invalid = (message: string, cause?: unknown) =>
  new EvidenceError(
    "EVIDENCE_BUNDLE_INPUT_INVALID",
    `${message}; no bundle was written`,
    cause === undefined ? undefined : { cause },
  );

const sha256Hex = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** The index of a bundle, checked against the schema the verifier holds it to. */
export function buildIndex(contents: CourtBundleContents): BundleIndex {
  const index = {
    format: COURT_BUNDLE_FORMAT,
    exportedAt: contents.exportedAt,
    exportedBy: contents.exportedBy,
    purpose: contents.purpose,
    exportingState: contents.exportingState,
    request: contents.request,
    nodes: contents.nodes.map(({ state, card }) => ({
      state,
      path: bundlePaths.card(state),
      signingKeys: signingKeysOf(state, card),
    })),
    ledgers: contents.ledgers.map(({ state, treeHead }) => ({
      state,
      size: treeHead.size,
      path: bundlePaths.ledger(state, treeHead.size),
    })),
    items: contents.items.map(({ signedManifest }) => {
      const manifest = parseManifest(signedManifest.manifest);
      return {
        itemId: manifest.itemId,
        fileName: manifest.fileName,
        size: manifest.size,
        sha256: manifest.sha256,
        providingState: manifest.node.state,
        manifestSha256: sha256Hex(canonicalJson(signedManifest)),
        manifest: bundlePaths.manifest(manifest.itemId),
        file: bundlePaths.file(manifest.itemId, manifest.fileName),
      };
    }),
    messages: contents.messages.map(({ messageId, from, to, kind }) => ({
      messageId,
      from,
      to,
      kind,
      path: bundlePaths.message(messageId),
    })),
    receipts: contents.receipts.map(({ messageId }) => ({ messageId, path: bundlePaths.receipt(messageId) })),
    custody: CUSTODY_PATH,
  };
  const parsed = BundleIndexSchema.safeParse(index);
  if (!parsed.success) throw invalid(`the bundle's index is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function signingKeysOf(state: string, cardText: string): BundleIndex["nodes"][number]["signingKeys"] {
  let signed: ReturnType<typeof parseSignedCard>;
  try {
    signed = parseSignedCard(JSON.parse(cardText));
  } catch (cause) {
    throw invalid(`the node card given for ${state} is not a signed node card`, cause);
  }
  if (signed.card.state !== state)
    throw invalid(`the node card given for ${state} is ${signed.card.state}'s`);
  return signed.card.keys
    .filter((key) => key.use === "sig")
    .map((key) => ({ kid: key.kid, fingerprint: keyFingerprint(key) }));
}

/** Writes the bundle to `outPath` (replacing any file there) once it is whole and on disk. */
export async function writeCourtBundle(
  contents: CourtBundleContents,
  outPath: string,
  options: WriteCourtBundleOptions = {},
): Promise<BundleIndex> {
  const index = buildIndex(contents);
  const temp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString("hex")}.partial`);
  const handle = await open(temp, "wx", 0o600);
  const tar = tarPack();
  try {
    const drain = drainInto(tar, handle);
    // If writing entries fails, the pack is destroyed and the drain settles with that error too.
    const produced = writeEntries(tar, index, contents, options).catch((error: unknown) => {
      tar.destroy(error as Error);
      throw error;
    });
    await Promise.all([produced, drain]);
    await handle.sync();
    await handle.close();
    await rename(temp, outPath);
    await syncFolder(dirname(outPath));
    return index;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function drainInto(tar: Pack, handle: FileHandle): Promise<void> {
  for await (const data of tar) await handle.write(data as Buffer);
}

async function syncFolder(folder: string): Promise<void> {
  const dir = await open(folder, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function writeEntries(
  tar: Pack,
  index: BundleIndex,
  contents: CourtBundleContents,
  options: WriteCourtBundleOptions,
): Promise<void> {
  const mtime = new Date(index.exportedAt);
  const sums: string[] = [];
  const add = async (path: string, data: string) => {
    const bytes = Buffer.from(data, "utf8");
    sums.push(sumsLine(sha256Hex(bytes), path));
    await addEntry(tar, { name: path, size: bytes.length, mtime }, bytes);
  };
  const total = index.items.reduce((sum, item) => sum + item.size, 0);
  let written = 0;

  await add(INDEX_PATH, `${JSON.stringify(index, null, 2)}\n`);
  // Cards and manifests are written as canonical JSON, byte for byte what was signed and hashed.
  for (const node of contents.nodes) await add(bundlePaths.card(node.state), node.card);
  for (const ledger of contents.ledgers) {
    await add(bundlePaths.ledger(ledger.state, ledger.treeHead.size), `${JSON.stringify(ledger, null, 2)}\n`);
  }
  for (const [i, item] of contents.items.entries()) {
    const listed = index.items[i] as BundleIndex["items"][number];
    await add(listed.manifest, canonicalJson(item.signedManifest));
    await addEvidence(tar, listed, mtime, item.plaintext(), (bytes) => {
      written += bytes;
      options.onProgress?.(written, total);
    });
    sums.push(sumsLine(listed.sha256, listed.file));
  }
  for (const message of contents.messages) await add(bundlePaths.message(message.messageId), message.signed);
  for (const receipt of contents.receipts) {
    await add(bundlePaths.receipt(receipt.messageId), `${JSON.stringify(receipt.body, null, 2)}\n`);
  }
  await add(CUSTODY_PATH, `${JSON.stringify(contents.caseUco, null, 2)}\n`);
  const sumsText = sums.join("");
  await addEntry(tar, { name: SUMS_PATH, size: Buffer.byteLength(sumsText), mtime }, Buffer.from(sumsText));
  tar.finalize();
}

type Header = { name: string; size: number; mtime: Date };

/** Entries are 0600 regular files: an expert extracting the bundle gets private copies of the evidence. */
function addEntry(tar: Pack, header: Header, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry({ ...header, type: "file", mode: 0o600 }, data, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Streams one evidence file into the tar. The tar header carries the manifest's size before any
 * byte is read, so the bytes are counted and hashed on the way and must match the manifest exactly.
 */
async function addEvidence(
  tar: Pack,
  item: BundleIndex["items"][number],
  mtime: Date,
  plaintext: AsyncIterable<Buffer>,
  onBytes: (bytes: number) => void,
): Promise<void> {
  let settle: (error?: Error | null) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // Awaited below; this keeps a failure while the file is still being read from going unhandled.
  done.catch(() => undefined);
  const entry = tar.entry({ name: item.file, size: item.size, mtime, type: "file", mode: 0o600 }, settle);
  // A failure reaches us through `settle`; without a listener the entry's own error event would crash the process.
  entry.on("error", () => undefined);
  const hash = createHash("sha256");
  let size = 0;
  for await (const data of plaintext) {
    size += data.length;
    if (size > item.size)
      throw invalid(`${item.file}: the evidence is longer than its manifest's ${item.size} bytes`);
    hash.update(data);
    // Racing `done` means a tar destroyed meanwhile ends the wait instead of leaving it hanging.
    if (!entry.write(data)) await Promise.race([once(entry, "drain"), done]);
    onBytes(data.length);
  }
  if (size !== item.size || hash.digest("hex") !== item.sha256) {
    throw invalid(`${item.file}: the evidence read (${size} bytes) does not match its manifest`);
  }
  entry.end(null); // streamx types `end` with a required argument; null ends without writing
  await done;
}
