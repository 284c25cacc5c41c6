/**
 * Reading requests: the lists each role works from, and one request in full with its history,
 * decisions and deadlines. Need-to-know is applied in the query, so nobody lists what they may not read.
 */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { loadVisibleRequest, type RequestRecord, toRecord } from "./request-record.js";

export type Queue = "all" | "approvals" | "urgent" | "execution" | "drafts";

const OPEN_EXCLUDED = ["closed", "withdrawn"];

export async function listRequests(options: {
  context: NodeContext;
  actor: Actor;
  queue: Queue;
  limit: number;
}): Promise<RequestRecord[]> {
  const { context, actor } = options;
  if (actor.kind === "user" && !canReadAny(actor))
    throw new CasesError("FORBIDDEN", "your role reads no requests");
  let query = context.db.selectFrom("requests").selectAll();
  if (actor.kind === "user" && actor.role !== "auditor") {
    const unit = actor.unit;
    query =
      actor.role === "duty-officer"
        ? query.where((eb) => eb.or([eb("unit", "=", unit), eb("urgent_queue", "=", 1)]))
        : query.where("unit", "=", unit);
  }
  if (options.queue === "approvals") query = query.where("state", "=", "awaiting-approval");
  if (options.queue === "drafts") query = query.where("state", "=", "draft");
  if (options.queue === "urgent") {
    query = query
      .where("urgent_queue", "=", 1)
      .where("direction", "=", "incoming")
      .where("state", "not in", [...OPEN_EXCLUDED, "refused", "executed"]);
  }
  if (options.queue === "execution") {
    query = query
      .where("direction", "=", "incoming")
      .where("state", "in", ["granted", "granted-with-conditions", "partially-granted", "executing"]);
  }
  const rows = await query.orderBy("updated_at", "desc").limit(options.limit).execute();
  return rows.map((row) => toRecord(row, actor));
}

function canReadAny(actor: Extract<Actor, { kind: "user" }>): boolean {
  return can(actor, "request.read", { unit: actor.unit, urgentQueue: true });
}

export type RequestDetail = RequestRecord & {
  history: {
    seq: number;
    action: string;
    from: string;
    to: string;
    actor: string;
    at: string;
    details: unknown;
  }[];
  decisions: {
    id: string;
    outcome: string;
    grounds: string[];
    reasons: string | null;
    conditions: unknown[];
    decidedBy: string;
    decidedAt: string;
  }[];
  deadlines: {
    kind: string;
    dueAt: string;
    remindAt: string | null;
    remindedAt: string | null;
    metAt: string | null;
    citation: unknown;
  }[];
  /** Display names of this node's people named in `history` and `decisions` (`user:<id>` → name). */
  people: Record<string, string>;
};

export async function getRequest(options: {
  context: NodeContext;
  actor: Actor;
  requestId: string;
}): Promise<RequestDetail> {
  const { context, actor } = options;
  const row = await loadVisibleRequest(context.db, actor, options.requestId);
  const [events, decisions, deadlines] = await Promise.all([
    context.db
      .selectFrom("request_events")
      .selectAll()
      .where("request_id", "=", row.id)
      .orderBy("seq")
      .execute(),
    context.db
      .selectFrom("decisions")
      .selectAll()
      .where("request_id", "=", row.id)
      .orderBy("decided_at")
      .execute(),
    context.db
      .selectFrom("deadlines")
      .selectAll()
      .where("request_id", "=", row.id)
      .orderBy("due_at")
      .execute(),
  ]);
  return {
    ...toRecord(row, actor),
    people: await namesOf(context, [...events.map((e) => e.actor), ...decisions.map((d) => d.decided_by)]),
    history: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      actor: e.actor,
      at: e.at,
      details: JSON.parse(e.details),
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      grounds: JSON.parse(d.grounds) as string[],
      reasons: d.reasons,
      conditions: JSON.parse(d.conditions) as unknown[],
      decidedBy: d.decided_by,
      decidedAt: d.decided_at,
    })),
    deadlines: deadlines.map((d) => ({
      kind: d.kind,
      dueAt: d.due_at,
      remindAt: d.remind_at,
      remindedAt: d.reminded_at,
      metAt: d.met_at,
      citation: JSON.parse(d.citation),
    })),
  };
}

/**
 * Whoever may read a request may know the names of the colleagues who acted on it: the history
 * and decisions name them by id (`user:<id>`), which means nothing to a reader.
 */
async function namesOf(context: NodeContext, actors: readonly string[]): Promise<Record<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith("user:")).map((a) => a.slice("user:".length)))];
  if (ids.length === 0) return {};
  const rows = await context.db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "in", ids)
    .execute();
  return Object.fromEntries(rows.map((r) => [`user:${r.id}`, r.display_name]));
}
