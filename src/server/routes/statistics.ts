/** Statistics routes: the figures as JSON for the screens, and as CSV for the State's report (auditors node-wide, supervisors for their unit). */
import { create as contentDisposition } from "content-disposition";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { StatisticsPeriodSchema } from "../../cases/statistics.js";
import { computeStatistics } from "../../services/statistics/compute-statistics.js";
import { statisticsCsv } from "../../services/statistics/statistics-csv.js";
import { StatisticsViewSchema } from "../../services/statistics/statistics-view.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const PERIOD_HELP =
  "`from` and `to` are months (YYYY-MM) of sending (outgoing) or receipt (incoming), both included; " +
  "either may be left out. Overdue deadlines are counted now, whatever the period. A supervisor's " +
  "figures count their own unit's requests only (`unit`); the auditor's the whole node (`unit: null`).";

export function registerStatisticsRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/v1/statistics",
    {
      schema: {
        tags: ["statistics"],
        summary: "Requests sent and received, outcomes, median turnaround and overdue deadlines",
        description: PERIOD_HELP,
        querystring: StatisticsPeriodSchema,
        response: { 200: StatisticsViewSchema },
      },
    },
    async (request) => computeStatistics({ context, actor: actorOf(request), ...request.query }),
  );
  api.get(
    "/api/v1/statistics.csv",
    {
      schema: {
        tags: ["statistics"],
        summary: "The same figures as one CSV table, for the report to the Conference of the States Parties",
        description: `${PERIOD_HELP} Header: section,direction,kind,counterpart,month,outcome,value (docs/statistics.md).`,
        querystring: StatisticsPeriodSchema,
        response: {
          200: { description: "the CSV table", content: { "text/csv": { schema: z.string() } } },
        },
      },
    },
    async (request, reply) => {
      const csv = await statisticsCsv({ context, actor: actorOf(request), ...request.query });
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", contentDisposition(csv.fileName))
        .send(csv.text);
    },
  );
}
