/**
 * `GET /api/v1/node`: this node's State, version, treaties, key fingerprints and federation
 * address, for every signed-in person (the header shows the State; the administrator compares the
 * fingerprints with another State's out of band). The service checks `node.read`.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { NodeInfoSchema } from "../../services/node/node-info-view.js";
import { readNodeInfo } from "../../services/node/read-node-info.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

export function registerNodeInfoRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/node",
    {
      schema: {
        tags: ["node"],
        summary: "This node: State, version, treaties, key fingerprints and federation address",
        response: { 200: NodeInfoSchema },
      },
    },
    async (request) => readNodeInfo({ context, actor: actorOf(request) }),
  );
}
