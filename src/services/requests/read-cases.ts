/** Cases a person may see: their unit's, or all of them for an auditor. */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import type { CaseRecord } from "./create-case.js";
import { type RequestRecord, toRecord } from "./request-record.js";

const toCase = (row: {
  id: string;
  reference: string;
  title: string;
  unit: string;
  created_by: string;
  created_at: string;
}): CaseRecord => ({
  id: row.id,
  reference: row.reference,
  title: row.title,
  unit: row.unit,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export async function listCases(options: {
  context: NodeContext;
  actor: Actor;
  limit: number;
}): Promise<CaseRecord[]> {
  const { context, actor } = options;
  if (actor.kind !== "user" || !can(actor, "case.read", { unit: actor.unit })) {
    if (!(actor.kind === "user" && actor.role === "auditor"))
      throw new CasesError("FORBIDDEN", "your role reads no cases");
  }
  let query = context.db.selectFrom("cases").selectAll();
  if (actor.kind === "user" && actor.role !== "auditor") query = query.where("unit", "=", actor.unit);
  const rows = await query.orderBy("created_at", "desc").limit(options.limit).execute();
  return rows.map(toCase);
}

export async function getCase(options: {
  context: NodeContext;
  actor: Actor;
  caseId: string;
}): Promise<CaseRecord & { requests: RequestRecord[] }> {
  const { context, actor } = options;
  const row = await context.db
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", options.caseId)
    .executeTakeFirst();
  if (!row || !can(actor, "case.read", { unit: row.unit })) throw new CasesError("NOT_FOUND", "no such case");
  const requests = await context.db
    .selectFrom("requests")
    .selectAll()
    .where("case_id", "=", row.id)
    .orderBy("created_at")
    .execute();
  const visible = requests.filter((r) =>
    can(actor, "request.read", { unit: r.unit, urgentQueue: r.urgent_queue === 1 }),
  );
  return { ...toCase(row), requests: visible.map((r) => toRecord(r, actor)) };
}
