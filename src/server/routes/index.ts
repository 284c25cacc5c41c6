/**
 * Every route of the officers' API, registered in one place so the authorization matrix test can
 * list them. The node-to-node routes are not here: the federation listener serves them
 * (routes/federation.ts), on its own port and over mutual TLS.
 */
import type { FastifyInstance } from "fastify";
import type { NodeContext } from "../node-context.js";
import { registerCaseRoutes } from "./cases.js";
import { registerDeadlineRoutes } from "./deadlines.js";
import { registerEvidenceRoutes } from "./evidence.js";
import { registerEvidenceExportRoutes } from "./evidence-export.js";
import { registerHealthRoutes } from "./health.js";
import { registerLedgerRoutes } from "./ledger.js";
import { registerNodeInfoRoutes } from "./node-info.js";
import { registerPeerRoutes } from "./peers.js";
import { registerRequestRoutes } from "./requests.js";
import { registerSessionRoutes } from "./session.js";
import { registerStatisticsRoutes } from "./statistics.js";
import { registerTreatyRoutes } from "./treaties.js";
import { registerUserRoutes } from "./users.js";

export function registerRoutes(app: FastifyInstance, context: NodeContext): void {
  registerHealthRoutes(app, context);
  registerSessionRoutes(app, context);
  registerUserRoutes(app, context);
  registerCaseRoutes(app, context);
  registerRequestRoutes(app, context);
  registerDeadlineRoutes(app, context);
  registerEvidenceRoutes(app, context);
  registerEvidenceExportRoutes(app, context);
  registerLedgerRoutes(app, context);
  registerPeerRoutes(app, context);
  registerTreatyRoutes(app, context);
  registerNodeInfoRoutes(app, context);
  registerStatisticsRoutes(app, context);
}
