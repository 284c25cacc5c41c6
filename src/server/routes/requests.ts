/** Routes for requests: the work queues, one request in full, editing a draft, validation and actions. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { updateDraft } from "../../services/requests/draft-request.js";
import { performAction } from "../../services/requests/perform-action.js";
import { readCorrespondence } from "../../services/requests/read-correspondence.js";
import { getRequest, listRequests } from "../../services/requests/read-requests.js";
import { validateDocument, validateStoredRequest } from "../../services/requests/validate-request.js";
import { hasErrors } from "../../treaty/finding.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";
import {
  CorrespondenceSchema,
  IdParams,
  RequestDetailSchema,
  RequestSchema,
  ValidationResultSchema,
} from "./schemas.js";

export function registerRequestRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/v1/requests",
    {
      schema: {
        tags: ["requests"],
        summary: "Requests you may see, by work queue",
        querystring: z.object({
          queue: z.enum(["all", "approvals", "urgent", "execution", "drafts"]).default("all"),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.array(RequestSchema) },
      },
    },
    async (request) => listRequests({ context, actor: actorOf(request), ...request.query }),
  );
  api.get(
    "/api/v1/requests/:id",
    {
      schema: {
        tags: ["requests"],
        summary: "One request with history, decisions, deadlines",
        params: IdParams,
        response: { 200: RequestDetailSchema },
      },
    },
    async (request) => getRequest({ context, actor: actorOf(request), requestId: request.params.id }),
  );
  api.put(
    "/api/v1/requests/:id/document",
    {
      schema: {
        tags: ["requests"],
        summary: "Replace a draft's document",
        params: IdParams,
        body: z.strictObject({ document: z.unknown(), expectedVersion: z.number().int().min(1) }),
        response: { 200: RequestSchema },
      },
    },
    async (request) =>
      updateDraft({ context, actor: actorOf(request), requestId: request.params.id, ...request.body }),
  );
  api.get(
    "/api/v1/requests/:id/messages",
    {
      schema: {
        tags: ["requests"],
        summary: "Messages sent and received about a request, with their delivery",
        params: IdParams,
        response: { 200: CorrespondenceSchema },
      },
    },
    async (request) => readCorrespondence({ context, actor: actorOf(request), requestId: request.params.id }),
  );
  api.get(
    "/api/v1/requests/:id/findings",
    {
      schema: {
        tags: ["requests"],
        summary: "Treaty findings for a stored request",
        params: IdParams,
        response: { 200: ValidationResultSchema },
      },
    },
    async (request) => {
      const findings = await validateStoredRequest({
        context,
        actor: actorOf(request),
        requestId: request.params.id,
      });
      return { valid: !hasErrors(findings), findings };
    },
  );
  api.post(
    "/api/v1/requests/:id/actions/:action",
    {
      schema: {
        tags: ["requests"],
        summary: "Take an action on a request (one listed in its `actions`)",
        params: z.object({ id: z.uuid(), action: z.string().regex(/^[a-z-]+$/) }),
        body: z.record(z.string(), z.unknown()).optional(),
        response: { 200: RequestSchema },
      },
    },
    async (request) =>
      performAction({
        context,
        actor: actorOf(request),
        requestId: request.params.id,
        action: request.params.action,
        input: request.body ?? {},
      }),
  );
  api.post(
    "/api/v1/validate",
    {
      schema: {
        tags: ["requests"],
        summary: "Validate a request document without storing it",
        body: z.strictObject({ treaty: z.string().regex(/^[a-z0-9-]+$/), document: z.unknown() }),
        response: { 200: ValidationResultSchema },
      },
    },
    async (request) => {
      const findings = validateDocument({ context, actor: actorOf(request), ...request.body });
      return { valid: !hasErrors(findings), findings };
    },
  );
}
