/**
 * The node-to-node application: the federation routes only, apart from the officers' API (no
 * sessions, cookies or OpenAPI document: peers authenticate by TLS certificate and by signature),
 * with the same problem+json answers. The federation listener serves it over mutual TLS.
 */
import { randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import type { Server } from "node:https";
import Fastify, { type FastifyInstance } from "fastify";
import { stillPinned } from "./federation-peer.js";
import type { NodeContext } from "./node-context.js";
import { installProblemAnswers } from "./problem.js";
import { registerFederationRoutes } from "./routes/federation.js";

export async function buildFederationApp(
  context: NodeContext,
  options: { logger: boolean; server: (handler: RequestListener) => Server },
): Promise<FastifyInstance<Server>> {
  const app = Fastify({
    logger: options.logger ? { level: "info" } : false,
    genReqId: () => randomUUID(),
    serverFactory: (handler) => options.server(handler as unknown as RequestListener),
  });
  installProblemAnswers(app as unknown as FastifyInstance);
  // No HTTP answer for a connection whose peer is no longer trusted: it is cut, as at the handshake.
  app.addHook("onRequest", async (request, reply) => {
    if (await stillPinned(context, request)) return;
    request.log.warn("a connection of a peer no longer pinned was cut");
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  });
  registerFederationRoutes(app as unknown as FastifyInstance, context);
  await app.ready();
  return app;
}
