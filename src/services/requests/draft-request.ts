/**
 * Drafting: an officer writes an outgoing request in one of their unit's cases, and edits it while
 * it is a draft. Drafts may break treaty rules (validation shows where); they may not break the
 * document format, and they must come from this node's State.
 */
import { randomUUID } from "node:crypto";
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import { inUrgentQueue } from "../../cases/request-view.js";
import { type Actor, actorName } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { type RequestDocument, RequestDocumentSchema } from "../../treaty/request-document.js";
import {
  kindOf,
  loadVisibleRequest,
  packOf,
  type RequestRecord,
  toRecord,
  updateRequestAtVersion,
} from "./request-record.js";

export function parseDraftDocument(context: NodeContext, raw: unknown): RequestDocument {
  const parsed = RequestDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`)
      .join("; ");
    throw new CasesError("BAD_REQUEST", `the request document is malformed: ${detail}`);
  }
  if (parsed.data.requestingState !== context.config.state) {
    throw new CasesError(
      "BAD_REQUEST",
      `an outgoing request from this node must name ${context.config.state} as requesting State`,
    );
  }
  return parsed.data;
}

export async function draftRequest(options: {
  context: NodeContext;
  actor: Actor;
  caseId: string;
  treaty: string;
  document: unknown;
}): Promise<RequestRecord> {
  const { context, actor } = options;
  const found = await context.db
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", options.caseId)
    .executeTakeFirst();
  if (!found || !can(actor, "case.read", { unit: found.unit }))
    throw new CasesError("NOT_FOUND", "no such case");
  if (!can(actor, "request.draft", { unit: found.unit }))
    throw new CasesError("FORBIDDEN", "your role may not draft requests");
  const document = parseDraftDocument(context, options.document);
  const kind = kindOf(packOf(context, options.treaty), document.kind);
  const now = context.clock.now().toISOString();
  const row = {
    id: randomUUID(),
    case_id: found.id,
    direction: "outgoing",
    kind: document.kind,
    state: "draft",
    treaty: options.treaty,
    requesting_state: document.requestingState,
    requested_state: document.requestedState,
    urgency: document.urgency,
    urgent_queue: inUrgentQueue(kind.urgentQueue, document.urgency) ? 1 : 0,
    unit: found.unit,
    reference: document.reference,
    document: JSON.stringify(document),
    remote_request_id: null,
    drafted_by: actor.id,
    approved_by: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await context.db.transaction().execute(async (trx) => {
    await trx.insertInto("requests").values(row).execute();
    await appendToLedger(trx, context.storeKind, context.clock.now(), [
      {
        type: "request.drafted",
        subject: row.id,
        actor: actorName(actor),
        data: { case: found.id, kind: row.kind },
      },
    ]);
  });
  return toRecord(row, actor);
}

export async function updateDraft(options: {
  context: NodeContext;
  actor: Actor;
  requestId: string;
  document: unknown;
  expectedVersion: number;
}): Promise<RequestRecord> {
  const { context, actor } = options;
  return context.db.transaction().execute(async (trx) => {
    const row = await loadVisibleRequest(trx, actor, options.requestId);
    if (!can(actor, "request.edit-draft", { unit: row.unit, state: row.state })) {
      throw new CasesError(
        row.state === "draft" ? "FORBIDDEN" : "TRANSITION_NOT_ALLOWED",
        "only a draft can be edited, by its unit's officers",
      );
    }
    const document = parseDraftDocument(context, options.document);
    if (document.kind !== row.kind)
      throw new CasesError("BAD_REQUEST", "the kind of a draft cannot change; start a new draft");
    const kind = kindOf(packOf(context, row.treaty), row.kind);
    const updated = {
      ...row,
      document: JSON.stringify(document),
      requested_state: document.requestedState,
      urgency: document.urgency,
      urgent_queue: inUrgentQueue(kind.urgentQueue, document.urgency) ? 1 : 0,
      reference: document.reference,
      version: row.version + 1,
      updated_at: context.clock.now().toISOString(),
    };
    await updateRequestAtVersion(trx, row.id, options.expectedVersion, {
      document: updated.document,
      requested_state: updated.requested_state,
      urgency: updated.urgency,
      urgent_queue: updated.urgent_queue,
      reference: updated.reference,
      version: updated.version,
      updated_at: updated.updated_at,
    });
    await appendToLedger(trx, context.storeKind, context.clock.now(), [
      {
        type: "request.edited",
        subject: row.id,
        actor: actorName(actor),
        data: { version: updated.version },
      },
    ]);
    return toRecord(updated, actor);
  });
}
