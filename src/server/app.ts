/**
 * The node's HTTP application: security headers, cookies, the zod type provider, OpenAPI, one
 * error handler, and the routes. Routes are thin: they parse, call a service, and answer.
 */
import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { installAuth } from "./auth/install-auth.js";
import type { NodeContext } from "./node-context.js";
import { installProblemAnswers } from "./problem.js";
import { registerRoutes } from "./routes/index.js";
import { DEFAULT_WEB_DIR, registerWebApp } from "./web-app.js";

export type AppOptions = {
  logger?: boolean;
  /** The built web UI to serve at `/` (src/server/web-app.ts); by default the package's `dist/web`. */
  webDir?: string;
};

/** Never log these: a session token, a password or a second factor must not reach a log file. */
const REDACTED = [
  "req.headers.cookie",
  "req.headers.authorization",
  "req.headers['x-csrf-token']",
  'res.headers["set-cookie"]',
];

/**
 * Helmet's default CSP made stricter for a same-origin single-page app with no inline script or
 * style (docs/ARCHITECTURE.md, "The HTTP API"): styles and fonts from the node only (helmet allows
 * any https: origin, and inline styles); nothing may frame it. Kept from the defaults:
 * `default-src`, `script-src`, `base-uri`, `form-action` 'self', `object-src` and `script-src-attr`
 * 'none', `img-src 'self' data:` (the page's icon is a `data:` link) and `upgrade-insecure-requests`.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  fontSrc: ["'self'"],
  styleSrc: ["'self'"],
  frameAncestors: ["'none'"],
};

export async function buildApp(context: NodeContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: "info", redact: { paths: REDACTED, censor: "[redacted]" } } : false,
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
  });
  installProblemAnswers(app);

  await app.register(helmet, {
    contentSecurityPolicy: { directives: CSP_DIRECTIVES },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  // An API answer is about a case, a person or the node's figures: no browser or proxy cache keeps
  // it, unless the route chose otherwise (the UI's hashed assets are not under /api/).
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.url.startsWith("/api/") && !reply.hasHeader("cache-control"))
      reply.header("cache-control", "no-store");
    return payload;
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: `Rogatory node ${context.config.state}`, version: context.version },
      components: {
        securitySchemes: { session: { type: "apiKey", in: "cookie", name: "rogatory_session" } },
      },
    },
    transform: jsonSchemaTransform,
  });
  installAuth(app, context);
  registerRoutes(app, context);
  app.get("/api/openapi.json", { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );
  await registerWebApp(app, { dir: options.webDir ?? DEFAULT_WEB_DIR });
  return app;
}
