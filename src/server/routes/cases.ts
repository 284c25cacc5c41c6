/** Routes for cases and the requests drafted in them. Thin: parse, call the service, answer. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createCase } from "../../services/requests/create-case.js";
import { draftRequest } from "../../services/requests/draft-request.js";
import { getCase, listCases } from "../../services/requests/read-cases.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";
import { CaseSchema, IdParams, RequestSchema } from "./schemas.js";

export function registerCaseRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    "/api/v1/cases",
    {
      schema: {
        tags: ["cases"],
        summary: "Open a case in your unit",
        body: z.strictObject({
          reference: z.string().trim().min(1).max(100),
          title: z.string().trim().min(1).max(500),
        }),
        response: { 201: CaseSchema },
      },
    },
    async (request, reply) => {
      const record = await createCase({ context, actor: actorOf(request), ...request.body });
      return reply.status(201).send(record);
    },
  );
  api.get(
    "/api/v1/cases",
    {
      schema: {
        tags: ["cases"],
        summary: "Cases you may see",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(CaseSchema) },
      },
    },
    async (request) => listCases({ context, actor: actorOf(request), limit: request.query.limit }),
  );
  api.get(
    "/api/v1/cases/:id",
    {
      schema: {
        tags: ["cases"],
        summary: "A case with the requests in it that you may see",
        params: IdParams,
        response: { 200: CaseSchema.extend({ requests: z.array(RequestSchema) }) },
      },
    },
    async (request) => getCase({ context, actor: actorOf(request), caseId: request.params.id }),
  );
  api.post(
    "/api/v1/cases/:id/requests",
    {
      schema: {
        tags: ["requests"],
        summary: "Draft an outgoing request in a case",
        params: IdParams,
        body: z.strictObject({ treaty: z.string().regex(/^[a-z0-9-]+$/), document: z.unknown() }),
        response: { 201: RequestSchema },
      },
    },
    async (request, reply) => {
      const record = await draftRequest({
        context,
        actor: actorOf(request),
        caseId: request.params.id,
        treaty: request.body.treaty,
        document: request.body.document,
      });
      return reply.status(201).send(record);
    },
  );
}
