/**
 * The web UI served by the node (src/server/web-app.ts): index.html at `/` never cached and under
 * the node's CSP, hashed assets cached for a year with their content types, GET and HEAD only,
 * the API untouched, other paths the API's 404 problem, and a page saying how to build the UI when
 * there is no build — which is served as soon as one appears. A hand-made build in a temporary
 * folder keeps these exact; the last test serves the real build of src/web.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { DEFAULT_WEB_DIR } from "../../src/server/web-app.js";
import { startTestNode, type TestNode } from "../support/test-node.js";

const INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Rogatory</title>
<script type="module" crossorigin src="/assets/index-Ab12Cd34.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-Ef56Gh78.css"></head>
<body><div id="root"></div></body></html>
`;
const SCRIPT = 'document.getElementById("root").textContent = "ready";\n';
const STYLE = "#root { margin-inline: auto; }\n";

let node: TestNode;
let built: string;
let empty: string;
let app: FastifyInstance;

beforeAll(async () => {
  node = await startTestNode();
  built = await mkdtemp(join(tmpdir(), "rogatory-web-"));
  empty = await mkdtemp(join(tmpdir(), "rogatory-web-none-"));
  await mkdir(join(built, "assets"));
  await writeFile(join(built, "index.html"), INDEX);
  await writeFile(join(built, "assets", "index-Ab12Cd34.js"), SCRIPT);
  await writeFile(join(built, "assets", "index-Ef56Gh78.css"), STYLE);
  await writeFile(join(built, "assets", ".env"), "SECRET=1\n");
  app = await buildApp(node.context, { webDir: built });
});
afterAll(async () => {
  await app.close();
  await node.close();
  await rm(built, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

const get = (server: FastifyInstance, url: string, method: "GET" | "HEAD" | "POST" = "GET") =>
  server.inject({ method, url });

describe("a built web UI", () => {
  it("serves index.html at / as HTML, never cached, under the node's CSP", async () => {
    const response = await get(app, "/");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toBe(INDEX);
    expect(response.headers["cache-control"]).toBe("no-store");
    // Exactly: scripts, styles and fonts from the node itself, none inline and none from other
    // origins; images too, and `data:` for the page's icon; nothing may frame the page.
    expect(String(response.headers["content-security-policy"]).split(";")).toEqual([
      "default-src 'self'",
      "base-uri 'self'",
      "font-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "img-src 'self' data:",
      "object-src 'none'",
      "script-src 'self'",
      "script-src-attr 'none'",
      "style-src 'self'",
      "upgrade-insecure-requests",
    ]);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");

    const head = await get(app, "/", "HEAD");
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["cache-control"]).toBe("no-store");
  });

  it("serves the hashed assets with their content types, cached for a year as immutable", async () => {
    const script = await get(app, "/assets/index-Ab12Cd34.js");
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.headers["content-security-policy"]).toContain("default-src 'self'");
    const style = await get(app, "/assets/index-Ef56Gh78.css");
    expect(style.statusCode).toBe(200);
    expect(style.headers["content-type"]).toMatch(/^text\/css/);
    expect(style.body).toBe(STYLE);
    expect((await get(app, "/assets/index-Ab12Cd34.js", "HEAD")).statusCode).toBe(200);
  });

  it("answers anything else with the API's 404 problem: other methods, unknown files, dotfiles, paths out of assets", async () => {
    for (const [method, url] of [
      ["POST", "/"],
      ["POST", "/assets/index-Ab12Cd34.js"],
      ["GET", "/assets/missing-00000000.js"],
      ["GET", "/assets/.env"],
      ["GET", "/assets/"],
      ["GET", "/index.html"],
      ["GET", "/requests/123"],
      ["GET", "/favicon.ico"],
    ] as const) {
      const response = await get(app, url, method);
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
      expect(response.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    for (const url of ["/assets/../index.html", "/assets/%2e%2e/index.html", "/assets/..%2findex.html"]) {
      const response = await get(app, url);
      expect([url, response.statusCode]).not.toEqual([url, 200]);
      expect(response.body).not.toContain('<div id="root">');
    }
  });

  it("leaves the API as it was: its routes, its 401 for unknown API paths, and an OpenAPI document without the UI", async () => {
    expect((await get(app, "/api/v1/health")).json()).toMatchObject({ status: "ok" });
    const unknown = await get(app, "/api/v1/assets/index-Ab12Cd34.js");
    expect(unknown.statusCode).toBe(401);
    const spec = (await get(app, "/api/openapi.json")).json();
    const paths = Object.keys(spec.paths);
    expect(paths.every((path) => path.startsWith("/api/"))).toBe(true);
  });
});

describe("no build", () => {
  it("answers / with 503 and a page saying how to build the UI, then serves the build once it appears", async () => {
    const server = await buildApp(node.context, { webDir: empty });
    try {
      const missing = await get(server, "/");
      expect(missing.statusCode).toBe(503);
      expect(missing.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(missing.body).toContain("The web UI is not built: run <code>npm run build:web</code>");
      expect(missing.headers["cache-control"]).toBe("no-store");
      expect(missing.headers["content-security-policy"]).toContain("default-src 'self'");
      // The page needs no script and no inline style to show under that CSP.
      expect(missing.body).not.toMatch(/<script|<style|style=/);
      expect((await get(server, "/assets/index-Ab12Cd34.js")).statusCode).toBe(404);

      // Built after the node started: served without a restart.
      await mkdir(join(empty, "assets"));
      await writeFile(join(empty, "index.html"), INDEX);
      await writeFile(join(empty, "assets", "index-Ab12Cd34.js"), SCRIPT);
      const now = await get(server, "/");
      expect(now.statusCode).toBe(200);
      expect(now.body).toBe(INDEX);
      expect((await get(server, "/assets/index-Ab12Cd34.js")).body).toBe(SCRIPT);
    } finally {
      await server.close();
    }
  });
});

describe("the real build of src/web (made by the suite's global setup)", () => {
  it("is served by default, and everything its page loads comes from the node itself, none of it inline", async () => {
    expect(existsSync(join(DEFAULT_WEB_DIR, "index.html"))).toBe(true);
    const page = await get(node.app, "/");
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(readFileSync(join(DEFAULT_WEB_DIR, "index.html"), "utf8"));
    // script-src 'self' forbids inline scripts: every script must name a file the node serves.
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body?.trim()).toBe("");
      expect(attributes).toMatch(/\bsrc="\/assets\//);
    }
    const loaded = [...page.body.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1] as string);
    expect(loaded.some((url) => url.endsWith(".css"))).toBe(true);
    for (const url of loaded) {
      const asset = await get(node.app, url);
      expect([url, asset.statusCode]).toEqual([url, 200]);
      expect(asset.headers["content-type"]).toMatch(url.endsWith(".css") ? /^text\/css/ : /javascript/);
    }
  });
});
