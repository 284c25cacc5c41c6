/**
 * `GET /api/v1/peers`: the States this node trusts, their cards' keys, and any split view detected
 * (a peer that signed two histories of its ledger), with the evidence. Administrators and
 * auditors; the service checks `peer.read` itself, so the CLI's `peer list` gets the same rule.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listPeers } from "../../services/peers/list-peers.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const HeadEvidenceSchema = z.object({
  logId: z.string(),
  size: z.number(),
  timestamp: z.number(),
  root: z.string(),
  signature: z.string(),
  messageId: z.string().nullable(),
  receivedAt: z.string(),
});

const PeerSchema = z.object({
  state: z.string(),
  status: z.enum(["active", "revoked"]),
  authority: z.string(),
  endpoint: z.string(),
  declarationsVersion: z.string(),
  sequence: z.number(),
  issued: z.string(),
  signingFingerprints: z.array(z.string()),
  fingerprintConfirmed: z.string(),
  confirmedBy: z.string(),
  confirmedAt: z.string(),
  updatedAt: z.string(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  keys: z.array(
    z.object({
      kid: z.string(),
      use: z.enum(["sig", "enc"]),
      fingerprint: z.string(),
      current: z.boolean(),
      notBefore: z.string(),
      notAfter: z.string().optional(),
      revokedAt: z.string().optional(),
    }),
  ),
  /** The TLS certificates pinned for this peer (SHA-256 of the DER), as `peer list` shows them. */
  tls: z.array(
    z.object({
      fingerprint: z.string(),
      current: z.boolean(),
      notBefore: z.string(),
      notAfter: z.string().optional(),
    }),
  ),
  splitViews: z.array(
    z.object({
      detectedAt: z.string(),
      reason: z.string(),
      firstHead: HeadEvidenceSchema,
      secondHead: HeadEvidenceSchema,
      proof: z.string().nullable(),
      ledgerIndex: z.number(),
    }),
  ),
  actions: z.array(z.literal("revoke")),
});

export function registerPeerRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/peers",
    {
      schema: {
        tags: ["peers"],
        summary: "The peers, their keys and any split view detected",
        response: { 200: z.array(PeerSchema) },
      },
    },
    async (request) => listPeers({ context, actor: actorOf(request) }),
  );
}
