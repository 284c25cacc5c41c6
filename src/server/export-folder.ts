/**
 * Where the officers' API writes a court bundle before sending it: `exports/` in the data directory
 * (beside `blobs/`), never the shared temporary folder, because a bundle holds evidence in clear.
 * `exports/` and each export's own folder in it are 0700, the bundle file 0600
 * (src/evidence/court-bundle-write.ts); the folder is removed as soon as the file is open for
 * sending (the open descriptor keeps the bytes readable until the answer ends).
 *
 * A bundle left by a crash is removed when the node starts (`sweepExports`, called by
 * node-runtime.ts before it serves), when no export can be running: evidence in clear must not wait
 * on disk for someone to export again. One export runs at a time per node (`takeExportSlot`): a
 * bundle is as large as the evidence it holds, and each one at once would take that much disk again.
 * A second export is refused at once rather than queued (docs/evidence.md, "Court bundle download").
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EvidenceError } from "../evidence/errors.js";
import type { NodeContext } from "./node-context.js";

/** `<data>/exports`. */
export const exportsFolderOf = (dataDir: string): string => join(dataDir, "exports");

/** Removes every leftover bundle and leaves an empty 0700 `exports/`; only while nothing exports. */
export async function sweepExports(dataDir: string): Promise<void> {
  const root = exportsFolderOf(dataDir);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { mode: 0o700 });
}

/** A new private (0700) folder for one export. */
export async function newExportFolder(context: NodeContext): Promise<string> {
  const { blobs } = context;
  // A context without a blob store holds no evidence: nothing of a node's to protect.
  if (blobs === undefined) return mkdtemp(join(tmpdir(), "rogatory-export-"));
  const root = exportsFolderOf(dirname(blobs.root));
  await mkdir(root, { recursive: true, mode: 0o700 });
  return mkdtemp(join(root, "bundle-"));
}

/** The nodes with an export running, in this process. */
const exporting = new WeakSet<NodeContext>();

/**
 * Takes the node's one export slot, or refuses with EVIDENCE_EXPORT_BUSY (409). A caller waiting
 * for the slot would hold its connection for as long as another bundle takes, so it is told to try
 * again instead. Returns the function that gives the slot back; calling it twice is harmless.
 */
export function takeExportSlot(context: NodeContext): () => void {
  if (exporting.has(context))
    throw new EvidenceError(
      "EVIDENCE_EXPORT_BUSY",
      "another court bundle is being exported from this node; try again once it has downloaded",
    );
  exporting.add(context);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    exporting.delete(context);
  };
}
