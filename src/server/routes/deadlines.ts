/** `GET /api/v1/deadlines`: overdue deadlines, or reminders now due, among the requests you may see. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listDeadlines } from "../../services/requests/deadlines.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const DeadlineSchema = z.object({
  requestId: z.string(),
  reference: z.string(),
  kind: z.string(),
  dueAt: z.string(),
  remindAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  citation: z.unknown(),
});

export function registerDeadlineRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/deadlines",
    {
      schema: {
        tags: ["deadlines"],
        summary: "Overdue deadlines or due reminders",
        querystring: z.object({ which: z.enum(["overdue", "upcoming"]).default("overdue") }),
        response: { 200: z.array(DeadlineSchema) },
      },
    },
    async (request) => listDeadlines({ context, actor: actorOf(request), which: request.query.which }),
  );
}
