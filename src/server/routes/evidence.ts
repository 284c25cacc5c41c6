/**
 * Routes for evidence (docs/evidence.md, "Upload over the API"): the items of a request with their
 * custody, a streaming and resumable upload (start, pieces, complete), four-eyes review and release,
 * opening an item for a stated purpose, and consent to other uses (Art 40(19)). Roles, need-to-know
 * and the item's state are checked by the services; these routes parse, call and answer.
 */
import { Readable } from "node:stream";
import { create as contentDisposition } from "content-disposition";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CasesError } from "../../cases/errors.js";
import { EvidenceError } from "../../evidence/errors.js";
import { PurposeSchema } from "../../evidence/use-limitation.js";
import {
  AnswerSchema,
  AskSchema,
  answerUseConsent,
  askUseConsent,
  listUseConsents,
} from "../../services/evidence/consent.js";
import {
  ConsentViewSchema,
  EvidenceItemViewSchema,
  UploadViewSchema,
} from "../../services/evidence/evidence-views.js";
import { listEvidence } from "../../services/evidence/list-evidence.js";
import { openEvidence } from "../../services/evidence/open-evidence.js";
import { releaseEvidence, reviewEvidence } from "../../services/evidence/release.js";
import {
  appendUpload,
  completeUpload,
  startUpload,
  UploadStartSchema,
  uploadStatus,
} from "../../services/evidence/upload.js";
import type { NodeContext } from "../node-context.js";
import { problemFor } from "../problem.js";
import { actorOf } from "../request-actor.js";
import { IdParams } from "./schemas.js";

/**
 * The most one PUT may carry. Pieces are streamed to the blob store, never held in memory, so the
 * bound is not about memory: it keeps a piece short enough that a cut connection costs little to
 * send again (the upload resumes from its last stored chunk), and a client sends a large file as
 * several pieces. docs/evidence.md, "Upload over the API".
 */
export const PIECE_LIMIT = 1024 ** 3;

const ItemParams = z.object({ itemId: z.uuid() });

/** A problem answer (RFC 9457) that says where the upload stands, so the client resumes from there. */
const OffsetProblemBody = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  correlationId: z.string(),
  offset: z.number().int().optional().describe("where the upload stands: send from this byte"),
});
const OffsetProblemSchema = {
  description: "the upload does not stand where the call assumed (or is busy with another piece)",
  content: { "application/problem+json": { schema: OffsetProblemBody } },
};

const ItemChangeSchema = z.object({ itemId: z.string(), state: z.string() });

