/**
 * `GET /federation/v1/evidence/{itemId}/chunks/{index}`: one encrypted chunk of an evidence item
 * this node transmitted, for the State that requested it and no other (the connection's pinned
 * certificate says which State asks). The chunk is ciphertext under a key only the requesting node
 * was given; it travels base64 in JSON, as our other answers are text.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CasesError } from "../../cases/errors.js";
import { EVIDENCE_CHUNK_PATH } from "../../federation/evidence-fetch.js";
import { blobsOf } from "../../services/evidence/evidence-item.js";
import { authenticatedPeer } from "../federation-peer.js";
import type { NodeContext } from "../node-context.js";

export function registerFederationEvidenceRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    EVIDENCE_CHUNK_PATH,
    {
      schema: {
        hide: true,
        params: z.object({
          itemId: z.uuid(),
          index: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        }),
      },
      config: { public: true },
    },
    async (request, reply) => {
      const peer = authenticatedPeer(request);
      const { itemId, index } = request.params;
      const chunk = await context.db
        .selectFrom("evidence_chunks")
        .innerJoin("evidence_items", "evidence_items.id", "evidence_chunks.item_id")
        .innerJoin("requests", "requests.id", "evidence_items.request_id")
        .select(["evidence_chunks.address", "requests.requesting_state"])
        .where("evidence_chunks.item_id", "=", itemId)
        .where("evidence_chunks.idx", "=", index)
        .where("evidence_items.direction", "=", "held")
        .where("evidence_items.state", "=", "transmitted")
        .executeTakeFirst();
      // Another State's item and an item not sent are answered alike: nothing to see here.
      if (chunk === undefined || chunk.requesting_state !== peer)
        throw new CasesError("NOT_FOUND", "no such chunk");
      const ciphertext = await blobsOf(context).get(chunk.address);
      return reply
        .status(200)
        .send({ itemId, index, ciphertext: Buffer.from(ciphertext).toString("base64") });
    },
  );
}
