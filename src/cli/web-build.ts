/**
 * Builds the officers' web UI (src/web → dist/web) when it is missing or older than its sources,
 * so `npm start` serves the current UI without a separate build step, and a second start is quick.
 * Vite is a development dependency: a production node is deployed with dist/web built (docs/web-ui.md).
 *
 * The build goes to a folder of its own and is then moved in without ever emptying dist/web: new
 * (content-hashed) assets first, `index.html` last by an atomic rename. A node serving the old page
 * meanwhile still finds the old assets, and two builds at once (two test runs) cannot break each other.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const WEB_SOURCES = join(REPO, "src/web");
export const WEB_BUILD = join(REPO, "dist/web");

const newestChange = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }, 0);

/** True when dist/web holds a build at least as new as every source of the UI. */
export function webBuildIsCurrent(): boolean {
  const index = join(WEB_BUILD, "index.html");
  return existsSync(index) && statSync(index).mtimeMs >= newestChange(WEB_SOURCES);
}

/** Copies `from` into `to`, every file but `index.html`, keeping what `to` already holds. */
function copyAllButIndex(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyAllButIndex(source, join(to, entry.name));
    else if (entry.name !== "index.html") copyFileSync(source, join(to, entry.name));
  }
}

/** Builds the UI unless the build is current; returns whether it built. */
export async function ensureWebBuilt(options: { force?: boolean } = {}): Promise<boolean> {
  if (options.force !== true && webBuildIsCurrent()) return false;
  const { build } = await import("vite");
  mkdirSync(join(REPO, "dist"), { recursive: true });
  const staging = mkdtempSync(join(REPO, "dist", "web-build-"));
  try {
    await build({
      configFile: join(REPO, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: staging, emptyOutDir: true },
    });
    copyAllButIndex(staging, WEB_BUILD);
    renameSync(join(staging, "index.html"), join(WEB_BUILD, "index.html"));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return true;
}
