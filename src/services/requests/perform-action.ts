/**
 * Takes one action on a request: checks role, need-to-know, state and guards against the
 * transition table, then in one transaction updates the request (optimistically, by version),
 * records the event and any decision with its grounds and conditions, moves deadlines, appends
 * the change to the ledger, and puts the message that tells the other State in the outbox.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { type ActionInput, ActionInputSchema } from "../../cases/action-input.js";
import { type DeadlinePlan, extendedExpiry, preservationExpiry } from "../../cases/deadlines.js";
import { decideTransition, type TransitionOutcome } from "../../cases/decide-transition.js";
import { CasesError } from "../../cases/errors.js";
import type { ProcedureCitations } from "../../cases/guards.js";
import { DECISION_OUTCOMES } from "../../cases/lifecycle.js";
import { type Actor, actorName } from "../../cases/roles.js";
import { messageForAction } from "../../federation/action-messages.js";
import { enqueueMessage } from "../../federation/outbox.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";
import type { Database } from "../../store/schema.js";
import type { Finding } from "../../treaty/finding.js";
import type { Pack } from "../../treaty/pack-schema.js";
import { validate } from "../../treaty/validate.js";
import { inTransaction } from "../in-transaction.js";
import {
  kindOf,
  loadVisibleRequest,
  packOf,
  type RequestRecord,
  type RequestRow,
  storedDocument,
  toRecord,
  toView,
  updateRequestAtVersion,
} from "./request-record.js";

/** States in which nothing more is owed on the request, so its deadlines are met. */
const ENDED: ReadonlySet<string> = new Set([
  "closed",
  "withdrawn",
  "refused",
  "executed",
  "evidence-received",
]);

const GRANTS = new Set([
  "grant",
  "grant-with-conditions",
  "grant-partially",
  "record-grant",
  "record-grant-with-conditions",
  "record-partial-grant",
]);

export async function performAction(options: {
  context: NodeContext;
  actor: Actor;
  requestId: string;
  action: string;
  input?: unknown;
}): Promise<RequestRecord> {
  const { context, actor } = options;
  const parsedInput = ActionInputSchema.safeParse(options.input ?? {});
  if (!parsedInput.success)
    throw new CasesError("BAD_REQUEST", `malformed action input: ${parsedInput.error.message}`);
  const input = parsedInput.data;
  return inTransaction(context, async (trx) => {
    const row = await loadVisibleRequest(trx, actor, options.requestId);
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
      throw new CasesError("CONFLICT", "the request changed since you read it; reload it");
    }
    const pack = packOf(context, row.treaty);
    const history = await trx
      .selectFrom("request_events")
      .select("action")
      .where("request_id", "=", row.id)
      .orderBy("seq")
      .execute();
    const outcome = decideTransition(
      {
        actor,
        request: toView(row),
        input,
        findings: needsFindings(row, options.action) ? findingsFor(context, pack, row) : [],
        history: history.map((h) => h.action),
        allowedGrounds: kindOf(pack, row.kind).refusalGrounds,
        citations: procedureCitations(pack),
      },
      options.action,
    );
    const updated = await persist(trx, context, actor, row, outcome, input, pack);
    return toRecord(updated, actor);
  });
}

/** Only the treaty-valid guard needs findings; computing them for every action would be waste. */
const needsFindings = (row: RequestRow, action: string) =>
  row.direction === "outgoing" && (action === "submit" || action === "approve");

function findingsFor(context: NodeContext, pack: Pack, row: RequestRow): Finding[] {
  const document = JSON.parse(row.document) as unknown;
  return validate(
    document,
    pack,
    context.treaties.declarations(row.requesting_state, pack.id),
    context.treaties.declarations(row.requested_state, pack.id),
  );
}

export const procedureCitations = (pack: Pack): ProcedureCitations => pack.procedures;

