/**
 * The figures a State gives about its cooperation (UNCC Art 55 statistics, reported to the
 * Conference of the States Parties under Art 57): requests sent and received by kind, counterpart
 * State, month and outcome; the median turnaround to a final decision; deadlines overdue now.
 * Pure: the statistics service reads narrow rows from the store, this module decides what they mean
 * (which decision is an outcome, which is final, the median) and puts them in one stable order.
 * What each figure means is written for readers in docs/statistics.md.
 */
import { z } from "zod";
import { DECISION_OUTCOMES, type Direction } from "./lifecycle.js";
import { OUTCOMES, type Outcome } from "./outcomes.js";

const DECIDED: ReadonlySet<string> = new Set<Outcome>([
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "refused",
  "postponed",
]);
const FINAL: ReadonlySet<string> = new Set<Outcome>([
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "refused",
]);

/**
 * The decision actions that give a request its outcome. A request for more information is recorded
 * as a decision too, but it asks rather than answers: the request stays pending.
 */
export const OUTCOME_ACTIONS: readonly string[] = Object.entries(DECISION_OUTCOMES)
  .filter(([, outcome]) => DECIDED.has(outcome))
  .map(([action]) => action);

/** Final decisions (a grant of any form, or a refusal, here or recorded from the other State): turnaround ends at the first. */
export const FINAL_DECISION_ACTIONS: readonly string[] = Object.entries(DECISION_OUTCOMES)
  .filter(([, outcome]) => FINAL.has(outcome))
  .map(([action]) => action);

/** The latest decision's outcome, else withdrawn if the request was withdrawn, else pending. */
export function outcomeOf(latestDecisionAction: string | null, withdrawn: boolean): Outcome {
  const decided = latestDecisionAction === null ? undefined : DECISION_OUTCOMES[latestDecisionAction];
  if (decided !== undefined && DECIDED.has(decided)) return decided as Outcome;
  return withdrawn ? "withdrawn" : "pending";
}

/** The middle value, or the mean of the two middle values of an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MonthSchema = z.string().regex(MONTH, "must be a month written YYYY-MM, for example 2026-11");

/** The period asked for, by month of sending or receipt; either side may be left open. */
export const StatisticsPeriodSchema = z
  .object({
    from: MonthSchema.optional().describe("first month included (YYYY-MM); default: the first there is"),
    to: MonthSchema.optional().describe("last month included (YYYY-MM); default: the last there is"),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
    message: "must not be before `from`",
    path: ["to"],
  });
export type StatisticsPeriod = z.infer<typeof StatisticsPeriodSchema>;

/** The instants the period covers, as ISO-8601 UTC text comparable with stored times: [start, end). */
export function periodBounds(period: StatisticsPeriod): { start: string | null; end: string | null } {
  return {
    start: period.from === undefined ? null : `${period.from}-01T00:00:00.000Z`,
    end: period.to === undefined ? null : `${monthAfter(period.to)}-01T00:00:00.000Z`,
  };
}

function monthAfter(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return number === 12
    ? `${String(year + 1).padStart(4, "0")}-01`
    : `${String(year).padStart(4, "0")}-${String(number + 1).padStart(2, "0")}`;
}

/** Requests of one group as the store counts them: the raw latest decision action and withdrawal. */
export type RequestGroupRow = {
  direction: Direction;
  kind: string;
  counterpart: string;
  month: string;
  latestDecisionAction: string | null;
  withdrawn: boolean;
  count: number;
};
/** One request in the period that has a final decision: when it started and when it was first decided. */
export type DecidedRequestRow = { direction: Direction; kind: string; startedAt: string; decidedAt: string };
export type OverdueRow = { direction: Direction; kind: string; count: number };

export type RequestFigure = {
  direction: Direction;
  kind: string;
  counterpart: string;
  month: string;
  outcome: Outcome;
  count: number;
};
export type TurnaroundFigure = {
  direction: Direction;
  kind: string;
  decided: number;
  medianDays: number | null;
};
export type StatisticsFigures = {
  requests: RequestFigure[];
  turnaround: TurnaroundFigure[];
  overdue: { total: number; byKind: OverdueRow[] };
};

const DAY_MS = 86_400_000;
const DIRECTION_ORDER: Record<Direction, number> = { outgoing: 0, incoming: 1 };

export function statisticsFigures(input: {
  groups: readonly RequestGroupRow[];
  decided: readonly DecidedRequestRow[];
  overdue: readonly OverdueRow[];
}): StatisticsFigures {
  return {
    requests: requestFigures(input.groups),
    turnaround: turnaroundFigures(input.groups, input.decided),
    overdue: {
      total: input.overdue.reduce((sum, row) => sum + row.count, 0),
      byKind: [...input.overdue].sort(byDirectionAndKind),
    },
  };
}

/** Several store groups can share an outcome (a grant later withdrawn is still a grant): they are summed. */
function requestFigures(groups: readonly RequestGroupRow[]): RequestFigure[] {
  const figures = new Map<string, RequestFigure>();
  for (const group of groups) {
    const outcome = outcomeOf(group.latestDecisionAction, group.withdrawn);
    const key = JSON.stringify([group.direction, group.kind, group.counterpart, group.month, outcome]);
    const existing = figures.get(key);
    if (existing) existing.count += group.count;
    else {
      const { direction, kind, counterpart, month, count } = group;
      figures.set(key, { direction, kind, counterpart, month, outcome, count });
    }
  }
  return [...figures.values()].sort(
    (a, b) =>
      byDirectionAndKind(a, b) ||
      compareText(a.counterpart, b.counterpart) ||
      compareText(a.month, b.month) ||
      OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome),
  );
}

/** One figure per direction and kind that has requests in the period, decided or not. */
function turnaroundFigures(
  groups: readonly RequestGroupRow[],
  decided: readonly DecidedRequestRow[],
): TurnaroundFigure[] {
  const days = new Map<string, { direction: Direction; kind: string; values: number[] }>();
  const entry = (direction: Direction, kind: string) => {
    const key = `${direction} ${kind}`;
    let found = days.get(key);
    if (!found) {
      found = { direction, kind, values: [] };
      days.set(key, found);
    }
    return found;
  };
  for (const group of groups) entry(group.direction, group.kind);
  for (const row of decided)
    entry(row.direction, row.kind).values.push(
      (Date.parse(row.decidedAt) - Date.parse(row.startedAt)) / DAY_MS,
    );
  return [...days.values()]
    .map(({ direction, kind, values }) => {
      const middle = median(values);
      // A tenth of a day (2.4 hours) is finer than any reporting needs, and keeps the CSV readable.
      return { direction, kind, decided: values.length, medianDays: middle === null ? null : round1(middle) };
    })
    .sort(byDirectionAndKind);
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDirectionAndKind = (
  a: { direction: Direction; kind: string },
  b: { direction: Direction; kind: string },
) => DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction] || compareText(a.kind, b.kind);
