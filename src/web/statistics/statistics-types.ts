/**
 * The statistics answer (`GET /api/v1/statistics`), taken from the schema the route declares it
 * with (src/services/statistics/statistics-view.ts; types only, so nothing of the server reaches
 * the bundle), and the outcomes a request can have: the latest decision's, "withdrawn", or
 * "pending" while none was taken.
 */
import type { StatisticsView as Statistics } from "../../services/statistics/statistics-view.js";

export type { Statistics };
export type Direction = Statistics["requests"][number]["direction"];

/** The outcomes in the order the figures list them: a value, from a module that imports nothing (no zod). */
export { OUTCOMES, type Outcome } from "../../cases/outcomes.js";
