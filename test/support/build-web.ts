/**
 * Vitest global setup: builds the officers' web UI (src/web → dist/web) once before any test file
 * runs, so the node processes the browser tests start serve the UI of the sources under test, not
 * a build left over from an earlier checkout. Vite's own `build()` with the root vite.config.ts
 * (through `ensureWebBuilt`, the same step `npm start` takes); a build as new as every source is
 * kept, so a run of a few unrelated test files does not pay for it again.
 */
import { ensureWebBuilt } from "../../src/cli/web-build.js";

export default async function buildWeb(): Promise<void> {
  try {
    await ensureWebBuilt();
  } catch (error) {
    // Every browser test would fail on a missing page: say why once, here.
    throw new Error(`the web UI does not build (vite build, vite.config.ts): ${String(error)}`);
  }
}
