/**
 * What passed between the two States about one request: the messages this node sent (with their
 * delivery: pending, delivered, or not delivered once the retry horizon passed) and the messages
 * it received, with what they said. For the person following the request; visible to whoever may
 * see the request.
 */
import type { Actor } from "../../cases/roles.js";
import type { Message } from "../../crypto/envelope.js";
import { type DeliveryStatus, deliveryStatus } from "../../federation/outbox.js";
import type { NodeContext } from "../../server/node-context.js";
import { loadVisibleRequest } from "./request-record.js";

export type ReceivedMessage = {
  messageId: string;
  kind: string;
  from: string;
  receivedAt: string;
  body: Record<string, unknown>;
};

export type Correspondence = { sent: DeliveryStatus[]; received: ReceivedMessage[] };

export async function readCorrespondence(options: {
  context: NodeContext;
  actor: Actor;
  requestId: string;
}): Promise<Correspondence> {
  const { context } = options;
  const row = await loadVisibleRequest(context.db, options.actor, options.requestId);
  const [sent, inbox] = await Promise.all([
    deliveryStatus(context.db, row.id),
    context.db
      .selectFrom("inbox")
      .select(["message_id", "kind", "from_state", "received_at", "signed_message"])
      .where("local_request_id", "=", row.id)
      .orderBy("received_at")
      .orderBy("ledger_index")
      .execute(),
  ]);
  return {
    sent,
    received: inbox.map((m) => ({
      messageId: m.message_id,
      kind: m.kind,
      from: m.from_state,
      receivedAt: m.received_at,
      body: signedPayload(m.signed_message).body as Record<string, unknown>,
    })),
  };
}

/** The message inside a stored JWS. Its signature was checked when it was accepted; not again here. */
function signedPayload(jws: string): Message {
  const payload = jws.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Message;
}
