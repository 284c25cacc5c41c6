/**
 * Court bundles a crash left in `<data>/exports/` (evidence in clear) are removed when the node
 * starts, before it serves, not at the next export (src/server/export-folder.ts): a real
 * `rogatory node start` process, killed with SIGKILL while a bundle lies there, then started again.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initNodeProcess, type NodeProcess } from "../support/node-process.js";

let root: string;
let node: NodeProcess;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "rogatory-export-sweep-"));
  node = await initNodeProcess(root, "XA");
}, 120_000);
afterAll(async () => {
  await node?.kill9();
  await rm(root, { recursive: true, force: true });
});

const exportsDir = () => join(node.dataDir, "exports");
const mode = async (path: string) => (await stat(path)).mode & 0o777;

/** What a crash in the middle of an export leaves: the export's folder and its bundle. */
async function leaveBundle(name: string): Promise<void> {
  await mkdir(join(exportsDir(), name), { recursive: true, mode: 0o700 });
  await writeFile(join(exportsDir(), name, "court-bundle.tar"), "evidence in clear", { mode: 0o600 });
}

it("removes what a crash left in exports/ when the node starts, leaving it empty and 0700", async () => {
  // Left by an earlier run, in an exports/ someone made readable to others.
  await leaveBundle("bundle-before-first-start");
  await chmod(exportsDir(), 0o755);

  await node.start();
  expect(await readdir(exportsDir())).toEqual([]);
  expect(await mode(exportsDir())).toBe(0o700);

  // A bundle being written when the process dies: gone once the node is started again.
  await leaveBundle("bundle-cut-short");
  await node.kill9();
  expect(existsSync(join(exportsDir(), "bundle-cut-short", "court-bundle.tar"))).toBe(true);
  await node.start();
  expect(await readdir(exportsDir())).toEqual([]);
  await node.stop();
}, 120_000);
