/**
 * Taking in a peer's receipt for one of our messages, whichever way it came: in the answer to an
 * HTTP delivery (delivery-worker.ts) or carried back in an offline bundle (bundle-import.ts). Both
 * paths open it the same way, check it the same way and record it the same way, so a receipt
 * proves delivery equally whatever carried it.
 */
import { SYSTEM } from "../cases/roles.js";
import { type MessageOf, openEnvelope } from "../crypto/envelope.js";
import type { NodeCard } from "../directory/node-card.js";
import type { NodeContext } from "../server/node-context.js";
import { performAction } from "../services/requests/perform-action.js";
import { appendToLedger } from "../store/ledger-store.js";
import type { DeliveryPolicy } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import type { OutboxRow } from "./outbox.js";
import { recordPeerHead } from "./peer-heads.js";
import { openOptionsFor } from "./peer-keys.js";
import { verifyReceipt } from "./receipts.js";

export type CheckedReceipt = { sealed: string; message: MessageOf<"receipt"> };

/**
 * Opens a sealed receipt: it must be a `receipt` message sealed to us and signed by a current key
 * of the State it claims. Which message it answers is checked by `checkReceiptFor`.
 */
export async function openReceipt(
  context: NodeContext,
  sealed: unknown,
  now: Date,
  policy: DeliveryPolicy,
): Promise<CheckedReceipt> {
  // The receipt may be the one first issued, long ago: no replay check, recording is idempotent.
  const { message } = await openEnvelope(
    sealed,
    openOptionsFor(context, now, policy, () => false),
  );
  if (message.kind !== "receipt") {
    throw new FederationError("FEDERATION_BAD_RECEIPT", `a ${message.kind} message is not a receipt`);
  }
  return { sealed: sealed as string, message };
}

/** Checks that `receipt` is the peer's proof that it logged our outbox message `row` (receipts.ts). */
export function checkReceiptFor(
  context: NodeContext,
  receipt: CheckedReceipt,
  row: OutboxRow,
  card: NodeCard,
  now: Date,
): void {
  const { message } = receipt;
  if (message.from !== row.peer_state || message.inReplyTo !== row.message_id) {
    throw new FederationError(
      "FEDERATION_BAD_RECEIPT",
      `the answer is not ${row.peer_state}'s receipt for this message`,
    );
  }
  verifyReceipt(message.body, { messageId: row.message_id, from: context.config.state, card, now });
}

/**
 * Keeps a checked receipt and records delivery, once: true when this call recorded it, false when
 * the message was already delivered (a second worker, or the same receipt carried twice).
 * `attempts` is what the outbox row's attempt count becomes.
 */
export async function recordReceipt(
  context: NodeContext,
  row: OutboxRow,
  receipt: CheckedReceipt,
  now: Date,
  attempts: number,
): Promise<boolean> {
  const at = now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("outbox")
      .set({
        delivered_at: at,
        attempts,
        last_error: null,
        receipt: JSON.stringify({ body: receipt.message.body, sealed: receipt.sealed }),
      })
      .where("message_id", "=", row.message_id)
      .where("delivered_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    const head = receipt.message.body.treeHead;
    await appendToLedger(trx, context.storeKind, now, [
      {
        type: "message.delivered",
        subject: row.request_id ?? row.message_id,
        actor: "system",
        data: {
          messageId: row.message_id,
          to: row.peer_state,
          kind: row.kind,
          receiptId: receipt.message.id,
          peerEntry: receipt.message.body.entry.index,
          peerTreeHead: { logId: head.logId, size: head.size, root: head.root },
        },
      },
    ]);
    // Kept with the receipt, checked against the peer's other heads by auditPeerHeads.
    await recordPeerHead(trx, { peerState: row.peer_state, messageId: row.message_id, head, receivedAt: at });
    // Only from `sent`: the peer's acknowledgement may have arrived first, and it says more.
    const request =
      row.kind === "request" && row.request_id !== null
        ? await trx.selectFrom("requests").select("state").where("id", "=", row.request_id).executeTakeFirst()
        : undefined;
    if (request?.state === "sent" && row.request_id !== null) {
      await performAction({
        context: { ...context, trx },
        actor: SYSTEM,
        requestId: row.request_id,
        action: "record-delivery",
      });
    }
    return true;
  });
}