async function persist(
  trx: Transaction<Database>,
  context: NodeContext,
  actor: Actor,
  row: RequestRow,
  outcome: TransitionOutcome,
  input: ActionInput,
  pack: Pack,
): Promise<RequestRow> {
  const now = context.clock.now();
  const action = outcome.transition.action;
  const updated: RequestRow = {
    ...row,
    state: outcome.to,
    version: row.version + 1,
    updated_at: now.toISOString(),
    approved_by: action === "approve" ? actor.id : action === "return-to-drafter" ? null : row.approved_by,
  };
  await updateRequestAtVersion(trx, row.id, row.version, {
    state: updated.state,
    version: updated.version,
    updated_at: updated.updated_at,
    approved_by: updated.approved_by,
  });

  const details = eventDetails(input);
  await trx
    .insertInto("request_events")
    .values({
      request_id: row.id,
      seq: updated.version,
      action,
      from_state: outcome.from,
      to_state: outcome.to,
      actor: actorName(actor),
      at: updated.updated_at,
      details: JSON.stringify(details),
    })
    .execute();
  const decisionId = await recordDecision(trx, row, action, input, actor, updated.updated_at);
  const preservationExpires = await moveDeadlines(trx, row, action, input, pack, now, updated.state);
  await appendToLedger(trx, context.storeKind, now, [
    {
      type: `request.${action}`,
      subject: row.id,
      actor: actorName(actor),
      data: {
        from: outcome.from,
        to: outcome.to,
        version: updated.version,
        ...(decisionId ? { decision: decisionId } : {}),
        ...details,
      },
    },
  ]);
  // The other State is told in the same transaction: both happen or neither.
  const message = messageForAction({ row, action, input, preservationExpires });
  if (message) await enqueueMessage(trx, context, message);
  return updated;
}

/** What the ledger and history keep of the input: grounds and conditions, and whether reasons were given — not their text. */
function eventDetails(input: ActionInput): Record<string, unknown> {
  return {
    ...(input.grounds ? { grounds: input.grounds } : {}),
    ...(input.conditions ? { conditions: input.conditions.map((c) => c.type) } : {}),
    ...(input.reason ? { reasonGiven: true } : {}),
    ...(input.extensionDays ? { extensionDays: input.extensionDays } : {}),
    ...(input.noLongerRequired ? { noLongerRequired: true } : {}),
    ...(input.consultationNotAppropriate ? { consultationWaived: true } : {}),
  };
}

async function recordDecision(
  trx: Transaction<Database>,
  row: RequestRow,
  action: string,
  input: ActionInput,
  actor: Actor,
  at: string,
): Promise<string | undefined> {
  const outcome = DECISION_OUTCOMES[action];
  if (!outcome) return undefined;
  const id = randomUUID();
  await trx
    .insertInto("decisions")
    .values({
      id,
      request_id: row.id,
      outcome,
      grounds: JSON.stringify(input.grounds ?? []),
      reasons: input.reason ?? input.consultationNotAppropriate ?? null,
      conditions: JSON.stringify(input.conditions ?? []),
      decided_by: actorName(actor),
      decided_at: at,
    })
    .execute();
  return id;
}

async function moveDeadlines(
  trx: Transaction<Database>,
  row: RequestRow,
  action: string,
  input: ActionInput,
  pack: Pack,
  now: Date,
  newState: string,
): Promise<Date | undefined> {
  const kind = kindOf(pack, row.kind);
  let preservationExpires: Date | undefined;
  if (GRANTS.has(action)) {
    const plan = preservationExpiry(kind, storedDocument(row), now);
    if (plan) await upsertDeadline(trx, row.id, plan);
  }
  if (action === "extend-preservation" || action === "record-preservation-extended") {
    const current = await trx
      .selectFrom("deadlines")
      .select("due_at")
      .where("request_id", "=", row.id)
      .where("kind", "=", "preservation-expiry")
      .executeTakeFirst();
    const base = current ? new Date(current.due_at) : now;
    const plan = extendedExpiry(kind, base, input.extensionDays ?? 0);
    if (plan) await upsertDeadline(trx, row.id, plan);
    preservationExpires = plan?.dueAt;
  }
  // A response target is met once someone answers; every deadline is met once the request ends.
  const met = ENDED.has(newState);
  let query = trx
    .updateTable("deadlines")
    .set({ met_at: now.toISOString() })
    .where("request_id", "=", row.id)
    .where("met_at", "is", null);
  if (!met) {
    if (action !== "acknowledge") return preservationExpires;
    query = query.where("kind", "=", "response-target");
  }
  await query.execute();
  return preservationExpires;
}

export async function upsertDeadline(
  trx: Transaction<Database>,
  requestId: string,
  plan: DeadlinePlan,
): Promise<void> {
  const values = {
    due_at: plan.dueAt.toISOString(),
    remind_at: plan.remindAt?.toISOString() ?? null,
    reminded_at: null,
    met_at: null,
    citation: JSON.stringify(plan.citation),
  };
  const existing = await trx
    .selectFrom("deadlines")
    .select("id")
    .where("request_id", "=", requestId)
    .where("kind", "=", plan.kind)
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable("deadlines").set(values).where("id", "=", existing.id).execute();
  } else {
    await trx
      .insertInto("deadlines")
      .values({ id: randomUUID(), request_id: requestId, kind: plan.kind, ...values })
      .execute();
  }
}
