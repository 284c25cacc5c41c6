/**
 * The outcomes a request can have in the statistics: the latest decision's, "withdrawn", or
 * "pending" while none was taken; in the order the figures list them. Imports nothing, so the web
 * UI bundles this list without zod (statistics.ts decides which request has which outcome).
 */
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
