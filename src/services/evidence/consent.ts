/**
 * Consent to use evidence for other proceedings (Art 40(19)). The requesting side asks, naming the
 * purpose; the requested State's supervisor grants or refuses; each step travels as a message and
 * the granted purpose is what `checkUse` later accepts for opening and export.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { CasesError } from "../../cases/errors.js";
import { type Actor, actorName } from "../../cases/roles.js";
import type { MessageBody } from "../../crypto/envelope.js";
import { enqueueMessage } from "../../federation/outbox.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { executorOf, inTransaction } from "../in-transaction.js";
import { loadVisibleRequest, type RequestRow } from "../requests/request-record.js";
import { requirePermission } from "./evidence-item.js";
import type { ConsentView } from "./evidence-views.js";

export const AskSchema = z.strictObject({
  purpose: z
    .string()
    .trim()
    .min(3)
    .max(2000)
    .describe("the other proceedings, as the consent will name them"),
  reasons: z.string().trim().min(1).max(8000),
});
export const AnswerSchema = z.strictObject({
  granted: z.boolean(),
  reasons: z.string().trim().min(1).max(8000).optional().describe("required when refusing"),
});

/** States in which the requested State has the request and may answer about it. */
const SENT = new Set(["draft", "awaiting-approval", "approved"]);

export async function askUseConsent(
  context: NodeContext,
  actor: Actor,
  requestId: string,
  input: unknown,
): Promise<ConsentView> {
  const ask = parse(AskSchema, input);
  return inTransaction(context, async (trx) => {
    const request = await loadVisibleRequest(trx, actor, requestId);
    requirePermission(actor, "consent.ask", request);
    if (request.direction !== "outgoing" || SENT.has(request.state)) {
      throw new CasesError(
        "TRANSITION_NOT_ALLOWED",
        "consent is asked of the State an outgoing request was sent to",
      );
    }
    const id = randomUUID();
    const now = context.clock.now();
    const row = {
      id,
      request_id: request.id,
      direction: "asked",
      purpose: ask.purpose,
      status: "pending",
      reasons: ask.reasons,
      message_id: null,
      created_by: actorName(actor),
      created_at: now.toISOString(),
      answered_at: null,
    };
    await trx.insertInto("use_consents").values(row).execute();
    await appendToLedger(trx, context.storeKind, now, [
      { type: "consent.asked", subject: request.id, actor: actorName(actor), data: { consent: id } },
    ]);
    await enqueueMessage(trx, context, {
      to: request.requested_state,
      kind: "use-consent-request",
      requestId: request.id,
      body: { requestId: request.id, consentId: id, purpose: ask.purpose, reasons: ask.reasons },
    });
    return viewOf(row);
  });
}

export async function answerUseConsent(
  context: NodeContext,
  actor: Actor,
  consentId: string,
  input: unknown,
): Promise<ConsentView> {
  const answer = parse(AnswerSchema, input);
  if (!answer.granted && answer.reasons === undefined)
    throw new CasesError("INPUT_REQUIRED", "a refusal gives reasons");
  return inTransaction(context, async (trx) => {
    const row = await trx
      .selectFrom("use_consents")
      .selectAll()
      .where("id", "=", consentId)
      .executeTakeFirst();
    if (row === undefined || row.direction !== "received-request")
      throw new CasesError("NOT_FOUND", "no such consent request");
    const request = await loadVisibleRequest(trx, actor, row.request_id);
    requirePermission(actor, "consent.answer", request);
    if (row.status !== "pending")
      throw new CasesError("CONFLICT", `the consent request was already ${row.status}`);
    const now = context.clock.now();
    const status = answer.granted ? "granted" : "refused";
    const updated = { ...row, status, reasons: answer.reasons ?? null, answered_at: now.toISOString() };
    // Only a pending request is answered: of two supervisors answering at once, one wins.
    const answered = await trx
      .updateTable("use_consents")
      .set({ status, reasons: updated.reasons, answered_at: updated.answered_at })
      .where("id", "=", consentId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(answered.numUpdatedRows) !== 1)
      throw new CasesError("CONFLICT", "the consent request was answered meanwhile");
    await appendToLedger(trx, context.storeKind, now, [
      {
        type: `consent.${status}`,
        subject: request.id,
        actor: actorName(actor),
        data: { consent: consentId },
      },
    ]);
    await enqueueMessage(trx, context, {
      to: request.requesting_state,
      kind: "use-consent",
      requestId: request.id,
      body: {
        requestId: request.remote_request_id ?? request.id,
        consentId,
        granted: answer.granted,
        ...(answer.reasons === undefined ? {} : { reasons: answer.reasons }),
      },
    });
    return viewOf(updated);
  });
}

export async function listUseConsents(
  context: NodeContext,
  actor: Actor,
  requestId: string,
): Promise<ConsentView[]> {
  const db = executorOf(context);
  const request = await loadVisibleRequest(db, actor, requestId);
  requirePermission(actor, "evidence.list", request);
  const rows = await db
    .selectFrom("use_consents")
    .selectAll()
    .where("request_id", "=", request.id)
    .orderBy("created_at")
    .execute();
  return rows.map(viewOf);
}

/** A peer asks us, the requested State, for consent (message effect on our incoming request). */
export async function recordConsentRequest(
  context: NodeContext,
  body: MessageBody<"use-consent-request">,
  request: RequestRow,
  messageId: string,
): Promise<void> {
  const db = executorOf(context);
  const known = await db
    .selectFrom("use_consents")
    .select("id")
    .where("id", "=", body.consentId)
    .executeTakeFirst();
  if (known !== undefined)
    throw new CasesError("CONFLICT", `consent request ${body.consentId} is already known`);
  await db
    .insertInto("use_consents")
    .values({
      id: body.consentId,
      request_id: request.id,
      direction: "received-request",
      purpose: body.purpose,
      status: "pending",
      reasons: body.reasons,
      message_id: messageId,
      created_by: `node:${request.requesting_state}`,
      created_at: context.clock.now().toISOString(),
      answered_at: null,
    })
    .execute();
}

/** The requested State's answer to our consent request (message effect on our outgoing request). */
export async function recordConsentAnswer(
  context: NodeContext,
  body: MessageBody<"use-consent">,
  request: RequestRow,
  messageId: string,
): Promise<void> {
  const answered = await executorOf(context)
    .updateTable("use_consents")
    .set({
      status: body.granted ? "granted" : "refused",
      reasons: body.reasons ?? null,
      message_id: messageId,
      answered_at: context.clock.now().toISOString(),
    })
    .where("id", "=", body.consentId)
    .where("request_id", "=", request.id)
    .where("direction", "=", "asked")
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(answered.numUpdatedRows) !== 1) {
    throw new CasesError("CONFLICT", `no pending consent request ${body.consentId} on this request`);
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CasesError("BAD_REQUEST", z.prettifyError(parsed.error));
  return parsed.data;
}

function viewOf(row: {
  id: string;
  request_id: string;
  direction: string;
  purpose: string;
  status: string;
  reasons: string | null;
  created_at: string;
  answered_at: string | null;
}): ConsentView {
  return {
    id: row.id,
    requestId: row.request_id,
    direction: row.direction,
    purpose: row.purpose,
    status: row.status,
    reasons: row.reasons,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
  };
}
