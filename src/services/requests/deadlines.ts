/**
 * Deadlines across requests: the overdue list, the reminders due, and the sweep that raises
 * reminders once (recorded in the ledger, and told to the requesting State when its preservation
 * nears its expiry).
 */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { warnOfExpiringPreservations } from "../../federation/expiry-warnings.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";

export type DeadlineRecord = {
  requestId: string;
  reference: string;
  kind: string;
  dueAt: string;
  remindAt: string | null;
  remindedAt: string | null;
  citation: unknown;
};

export async function listDeadlines(options: {
  context: NodeContext;
  actor: Actor;
  which: "overdue" | "upcoming";
}): Promise<DeadlineRecord[]> {
  const { context, actor } = options;
  if (!can(actor, "deadline.read")) throw new CasesError("FORBIDDEN", "your role reads no deadlines");
  const now = context.clock.now().toISOString();
  let query = context.db
    .selectFrom("deadlines")
    .innerJoin("requests", "requests.id", "deadlines.request_id")
    .select([
      "deadlines.request_id",
      "requests.reference",
      "requests.unit",
      "requests.urgent_queue",
      "deadlines.kind",
      "deadlines.due_at",
      "deadlines.remind_at",
      "deadlines.reminded_at",
      "deadlines.citation",
    ])
    .where("deadlines.met_at", "is", null);
  query =
    options.which === "overdue"
      ? query.where("deadlines.due_at", "<", now)
      : query.where("deadlines.due_at", ">=", now).where("deadlines.remind_at", "<=", now);
  const rows = await query.orderBy("deadlines.due_at").execute();
  return rows
    .filter((r) => can(actor, "request.read", { unit: r.unit, urgentQueue: r.urgent_queue === 1 }))
    .map((r) => ({
      requestId: r.request_id,
      reference: r.reference,
      kind: r.kind,
      dueAt: r.due_at,
      remindAt: r.remind_at,
      remindedAt: r.reminded_at,
      citation: JSON.parse(r.citation),
    }));
}

/** Raises each due reminder once; returns how many were raised. Run on a schedule by the node. */
export async function sweepReminders(context: NodeContext): Promise<number> {
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("deadlines")
      .select(["id", "request_id", "kind", "due_at"])
      .where("met_at", "is", null)
      .where("reminded_at", "is", null)
      .where("remind_at", "<=", now.toISOString())
      .execute();
    if (due.length === 0) return 0;
    await trx
      .updateTable("deadlines")
      .set({ reminded_at: now.toISOString() })
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .execute();
    await appendToLedger(
      trx,
      context.storeKind,
      now,
      due.map((d) => ({
        type: "deadline.reminder",
        subject: d.request_id,
        actor: "system",
        data: { kind: d.kind, dueAt: d.due_at },
      })),
    );
    await warnOfExpiringPreservations(
      trx,
      context,
      due.map((d) => d.id),
    );
    return due.length;
  });
}
