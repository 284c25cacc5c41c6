/**
 * The figures of one table: requests counted per key (kind, State, outcome or month), sent and
 * received apart, in a stable order. Pure, so the table and the chart beside it show the same sums.
 */
import { type Direction, OUTCOMES, type Statistics } from "./statistics-types.js";

export type TallyRow = { key: string; sent: number; received: number };

const add = (rows: Map<string, TallyRow>, key: string, direction: Direction, count: number) => {
  const row = rows.get(key) ?? { key, sent: 0, received: 0 };
  if (direction === "outgoing") row.sent += count;
  else row.received += count;
  rows.set(key, row);
};

/**
 * A row for every key the entries carry and every key of `fixed` (at 0 when absent), in the order of
 * `fixed`, then the others sorted by key.
 */
export function tally<E extends { direction: Direction; count: number }>(
  entries: readonly E[],
  keyOf: (entry: E) => string,
  fixed: readonly string[] = [],
): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  for (const key of fixed) rows.set(key, { key, sent: 0, received: 0 });
  for (const entry of entries) add(rows, keyOf(entry), entry.direction, entry.count);
  const rest = [...rows.values()].filter((row) => !fixed.includes(row.key));
  return [
    ...fixed.map((key) => rows.get(key) as TallyRow),
    ...rest.sort((a, b) => a.key.localeCompare(b.key)),
  ];
}

/** Every month from the first to the last, `YYYY-MM`; at most 240 (twenty years), so a typo stays cheap. */
export function monthsBetween(first: string, last: string): string[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(first); i <= index(last) && months.length < 240; i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  return months;
}

export type Tables = {
  byKind: TallyRow[];
  byState: TallyRow[];
  byOutcome: TallyRow[];
  byMonth: TallyRow[];
  overdueByKind: TallyRow[];
};

export function tablesOf(statistics: Statistics): Tables {
  const requests = statistics.requests;
  const months = requests.map((r) => r.month).sort();
  const first = statistics.from ?? months[0];
  const last = statistics.to ?? months.at(-1);
  // Months without requests still count (as 0) between the first and the last of the period.
  const allMonths = first !== undefined && last !== undefined ? monthsBetween(first, last) : [];
  return {
    byKind: tally(requests, (r) => r.kind),
    byState: tally(requests, (r) => r.counterpart),
    byOutcome: tally(requests, (r) => r.outcome, OUTCOMES),
    byMonth: tally(requests, (r) => r.month)
      .concat(allMonths.filter((m) => !months.includes(m)).map((key) => ({ key, sent: 0, received: 0 })))
      .sort((a, b) => a.key.localeCompare(b.key)),
    overdueByKind: tally(statistics.overdue.byKind, (r) => r.kind),
  };
}