export function registerEvidenceRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/v1/requests/:id/evidence",
    {
      schema: {
        tags: ["evidence"],
        summary: "The evidence items of a request, each with its custody record",
        params: IdParams,
        response: { 200: z.array(EvidenceItemViewSchema) },
      },
    },
    async (request) => listEvidence(context, actorOf(request), request.params.id),
  );

  api.post(
    "/api/v1/requests/:id/evidence/uploads",
    {
      schema: {
        tags: ["evidence"],
        summary: "Start uploading an evidence file (then PUT its pieces and complete it)",
        params: IdParams,
        body: UploadStartSchema,
        response: { 201: UploadViewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await startUpload(context, actorOf(request), request.params.id, request.body)),
  );

  api.get(
    "/api/v1/evidence/uploads/:itemId",
    {
      schema: {
        tags: ["evidence"],
        summary: "Where an upload stands: the offset the next piece starts at",
        params: ItemParams,
        response: { 200: UploadViewSchema },
      },
    },
    async (request) => uploadStatus(context, actorOf(request), request.params.itemId),
  );

  // Pieces arrive as raw bytes: a scope of their own, so only this route parses octet-stream bodies.
  app.register(async (scope) => {
    scope.addContentTypeParser("application/octet-stream", (request, payload, done) => {
      // The body is handed on unread; a declared length over the limit is refused before any byte.
      if (Number(request.headers["content-length"]) > PIECE_LIMIT) done(pieceTooLarge(), undefined);
      else done(null, payload);
    });
    scope.withTypeProvider<ZodTypeProvider>().put(
      "/api/v1/evidence/uploads/:itemId",
      {
        bodyLimit: PIECE_LIMIT,
        schema: {
          tags: ["evidence"],
          summary: "Send the next piece of an upload (application/octet-stream, streamed, at most 1 GiB)",
          description:
            "The body is the file's bytes from `offset`, which must be where the upload stands (else 409, " +
            "with the right `offset` in the problem). A piece cut off keeps every whole chunk it " +
            "completed: ask where the upload stands and send from there.",
          consumes: ["application/octet-stream"],
          params: ItemParams,
          querystring: z.object({ offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
          body: z.unknown().meta({ type: "string", format: "binary" }),
          response: { 200: UploadViewSchema, 409: OffsetProblemSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { itemId } = request.params;
        if (!(request.body instanceof Readable)) {
          // Another content type was parsed as something else: it is not a piece of the file.
          throw new CasesError("BAD_REQUEST", "send the piece as application/octet-stream");
        }
        const body = request.body;
        return answerWithOffset(context, request, reply, itemId, () =>
          appendUpload(context, actor, itemId, request.query.offset, piece(body)),
        );
      },
    );
  });

  api.post(
    "/api/v1/evidence/uploads/:itemId/complete",
    {
      schema: {
        tags: ["evidence"],
        summary: "Complete an upload: the node seals it, signs its manifest and records its custody",
        params: ItemParams,
        response: { 200: UploadViewSchema, 409: OffsetProblemSchema },
      },
    },
    async (request, reply) => {
      const { itemId } = request.params;
      return answerWithOffset(context, request, reply, itemId, () =>
        completeUpload(context, actorOf(request), itemId),
      );
    },
  );

  api.post(
    "/api/v1/evidence/:itemId/review",
    {
      schema: {
        tags: ["evidence"],
        summary: "Review a sealed item (a supervisor other than the person who acquired it)",
        params: ItemParams,
        body: z.strictObject({ note: z.string().trim().min(1).max(2000).optional() }).optional(),
        response: { 200: ItemChangeSchema },
      },
    },
    async (request) => reviewEvidence(context, actorOf(request), request.params.itemId, request.body?.note),
  );

  api.post(
    "/api/v1/evidence/:itemId/release",
    {
      schema: {
        tags: ["evidence"],
        summary: "Release a reviewed item to the requesting State (a supervisor other than the acquirer)",
        params: ItemParams,
        body: z.strictObject({}).optional(),
        response: { 200: ItemChangeSchema },
      },
    },
    async (request) => releaseEvidence(context, actorOf(request), request.params.itemId),
  );

  api.post(
    "/api/v1/evidence/:itemId/open",
    {
      schema: {
        tags: ["evidence"],
        summary: "Read an item's plaintext, for a stated purpose recorded in its custody",
        description:
          "Answers the file itself, checked chunk by chunk as it streams, with its media type, an " +
          "attachment disposition and its SHA-256 in `x-content-sha256`. Other proceedings need the " +
          "providing State's consent for that purpose (Art 40(19)).",
        params: ItemParams,
        body: z.strictObject({ purpose: PurposeSchema }),
        response: {
          200: {
            description: "the file, as the item's media type",
            content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const opened = await openEvidence(
        context,
        actorOf(request),
        request.params.itemId,
        request.body.purpose,
      );
      return (
        reply
          .header("content-type", opened.mediaType)
          .header("content-disposition", contentDisposition(opened.fileName))
          .header("content-length", opened.size)
          .header("x-content-sha256", opened.sha256)
          .header("cache-control", "no-store")
          // A stream is sent as it is; the schema above only documents the answer.
          .send(Readable.from(opened.content) as unknown as string)
      );
    },
  );

  api.post(
    "/api/v1/requests/:id/consents",
    {
      schema: {
        tags: ["evidence"],
        summary: "Ask the requested State's consent to use its evidence for other proceedings",
        params: IdParams,
        body: AskSchema,
        response: { 201: ConsentViewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await askUseConsent(context, actorOf(request), request.params.id, request.body)),
  );

  api.get(
    "/api/v1/requests/:id/consents",
    {
      schema: {
        tags: ["evidence"],
        summary: "Consents asked for or received about a request",
        params: IdParams,
        response: { 200: z.array(ConsentViewSchema) },
      },
    },
    async (request) => listUseConsents(context, actorOf(request), request.params.id),
  );

  api.post(
    "/api/v1/consents/:id/answer",
    {
      schema: {
        tags: ["evidence"],
        summary: "Grant or refuse another State's request for consent (a supervisor)",
        params: IdParams,
        body: AnswerSchema,
        response: { 200: ConsentViewSchema },
      },
    },
    async (request) => answerUseConsent(context, actorOf(request), request.params.id, request.body),
  );
}

const pieceTooLarge = () =>
  new CasesError(
    "BAD_REQUEST",
    `a piece is at most ${PIECE_LIMIT} bytes: send the file in several pieces, each from where the upload stands`,
  );

/**
 * The request body as the upload reads it, bounded by the piece limit (a body sent without a length
 * is counted as it comes). A body that breaks off — the client went away, the connection was cut —
 * becomes a clear error; the upload keeps every whole chunk stored before it.
 */
async function* piece(body: Readable): AsyncGenerator<Buffer> {
  let received = 0;
  const source = body[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await source.next();
    } catch (error) {
      throw new CasesError(
        "BAD_REQUEST",
        `the piece broke off after ${received} bytes (${String(error)}): ask where the upload stands and send from there`,
      );
    }
    if (next.done) return;
    received += next.value.length;
    if (received > PIECE_LIMIT) {
      body.destroy();
      throw pieceTooLarge();
    }
    yield next.value;
  }
}

/**
 * Runs an upload step; when the upload does not stand where the client thought, answers 409 with
 * the offset it does stand at, so the client can resume without asking again.
 */
async function answerWithOffset<T>(
  context: NodeContext,
  request: FastifyRequest,
  reply: FastifyReply,
  itemId: string,
  step: () => Promise<T>,
): Promise<T | FastifyReply> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof EvidenceError) || error.code !== "EVIDENCE_UPLOAD_OFFSET") throw error;
    const standing = await uploadStatus(context, actorOf(request), itemId);
    return reply
      .status(409)
      .type("application/problem+json")
      .send({ ...problemFor(error, request.id), offset: standing.offset });
  }
}
