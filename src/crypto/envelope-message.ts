/**
 * The message: `{id, kind, from, to, created, inReplyTo?, body}`, what one node signs and sends
 * another. Checked in two steps so the receiver can tell a broken envelope
 * (`ENVELOPE_MALFORMED`) from a body wrong for its kind (`ENVELOPE_BAD_BODY`), and so the
 * sender/recipient checks can run between them, before any effort goes into the body.
 */
import { z } from "zod";
import { StateCodeSchema } from "../treaty/request-document.js";
import { CanonicalJsonError, canonicalJson } from "./canonical-json.js";
import {
  MESSAGE_BODY_SCHEMAS,
  MESSAGE_KINDS,
  type MessageKind,
  MessageKindSchema,
  UuidSchema,
} from "./envelope-kinds.js";
import { EnvelopeError } from "./errors.js";

/** A version 4 UUID in lower case: the sender draws it at random, the receiver refuses it twice. */
export const MessageIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, "a lower-case UUID v4");

/**
 * Exactly the form `Date.prototype.toISOString` gives (UTC, milliseconds, `Z`): one spelling per
 * instant, and a real calendar date (the round trip refuses 2026-02-30).
 */
export const CreatedSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "a UTC time such as 2026-01-01T09:30:00.000Z")
  .refine((s) => {
    const at = Date.parse(s);
    return Number.isFinite(at) && new Date(at).toISOString() === s;
  }, "not a real time");

const headerFields = {
  id: MessageIdSchema,
  from: StateCodeSchema,
  to: StateCodeSchema,
  created: CreatedSchema,
  inReplyTo: UuidSchema.optional(),
};

const differentStates = (m: { from: string; to: string }) => m.from !== m.to;
const SAME_STATE = { message: "a State does not send messages to itself", path: ["to"] };

/** Every field checked but the body, which only has to be a JSON object. */
export const MessageHeaderSchema = z
  .strictObject({ ...headerFields, kind: MessageKindSchema, body: z.record(z.string(), z.unknown()) })
  .refine(differentStates, SAME_STATE);
export type MessageHeader = z.infer<typeof MessageHeaderSchema>;

const variant = <K extends MessageKind>(kind: K) =>
  z.strictObject({ ...headerFields, kind: z.literal(kind), body: MESSAGE_BODY_SCHEMAS[kind] });
type Variant = { [K in MessageKind]: ReturnType<typeof variant<K>> }[MessageKind];

/** The whole message, body included; `Message` is a union discriminated by `kind`. */
export const MessageSchema = z
  // map() loses the link between each kind and its body in the types; the cast restores it.
  .discriminatedUnion("kind", MESSAGE_KINDS.map(variant) as unknown as [Variant, ...Variant[]])
  .refine(differentStates, SAME_STATE);
export type Message = z.infer<typeof MessageSchema>;
export type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

/** Checks everything but the body; throws ENVELOPE_MALFORMED. Safe on hostile input. */
export function parseMessageHeader(value: unknown): MessageHeader {
  const result = MessageHeaderSchema.safeParse(value);
  if (!result.success) {
    throw new EnvelopeError("ENVELOPE_MALFORMED", `not a message: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Checks the body against its kind's schema; throws ENVELOPE_BAD_BODY. */
export function parseMessageBody(header: MessageHeader): Message {
  const result = MessageSchema.safeParse(header);
  if (!result.success) {
    throw new EnvelopeError(
      "ENVELOPE_BAD_BODY",
      `the body is not valid for a ${header.kind}: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** RFC 8785 form of a message: the exact bytes the sender signs. */
export function canonicalMessage(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw new EnvelopeError("ENVELOPE_MALFORMED", `the message has no JSON form: ${error.message}`, {
      cause: error,
    });
  }
}
