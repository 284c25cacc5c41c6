/**
 * The transactional outbox: a message is sealed and stored in the same transaction as the change
 * that caused it, so the two commit together or not at all. The delivery worker later sends the
 * stored envelope, byte for byte, until a receipt comes back or the retry horizon passes.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import {
  type Message,
  type MessageBody,
  type MessageKind,
  sealMessageKeepingJws,
} from "../crypto/envelope.js";
import type { NodeContext } from "../server/node-context.js";
import type { Executor } from "../store/ledger-store.js";
import type { Database, OutboxTable } from "../store/schema.js";
import { ownSigningKeyId, recipientOf } from "./peer-keys.js";

export type OutgoingMessage<K extends MessageKind> = {
  to: string;
  kind: K;
  body: MessageBody<K>;
  /** The local request the message is about, so its delivery can be shown and recorded on it. */
  requestId?: string | undefined;
  inReplyTo?: string | undefined;
};

export type OutboxRow = OutboxTable;

/** Seals `message` for its peer and stores it in `trx`; returns the stored row. */
export async function enqueueMessage<K extends MessageKind>(
  trx: Transaction<Database>,
  context: Pick<NodeContext, "config" | "keys" | "clock">,
  outgoing: OutgoingMessage<K>,
): Promise<OutboxRow> {
  const now = context.clock.now();
  const recipient = await recipientOf(trx, outgoing.to, now);
  const message = {
    id: randomUUID(),
    kind: outgoing.kind,
    from: context.config.state,
    to: outgoing.to,
    created: now.toISOString(),
    ...(outgoing.inReplyTo === undefined ? {} : { inReplyTo: outgoing.inReplyTo }),
    body: outgoing.body,
  } as Message;
  const { sealed, jws } = await sealMessageKeepingJws(message, {
    signingKey: context.keys.signingPrivate,
    senderKeyId: ownSigningKeyId(context.keys),
    recipientKey: recipient.key,
    recipientKeyId: recipient.keyId,
  });
  // After the messages enqueued before, even in the same millisecond, so a peer applies them in
  // order. (Two transactions committing at once on PostgreSQL may draw the same number: the id then
  // orders them, as it did every message before.)
  const last = await trx
    .selectFrom("outbox")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .executeTakeFirst();
  const row: OutboxRow = {
    message_id: message.id,
    peer_state: outgoing.to,
    kind: outgoing.kind,
    request_id: outgoing.requestId ?? null,
    sealed,
    signed_message: jws,
    seq: Number(last?.seq ?? 0) + 1,
    created_at: message.created,
    attempts: 0,
    next_attempt_at: message.created,
    last_error: null,
    delivered_at: null,
    receipt: null,
    gave_up_at: null,
  };
  await trx.insertInto("outbox").values(row).execute();
  return row;
}

/** What the request's view can show about its messages: pending, delivered or not delivered. */
export type DeliveryStatus = {
  messageId: string;
  kind: string;
  peer: string;
  status: "pending" | "delivered" | "not-delivered";
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  gaveUpAt: string | null;
};

export async function deliveryStatus(db: Executor, requestId: string): Promise<DeliveryStatus[]> {
  const rows = await db
    .selectFrom("outbox")
    .selectAll()
    .where("request_id", "=", requestId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({
    messageId: row.message_id,
    kind: row.kind,
    peer: row.peer_state,
    status: row.delivered_at ? "delivered" : row.gave_up_at ? "not-delivered" : "pending",
    attempts: Number(row.attempts),
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    gaveUpAt: row.gave_up_at,
  }));
}
