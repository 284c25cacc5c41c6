/** Every route of the API, registered in one place so the authorization matrix test can list them. */
import type { FastifyInstance } from "fastify";
import type { NodeContext } from "../node-context.js";
import { registerCaseRoutes } from "./cases.js";
import { registerDeadlineRoutes } from "./deadlines.js";
import { registerHealthRoutes } from "./health.js";
import { registerLedgerRoutes } from "./ledger.js";
import { registerRequestRoutes } from "./requests.js";

export async function registerRoutes(app: FastifyInstance, context: NodeContext): Promise<void> {
  registerHealthRoutes(app, context);
  (await import("./session.js")).registerSessionRoutes(app, context);
  (await import("./users.js")).registerUserRoutes(app, context);
  registerCaseRoutes(app, context);
  registerRequestRoutes(app, context);
  registerDeadlineRoutes(app, context);
  registerLedgerRoutes(app, context);
}
