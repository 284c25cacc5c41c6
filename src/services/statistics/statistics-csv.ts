/**
 * `GET /api/v1/statistics.csv`: the same figures as `computeStatistics`, as the one table a State
 * can hand on for its report to the Conference of the States Parties (UNCC Art 57): header
 * `section,direction,kind,counterpart,month,outcome,value`, a cell left empty where its column does
 * not apply to the section. The layout is documented in docs/statistics.md.
 */
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { computeStatistics, type Statistics } from "./compute-statistics.js";
import { type CsvCell, csvText } from "./csv.js";

export const STATISTICS_CSV_HEADER = [
  "section",
  "direction",
  "kind",
  "counterpart",
  "month",
  "outcome",
  "value",
] as const;

export type StatisticsCsv = { fileName: string; text: string };

export async function statisticsCsv(options: {
  context: NodeContext;
  actor: Actor;
  from?: string | undefined;
  to?: string | undefined;
}): Promise<StatisticsCsv> {
  const statistics = await computeStatistics(options);
  return { fileName: statisticsCsvFileName(statistics), text: csvText(statisticsRows(statistics)) };
}

/** `rogatory-statistics-<STATE>-<from>-<to>.csv`; an open side of the period is written `all`. */
export function statisticsCsvFileName(statistics: Pick<Statistics, "state" | "from" | "to">): string {
  return `rogatory-statistics-${statistics.state}-${statistics.from ?? "all"}-${statistics.to ?? "all"}.csv`;
}

export function statisticsRows(statistics: Statistics): CsvCell[][] {
  const row = (
    section: string,
    cells: { direction?: string; kind?: string; counterpart?: string; month?: string; outcome?: string },
    value: number | null,
  ): CsvCell[] => [
    section,
    cells.direction ?? null,
    cells.kind ?? null,
    cells.counterpart ?? null,
    cells.month ?? null,
    cells.outcome ?? null,
    value,
  ];
  return [
    [...STATISTICS_CSV_HEADER],
    ...statistics.requests.map(({ count, ...cells }) => row("requests", cells, count)),
    // A kind with no final decision yet has no median: its value cell is left empty.
    ...statistics.turnaround.map((t) =>
      row("median_turnaround_days", { direction: t.direction, kind: t.kind }, t.medianDays),
    ),
    ...statistics.turnaround.map((t) => row("decided", { direction: t.direction, kind: t.kind }, t.decided)),
    // The total first (no direction or kind), then by direction and kind.
    row("overdue", {}, statistics.overdue.total),
    ...statistics.overdue.byKind.map(({ count, ...cells }) => row("overdue", cells, count)),
  ];
}
