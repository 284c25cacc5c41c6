/**
 * Builds the officers' single-page app into `dist/web`, which the node serves at `/`.
 * `npm start` and the test suite build it; a node started without a build answers `/` with a
 * page that says how to make one (src/server/web-app.ts).
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("src/web", import.meta.url)),
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("dist/web", import.meta.url)),
    emptyOutDir: true,
    // The node's CSP allows scripts from itself only: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // No source maps: they would publish the build machine's paths; the sources are public anyway.
    sourcemap: false,
    // One bundle of about 720 KB (190 KB gzipped), most of it the six languages' catalogues; it is
    // served by the State's own node and cached, so splitting it would buy little.
    chunkSizeWarningLimit: 1024,
  },
});
