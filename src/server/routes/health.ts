/** `GET /api/v1/health`: the State, version, database kind and ledger size. Public: monitoring needs no login. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { NodeContext } from "../node-context.js";

const HealthSchema = z.object({
  status: z.literal("ok"),
  state: z.string(),
  version: z.string(),
  database: z.enum(["sqlite", "postgres"]),
  ledgerSize: z.number().int(),
});

export function registerHealthRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/health",
    {
      schema: { tags: ["node"], summary: "Node health", response: { 200: HealthSchema } },
      config: { public: true },
    },
    async () => {
      const head = await context.db
        .selectFrom("ledger_head")
        .select("size")
        .where("id", "=", 1)
        .executeTakeFirstOrThrow();
      return {
        status: "ok" as const,
        state: context.config.state,
        version: context.version,
        database: context.storeKind,
        ledgerSize: Number(head.size),
      };
    },
  );
}
