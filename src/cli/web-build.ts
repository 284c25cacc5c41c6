/**
 * Builds the officers' web UI (src/web → dist/web) when it is missing or older than its sources,
 * so `npm start` serves the current UI without a separate build step, and a second start is quick.
 * Vite is a development dependency: a production node is deployed with dist/web built (docs/web-ui.md).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
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

/** Builds the UI unless the build is current; returns whether it built. */
export async function ensureWebBuilt(options: { force?: boolean } = {}): Promise<boolean> {
  if (options.force !== true && webBuildIsCurrent()) return false;
  const { build } = await import("vite");
  await build({ configFile: join(REPO, "vite.config.ts"), logLevel: "warn" });
  return true;
}
