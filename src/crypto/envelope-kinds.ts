/**
 * The kinds of message one node sends another, and the body each kind carries. These schemas are
 * part of the wire protocol (docs/protocol.md §8): another implementation must produce bodies
 * they accept, so they are strict (an unknown member is refused, never silently dropped) and
 * transform nothing (what was signed is exactly what the receiver gets back).
 *
 * Bodies carry what the other node needs to move the request along its lifecycle; documents
 * themselves (the request, an amended request) are validated by the treaty engine, not here.
 */
import { z } from "zod";
import { ConditionSchema } from "../cases/action-input.js";
import { EntrySchema } from "../ledger/entry.js";
import { LOG_ID_PATTERN } from "../ledger/tree-head.js";
import { TreatyIdSchema } from "../treaty/request-document.js";

export const MESSAGE_KINDS = [
  "request",
  "acknowledgement",
  "information-request",
  "information-reply",
  "consultation",
  "decision",
  "postponement",
  "progress-inquiry",
  "status-update",
  "withdrawal",
  "no-longer-required",
  "preservation-extended",
  "preservation-expiring",
  "execution-report",
  "evidence-transmission",
  "use-consent-request",
  "use-consent",
  "receipt",
] as const;
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/**
 * Any UUID, in lower case only: ids are compared as strings (replay store, inbox), so a second
 * spelling of the same id must not exist.
 */
export const UuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, "a lower-case UUID");

/**
 * Human text. Surrounding whitespace is refused rather than trimmed: trimming would make the
 * message the receiver keeps differ from the one the sender signed.
 */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() === s, "no leading or trailing whitespace");

const JsonObjectSchema = z.record(z.string(), z.unknown());
const IsoDateSchema = z.iso.date();
const RequestIdSchema = UuidSchema.describe("the request's id, assigned by the requesting node");

/** Same condition types officers choose from (src/cases/action-input.ts), without trimming. */
const WireConditionSchema = z.strictObject({ type: ConditionSchema.shape.type, text: text(4000) });
const conditions = z.array(WireConditionSchema).min(1).max(20);
/** Refusal grounds by code from the treaty pack's catalogue, e.g. R-ESSENTIAL. */
const grounds = z
  .array(z.string().regex(/^R-[A-Z-]+$/))
  .min(1)
  .max(20);

const DECISION_OUTCOMES = ["granted", "granted-with-conditions", "partially-granted", "refused"] as const;

const DecisionBodySchema = z
  .strictObject({
    requestId: RequestIdSchema,
    outcome: z.enum(DECISION_OUTCOMES),
    grounds: grounds.optional(),
    reasons: text(8000).optional(),
    conditions: conditions.optional(),
  })
  .superRefine((body, ctx) => {
    // A refusal, whole or partial, must say on which grounds and why (UNCC Art 40(24), Budapest Art 27(6)).
    const refusing = body.outcome === "refused" || body.outcome === "partially-granted";
    if (refusing && (!body.grounds || !body.reasons))
      ctx.addIssue({ code: "custom", message: `a ${body.outcome} decision needs grounds and reasons` });
    if (!refusing && body.grounds)
      ctx.addIssue({ code: "custom", message: "only a refusal carries grounds" });
    if (body.outcome === "granted-with-conditions" && !body.conditions)
      ctx.addIssue({ code: "custom", message: "a grant with conditions needs its conditions" });
    if (body.outcome === "granted" && body.conditions)
      ctx.addIssue({ code: "custom", message: "conditions make it granted-with-conditions" });
  });

/** What the requested node reports in a status update; decisions travel as `decision` messages. */
export const REPORTED_STATUSES = [
  "received",
  "acknowledged",
  "under-review",
  "more-info-requested",
  "consultation",
  "postponed",
  "executing",
  "executed",
  "closed",
] as const;

const BASE64_32 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const BASE64_64 = /^[A-Za-z0-9+/]{85}[AQgw]==$/;

/** A signed tree head as it travels (docs/ledger.md §5): binary values in canonical padded base64. */
const SignedTreeHeadJsonSchema = z.strictObject({
  logId: z.string().regex(LOG_ID_PATTERN),
  size: z.int().nonnegative(),
  timestamp: z.int().nonnegative(),
  root: z.string().regex(BASE64_32, "a 32-byte hash in padded base64"),
  signature: z.string().regex(BASE64_64, "a 64-byte Ed25519 signature in padded base64"),
});

