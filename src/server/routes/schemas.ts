/** Response schemas shared by the case and request routes; they are what OpenAPI publishes. */
import { z } from "zod";

export const IdParams = z.object({ id: z.uuid() });

export const CaseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  unit: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const RequestSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  direction: z.enum(["outgoing", "incoming"]),
  kind: z.string(),
  state: z.string(),
  treaty: z.string(),
  requestingState: z.string(),
  requestedState: z.string(),
  urgency: z.enum(["normal", "urgent", "emergency"]),
  urgentQueue: z.boolean(),
  unit: z.string(),
  reference: z.string(),
  document: z.unknown(),
  draftedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.string()).describe("the actions the signed-in person may take next"),
});

export const RequestDetailSchema = RequestSchema.extend({
  history: z.array(
    z.object({
      seq: z.number(),
      action: z.string(),
      from: z.string(),
      to: z.string(),
      actor: z.string(),
      at: z.string(),
      details: z.unknown(),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      outcome: z.string(),
      grounds: z.array(z.string()),
      reasons: z.string().nullable(),
      conditions: z.array(z.unknown()),
      decidedBy: z.string(),
      decidedAt: z.string(),
    }),
  ),
  deadlines: z.array(
    z.object({
      kind: z.string(),
      dueAt: z.string(),
      remindAt: z.string().nullable(),
      remindedAt: z.string().nullable(),
      metAt: z.string().nullable(),
      citation: z.unknown(),
    }),
  ),
  people: z
    .record(z.string(), z.string())
    .describe("display names of this node's people named in history and decisions, by `user:<id>`"),
});

export const FindingSchema = z.object({
  severity: z.enum(["error", "warning", "info"]),
  ruleId: z.string(),
  citation: z.object({
    treaty: z.string(),
    article: z.string(),
    paragraph: z.string().optional(),
    item: z.string().optional(),
    unverified: z.boolean().optional(),
  }),
  path: z.string(),
  message: z.record(z.string(), z.string()),
});

export const ValidationResultSchema = z.object({ valid: z.boolean(), findings: z.array(FindingSchema) });

export const CorrespondenceSchema = z.object({
  sent: z.array(
    z.object({
      messageId: z.string(),
      kind: z.string(),
      peer: z.string(),
      status: z.enum(["pending", "delivered", "not-delivered"]),
      attempts: z.number(),
      lastError: z.string().nullable(),
      deliveredAt: z.string().nullable(),
      gaveUpAt: z.string().nullable(),
    }),
  ),
  received: z.array(
    z.object({
      messageId: z.string(),
      kind: z.string(),
      from: z.string(),
      receivedAt: z.string(),
      body: z.record(z.string(), z.unknown()),
    }),
  ),
});
