/** A case groups the requests of one investigation; it belongs to the unit of the officer who opens it. */
import { randomUUID } from "node:crypto";
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import { type Actor, actorName } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";

export type CaseRecord = {
  id: string;
  reference: string;
  title: string;
  unit: string;
  createdBy: string;
  createdAt: string;
};

export async function createCase(options: {
  context: NodeContext;
  actor: Actor;
  reference: string;
  title: string;
  unit?: string;
}): Promise<CaseRecord> {
  const { context, actor } = options;
  if (!can(actor, "case.create")) throw new CasesError("FORBIDDEN", "your role may not open cases");
  const unit = actor.kind === "user" ? actor.unit : (options.unit ?? context.config.units.incoming);
  const now = context.clock.now();
  const record: CaseRecord = {
    id: randomUUID(),
    reference: options.reference,
    title: options.title,
    unit,
    createdBy: actorName(actor),
    createdAt: now.toISOString(),
  };
  return context.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("cases")
      .select("id")
      .where("reference", "=", record.reference)
      .executeTakeFirst();
    if (taken) throw new CasesError("CONFLICT", `a case with reference ${record.reference} exists already`);
    await trx
      .insertInto("cases")
      .values({
        id: record.id,
        reference: record.reference,
        title: record.title,
        unit,
        created_by: record.createdBy,
        created_at: record.createdAt,
      })
      .execute();
    await appendToLedger(trx, context.storeKind, now, [
      {
        type: "case.created",
        subject: record.id,
        actor: record.createdBy,
        data: { reference: record.reference, unit },
      },
    ]);
    return record;
  });
}
