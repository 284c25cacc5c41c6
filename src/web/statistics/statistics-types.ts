/**
 * The statistics answer (`GET /api/v1/statistics`, src/server/routes/statistics.ts; contract in
 * the issue 6 plan), and the outcomes a request can have: the latest decision's, "withdrawn", or
 * "pending" while none was taken.
 */
export type Direction = "outgoing" | "incoming";

export const OUTCOMES = [
  "pending",
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "refused",
  "postponed",
  "withdrawn",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Statistics = {
  state: string;
  generatedAt: string;
  from: string | null;
  to: string | null;
  requests: {
    direction: Direction;
    kind: string;
    counterpart: string;
    month: string;
    outcome: Outcome;
    count: number;
  }[];
  turnaround: { direction: Direction; kind: string; decided: number; medianDays: number | null }[];
  overdue: { total: number; byKind: { direction: Direction; kind: string; count: number }[] };
};
