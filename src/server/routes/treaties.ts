/**
 * `/api/v1/treaties`: the treaty packs this node holds, one pack as loaded, and the States'
 * declarations under it. Every signed-in person reads them (the request wizard builds its form
 * from the pack and shows the requested State's declarations); the services check `treaty.read`.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listDeclarations } from "../../services/treaties/list-declarations.js";
import { listTreaties } from "../../services/treaties/list-treaties.js";
import { readTreaty } from "../../services/treaties/read-treaty.js";
import {
  DeclarationsListSchema,
  TreatyListSchema,
  TreatyPackSchema,
} from "../../services/treaties/treaty-views.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const TAGS = ["treaties"];
const TreatyParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/, "a treaty id such as uncc-2024") });

export function registerTreatyRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/v1/treaties",
    {
      schema: {
        tags: TAGS,
        summary: "The treaties this node holds",
        response: { 200: TreatyListSchema },
      },
    },
    async (request) => listTreaties({ context, actor: actorOf(request) }),
  );

  api.get(
    "/api/v1/treaties/:id",
    {
      schema: {
        tags: TAGS,
        summary: "A treaty pack as loaded: kinds, mandatory contents, refusal grounds, offences, procedures",
        params: TreatyParams,
        response: { 200: TreatyPackSchema },
      },
    },
    async (request) => readTreaty({ context, actor: actorOf(request), treaty: request.params.id }),
  );

  api.get(
    "/api/v1/treaties/:id/declarations",
    {
      schema: {
        tags: TAGS,
        summary: "Each State's declarations under a treaty that this node holds, by State code",
        params: TreatyParams,
        response: { 200: DeclarationsListSchema },
      },
    },
    async (request) => listDeclarations({ context, actor: actorOf(request), treaty: request.params.id }),
  );
}
