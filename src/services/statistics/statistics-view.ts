/**
 * The statistics answer (`GET /api/v1/statistics`): the figures of src/cases/statistics.ts with the
 * State, the unit they cover, when they were counted and the period asked for. Plain zod with
 * nothing of Node in reach, so the route declares its answer with it and the web UI takes its
 * types from here.
 */
import { z } from "zod";
import { OUTCOMES } from "../../cases/outcomes.js";

const DirectionSchema = z.enum(["outgoing", "incoming"]);

export const StatisticsViewSchema = z.object({
  state: z.string(),
  /** The unit whose requests are counted (a supervisor's own); null for the whole node (the auditor). */
  unit: z.string().nullable(),
  generatedAt: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  requests: z.array(
    z.object({
      direction: DirectionSchema,
      kind: z.string(),
      counterpart: z.string(),
      month: z.string(),
      outcome: z.enum(OUTCOMES),
      count: z.number(),
    }),
  ),
  turnaround: z.array(
    z.object({
      direction: DirectionSchema,
      kind: z.string(),
      decided: z.number(),
      medianDays: z.number().nullable(),
    }),
  ),
  overdue: z.object({
    total: z.number(),
    byKind: z.array(z.object({ direction: DirectionSchema, kind: z.string(), count: z.number() })),
  }),
});
export type StatisticsView = z.infer<typeof StatisticsViewSchema>;
