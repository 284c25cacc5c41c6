/**
 * Where the officers' API writes a court bundle before sending it: `exports/` in the data directory
 * (beside `blobs/`), never the shared temporary folder, because a bundle holds evidence in clear.
 * Each export gets a 0700 folder of its own, removed as soon as the file is open for sending (the
 * open descriptor keeps the bytes readable until the answer ends). A bundle left by a crash is
 * removed by the first export after the node starts again.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { NodeContext } from "./node-context.js";

/** One sweep per blob store (per running node), awaited by every export so none removes another's folder. */
const sweeps = new WeakMap<object, Promise<string>>();

export async function newExportFolder(context: NodeContext): Promise<string> {
  const { blobs } = context;
  // A context without a blob store holds no evidence: nothing of a node's to sweep or protect.
  if (blobs === undefined) return mkdtemp(join(tmpdir(), "rogatory-export-"));
  let swept = sweeps.get(blobs);
  if (swept === undefined) {
    swept = sweepExports(join(dirname(blobs.root), "exports"));
    sweeps.set(blobs, swept);
    // A failed sweep (a full disk, say) is tried again by the next export rather than remembered.
    swept.catch(() => sweeps.delete(blobs));
  }
  return mkdtemp(join(await swept, "bundle-"));
}

async function sweepExports(root: string): Promise<string> {
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true, mode: 0o700 });
  return root;
}