const ReceiptBodySchema = z
  .strictObject({
    /** The message being receipted. */
    messageId: UuidSchema,
    /** The receiver's ledger entry recording the message: the leaf the proof is for. */
    entry: EntrySchema,
    treeHead: SignedTreeHeadJsonSchema,
    inclusionProof: z.strictObject({
      leafIndex: z.int().nonnegative(),
      treeSize: z.int().positive(),
      hashes: z.array(z.string().regex(BASE64_32, "a 32-byte hash in padded base64")).max(64),
    }),
  })
  .superRefine((body, ctx) => {
    const proof = body.inclusionProof;
    if (proof.treeSize !== body.treeHead.size)
      ctx.addIssue({ code: "custom", message: "the proof must be for the tree head's size" });
    if (proof.leafIndex >= proof.treeSize || proof.leafIndex !== body.entry.index)
      ctx.addIssue({ code: "custom", message: "the proof must be for the entry's index, inside the tree" });
  });

export const MESSAGE_BODY_SCHEMAS = {
  request: z.strictObject({
    requestId: RequestIdSchema,
    treaty: TreatyIdSchema,
    /** The request document (rogatory.request/1); the treaty engine validates it on arrival. */
    document: JsonObjectSchema,
  }),
  acknowledgement: z.strictObject({
    requestId: RequestIdSchema,
    /** The requested authority's own reference for the request, when it has one. */
    reference: text(200).optional(),
  }),
  "information-request": z.strictObject({
    requestId: RequestIdSchema,
    reasons: text(8000),
    respondBy: IsoDateSchema.optional(),
  }),
  "information-reply": z.strictObject({
    requestId: RequestIdSchema,
    text: text(8000),
    /** An amended request document, when the reply changes the request. */
    document: JsonObjectSchema.optional(),
  }),
  consultation: z.strictObject({
    requestId: RequestIdSchema,
    text: text(8000),
    /** Conditions under which the request could be granted rather than refused or postponed. */
    conditions: conditions.optional(),
  }),
  decision: DecisionBodySchema,
  postponement: z.strictObject({
    requestId: RequestIdSchema,
    reasons: text(8000),
    until: IsoDateSchema.optional(),
  }),
  "progress-inquiry": z.strictObject({ requestId: RequestIdSchema, text: text(8000).optional() }),
  "status-update": z.strictObject({
    requestId: RequestIdSchema,
    status: z.enum(REPORTED_STATUSES),
    text: text(8000).optional(),
  }),
  withdrawal: z.strictObject({ requestId: RequestIdSchema, reasons: text(8000) }),
  "no-longer-required": z.strictObject({ requestId: RequestIdSchema, reasons: text(8000).optional() }),
  "preservation-extended": z.strictObject({ requestId: RequestIdSchema, expires: IsoDateSchema }),
  "preservation-expiring": z.strictObject({ requestId: RequestIdSchema, expires: IsoDateSchema }),
  "execution-report": z.strictObject({
    requestId: RequestIdSchema,
    /** False while more evidence is to follow. */
    complete: z.boolean(),
    text: text(20000),
  }),
  /**
   * One evidence item, released by the requested State: its signed manifest (checked on arrival
   * against the sender's card, src/evidence/manifest.ts), the file key wrapped to the recipient
   * (compact JWE, ECDH-ES+A256KW), and the sender's custody entries so far with their inclusion
   * proofs against a signed tree head. The chunks are fetched afterwards (docs/evidence.md).
   */
  "evidence-transmission": z.strictObject({
    requestId: RequestIdSchema,
    manifest: JsonObjectSchema,
    wrappedKey: z.string().min(1).max(4096),
    custody: z.strictObject({
      state: z.string().regex(/^[A-Z]{2}$/),
      treeHead: SignedTreeHeadJsonSchema,
      entries: z
        .array(
          z.strictObject({
            entry: EntrySchema,
            proof: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(64),
          }),
        )
        .min(1)
        .max(100),
    }),
  }),
  /** Art 40(19): the requesting State asks consent to use evidence for other proceedings. */
  "use-consent-request": z.strictObject({
    requestId: RequestIdSchema,
    consentId: UuidSchema,
    purpose: text(2000),
    reasons: text(8000),
  }),
  /** Art 40(19): the requested State's answer; `granted` false is a refusal. */
  "use-consent": z.strictObject({
    requestId: RequestIdSchema,
    consentId: UuidSchema,
    granted: z.boolean(),
    reasons: text(8000).optional(),
  }),
  receipt: ReceiptBodySchema,
} as const satisfies Record<MessageKind, z.ZodType>;

export type MessageBody<K extends MessageKind> = z.infer<(typeof MESSAGE_BODY_SCHEMAS)[K]>;
