/**
 * Errors become HTTP responses here and nowhere else: one table from error code to status, and
 * an `application/problem+json` body (RFC 9457) with a stable code. Unexpected errors answer with a
 * generic body and a correlation id; their details go to the log, never to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { ERROR_CATALOGUE, type ErrorCode } from "../errors/catalogue.js";
import type { Citation } from "../treaty/citation.js";
import { formatCitation } from "../treaty/citation.js";
import type { Finding } from "../treaty/finding.js";

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  correlationId: string;
  citation?: Citation & { text: string };
  findings?: readonly Finding[];
};

/** Any error carrying one of our codes: domain, store and auth errors all do. */
type CodedError = Error & { code: string; citation?: Citation | undefined; findings?: readonly Finding[] };

const isCatalogued = (code: unknown): code is ErrorCode =>
  typeof code === "string" && code in ERROR_CATALOGUE;

export function problemFor(error: unknown, correlationId: string): Problem {
  const coded = error as Partial<CodedError> & Partial<FastifyError>;
  if (
    coded.validation ||
    coded.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
    coded.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
  ) {
    return build("BAD_REQUEST", coded.message ?? "malformed call", correlationId);
  }
  if (coded.statusCode === 429)
    return build("RATE_LIMITED", "too many attempts; wait a minute", correlationId);
  if (coded.statusCode === 413 || coded.statusCode === 415)
    return build("BAD_REQUEST", coded.message ?? "", correlationId);
  if (isCatalogued(coded.code) && coded.code !== "INTERNAL") {
    const problem = build(coded.code, coded.message ?? "", correlationId);
    if (coded.citation) problem.citation = { ...coded.citation, text: formatCitation(coded.citation) };
    if (coded.findings) problem.findings = coded.findings;
    return problem;
  }
  return build(
    "INTERNAL",
    "an unexpected error occurred; quote the correlation id to your administrator",
    correlationId,
  );
}

function build(code: ErrorCode, detail: string, correlationId: string): Problem {
  const spec = ERROR_CATALOGUE[code];
  return {
    type: `urn:rogatory:error:${code}`,
    title: spec.meaning,
    status: spec.status,
    code,
    detail,
    correlationId,
  };
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFor(error, request.id);
  if (problem.code === "INTERNAL") request.log.error({ err: error }, "unexpected error");
  return reply.status(problem.status).type("application/problem+json").send(problem);
}

/**
 * What both of a node's apps (the officers' API and the node-to-node listener) answer with: zod
 * validation and serialisation, and problem+json for every error and unknown route.
 */
export function installProblemAnswers(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      Object.assign(new Error(`no route ${request.method} ${request.url}`), { code: "NOT_FOUND" }),
      request,
      reply,
    ),
  );
}
