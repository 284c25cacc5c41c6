/**
 * `GET /api/v1/statistics`: the node's figures for a period of months — requests sent and received
 * by kind, counterpart State, month and outcome; median turnaround to a final decision; deadlines
 * overdue now. Counts, never a case's content; a supervisor's figures cover their own unit's requests,
 * the auditor's the whole node (need-to-know: see permissions.ts, docs/statistics.md).
 *
 * Cost: counting is done by the database (GROUP BY), so the answer grows with the number of groups,
 * not of requests. Each request in the period costs three lookups in `request_events` by its primary
 * key (request_id, seq): its sending, its latest decision and its first final decision. Turnaround
 * reads one short row per decided request in the period, because a median is not portable SQL
 * (SQLite has no percentile function); a node's yearly volume of requests keeps that small.
 * Overdue deadlines are read through the `deadlines_due (met_at, due_at)` index.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import { CasesError } from "../../cases/errors.js";
import type { Direction } from "../../cases/lifecycle.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import {
  FINAL_DECISION_ACTIONS,
  OUTCOME_ACTIONS,
  periodBounds,
  type StatisticsFigures,
  type StatisticsPeriod,
  StatisticsPeriodSchema,
  statisticsFigures,
} from "../../cases/statistics.js";
import type { NodeContext } from "../../server/node-context.js";
import type { Database } from "../../store/schema.js";

export type Statistics = StatisticsFigures & {
  state: string;
  /** The unit whose requests are counted; null when every unit's are (the whole node). */
  unit: string | null;
  generatedAt: string;
  from: string | null;
  to: string | null;
};

type Reader = Kysely<Database> | Transaction<Database>;

export async function computeStatistics(options: {
  context: NodeContext;
  actor: Actor;
  from?: string | undefined;
  to?: string | undefined;
}): Promise<Statistics> {
  const { context } = options;
  if (!can(options.actor, "statistics.read"))
    throw new CasesError("FORBIDDEN", "your role may not read the node's statistics");
  const parsed = StatisticsPeriodSchema.safeParse({ from: options.from, to: options.to });
  if (!parsed.success)
    throw new CasesError(
      "BAD_REQUEST",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  const period = parsed.data;
  const unit = scopeOf(options.actor);
  const now = context.clock.now().toISOString();
  const read = (reader: Reader) => readFigures(reader, { period, now, unit });
  // One snapshot, so the counts, the turnaround and the overdue list agree with one another.
  const figures = context.trx
    ? await read(context.trx)
    : await context.db
        .transaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute(read);
  return {
    state: context.config.state,
    unit,
    generatedAt: now,
    from: period.from ?? null,
    to: period.to ?? null,
    ...figures,
  };
}

/**
 * Whose requests a reader's figures count. A cell of 1 tells that a unit has such a case, so a
 * reader without `statistics.read-all-units` (a supervisor) gets their own unit's; the auditor and
 * the node itself get every unit's (null).
 */
function scopeOf(actor: Actor): string | null {
  return actor.kind === "user" && !can(actor, "statistics.read-all-units") ? actor.unit : null;
}

async function readFigures(
  reader: Reader,
  scope: { period: StatisticsPeriod; now: string; unit: string | null },
): Promise<StatisticsFigures> {
  const { now, unit } = scope;
  const { start, end } = periodBounds(scope.period);
  let inPeriod = reader
    .selectFrom(startedRequests(reader, unit).as("t"))
    .where("t.started_at", "is not", null);
  if (start !== null) inPeriod = inPeriod.where("t.started_at", ">=", start);
  if (end !== null) inPeriod = inPeriod.where("t.started_at", "<", end);

  const month = sql<string>`substr(t.started_at, 1, 7)`;
  const groups = await inPeriod
    .select((eb) => [
      "t.direction",
      "t.kind",
      "t.counterpart",
      month.as("month"),
      "t.latest_action",
      "t.withdrawn",
      eb.fn.countAll().as("count"),
    ])
    .groupBy(["t.direction", "t.kind", "t.counterpart", month, "t.latest_action", "t.withdrawn"])
    .execute();
  const decided = await inPeriod
    .select(["t.direction", "t.kind", "t.started_at", "t.decided_at"])
    .where("t.decided_at", "is not", null)
    .execute();
  let overdueQuery = reader
    .selectFrom("deadlines as d")
    .innerJoin("requests as r", "r.id", "d.request_id")
    .select((eb) => ["r.direction", "r.kind", eb.fn.countAll().as("count")])
    .where("d.met_at", "is", null)
    .where("d.due_at", "<", now);
  if (unit !== null) overdueQuery = overdueQuery.where("r.unit", "=", unit);
  const overdue = await overdueQuery.groupBy(["r.direction", "r.kind"]).execute();

  return statisticsFigures({
    groups: groups.map((g) => ({
      direction: g.direction as Direction,
      kind: g.kind,
      counterpart: g.counterpart,
      month: g.month,
      latestDecisionAction: g.latest_action,
      withdrawn: Number(g.withdrawn) === 1,
      // PostgreSQL answers count(*) as a bigint string, SQLite as a number.
      count: Number(g.count),
    })),
    decided: decided.map((d) => ({
      direction: d.direction as Direction,
      kind: d.kind,
      startedAt: d.started_at as string,
      decidedAt: d.decided_at as string,
    })),
    overdue: overdue.map((o) => ({
      direction: o.direction as Direction,
      kind: o.kind,
      count: Number(o.count),
    })),
  });
}

/**
 * One row per request with what the figures need. A request starts when it leaves (outgoing: the
 * `send` event; drafts and approved requests not yet sent have none and are left out) or when it
 * arrives (incoming: its creation, which is its receipt). Decisions are read from `request_events`:
 * perform-action.ts writes each decision row with its event in one transaction, and the event's
 * `seq` orders them even when two share a timestamp. With a unit, only that unit's requests.
 */
function startedRequests(reader: Reader, unit: string | null) {
  const requests =
    unit === null
      ? reader.selectFrom("requests as r")
      : reader.selectFrom("requests as r").where("r.unit", "=", unit);
  return requests.select((eb) => [
    "r.direction",
    "r.kind",
    eb
      .case()
      .when("r.direction", "=", "outgoing")
      .then(eb.ref("r.requested_state"))
      .else(eb.ref("r.requesting_state"))
      .end()
      .as("counterpart"),
    eb
      .case()
      .when("r.direction", "=", "outgoing")
      .then(
        eb
          .selectFrom("request_events as s")
          .select("s.at")
          .whereRef("s.request_id", "=", "r.id")
          .where("s.action", "=", "send")
          .orderBy("s.seq")
          .limit(1),
      )
      .else(eb.ref("r.created_at"))
      .end()
      .as("started_at"),
    eb
      .selectFrom("request_events as l")
      .select("l.action")
      .whereRef("l.request_id", "=", "r.id")
      .where("l.action", "in", OUTCOME_ACTIONS)
      .orderBy("l.seq", "desc")
      .limit(1)
      .as("latest_action"),
    eb
      .selectFrom("request_events as f")
      .select("f.at")
      .whereRef("f.request_id", "=", "r.id")
      .where("f.action", "in", FINAL_DECISION_ACTIONS)
      .orderBy("f.seq")
      .limit(1)
      .as("decided_at"),
    // An integer on both backends (a comparison is a boolean on PostgreSQL, 0/1 on SQLite).
    eb.case().when("r.state", "=", "withdrawn").then(1).else(0).end().as("withdrawn"),
  ]);
}
