/**
 * Serves the officers' single-page app, built by Vite into `dist/web` (`npm run build:web`):
 * `/` is index.html, never cached, so a new build reaches every browser at its next load;
 * `/assets/*` are the hashed files it names, cached for a year as immutable (a new build has new
 * names). GET and HEAD only, nothing under `/api/`, and no fallback page: the app routes by hash
 * (`#/requests/ID`), so any other path keeps the API's 404 problem answer. A node started before
 * the UI was built answers `/` with a page that says how to build it, and serves the build as soon
 * as it appears (no restart).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { sendProblem } from "./problem.js";

/** `dist/web` at the package root, wherever the node is started from. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../dist/web", import.meta.url));

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** No script and no inline style: it must render under the same CSP as everything else. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Rogatory: the web UI is not built</title>
  </head>
  <body>
    <h1>The web UI is not built</h1>
    <p>The web UI is not built: run <code>npm run build:web</code>, then reload this page.</p>
    <p>The API is available at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
  </body>
</html>
`;

export async function registerWebApp(app: FastifyInstance, options: { dir: string }): Promise<void> {
  const { dir } = options;
  await app.register(async (scope) => {
    // What @fastify/send refuses (a folder, say: 403) is a file not here, not a fault of the node.
    scope.setErrorHandler((error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status < 400 || status >= 500) return sendProblem(error, request, reply);
      const notHere = Object.assign(new Error(`no file ${request.url}`), { code: "NOT_FOUND" });
      return sendProblem(notHere, request, reply);
    });
    await scope.register(fastifyStatic, {
      root: join(dir, "assets"),
      prefix: "/assets/",
      // The folder may appear later (a build after start): no warning for it missing now.
      suppressWarning: true,
      index: false,
      dotfiles: "ignore",
      acceptRanges: false,
      maxAge: YEAR_MS,
      immutable: true,
    });

    scope.get("/", { schema: { hide: true } }, async (_request, reply) => {
      reply.header("cache-control", "no-store");
      if (!existsSync(join(dir, "index.html"))) {
        return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
      }
      return reply.sendFile("index.html", dir, { cacheControl: false });
    });
  });
}
