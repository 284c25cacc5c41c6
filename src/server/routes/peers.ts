/**
 * `GET /api/v1/peers`: the States this node trusts, their cards' keys, and any split view detected
 * (a peer that signed two histories of its ledger), with the evidence. Administrators and
 * auditors; the service checks `peer.read` itself, so the CLI's `peer list` gets the same rule.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listPeers } from "../../services/peers/list-peers.js";
import { PeerViewSchema } from "../../services/peers/peer-view-schema.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

export function registerPeerRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/peers",
    {
      schema: {
        tags: ["peers"],
        summary: "The peers, their keys and any split view detected",
        response: { 200: z.array(PeerViewSchema) },
      },
    },
    async (request) => listPeers({ context, actor: actorOf(request) }),
  );
}
