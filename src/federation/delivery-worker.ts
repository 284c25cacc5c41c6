/**
 * The delivery worker: sends every due outbox message, byte for byte as sealed, and keeps the
 * peer's receipt once it has checked it (sealed by the peer to us, then verifyReceipt). A failed
 * attempt — peer down, an error answer, a receipt that proves nothing — is retried with capped
 * exponential back-off and jitter; past the retry horizon the message is marked "not delivered",
 * on the request's ledger trail too. A delivered `request` moves the request to `delivered`.
 */
import type { NodeContext } from "../server/node-context.js";
import { appendToLedger } from "../store/ledger-store.js";
import { type DeliveryPolicy, deliveryPolicyOf, retryDelayMs } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import { JOSE_MEDIA_TYPE, type Transport } from "./http-transport.js";
import type { OutboxRow } from "./outbox.js";
import { activePeerCard, messagesUrl } from "./peer-keys.js";
import { type CheckedReceipt, checkReceiptFor, openReceipt, recordReceipt } from "./receipt-intake.js";

export type DeliveryOptions = {
  context: NodeContext;
  transport: Transport;
  policy?: DeliveryPolicy;
  /** [0, 1): the jitter's source; Math.random unless a test fixes it. */
  random?: () => number;
  log?: { warn(details: object, message: string): void };
};

export type DeliveryOutcome = "delivered" | "retry" | "not-delivered";

/** Attempts the messages due now; returns what became of each one attempted, by message id. */
export async function deliverDue(options: DeliveryOptions): Promise<Map<string, DeliveryOutcome>> {
  const now = options.context.clock.now().toISOString();
  const due = await options.context.db
    .selectFrom("outbox")
    .selectAll()
    .where("delivered_at", "is", null)
    .where("gave_up_at", "is", null)
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("seq")
    .execute();
  const outcomes = new Map<string, DeliveryOutcome>();
  // One failed attempt per peer and round: a peer that is down (or slow to time out) costs one
  // wait, not one per message, and does not hold up delivery to the others. Its other messages
  // stay due; the one tried waits its back-off, so the next round tries another.
  const failing = new Set<string>();
  for (const row of due) {
    if (failing.has(row.peer_state)) continue;
    const outcome = await attempt(options, row);
    outcomes.set(row.message_id, outcome);
    if (outcome === "retry") failing.add(row.peer_state);
  }
  return outcomes;
}

async function attempt(options: DeliveryOptions, row: OutboxRow): Promise<DeliveryOutcome> {
  const { context } = options;
  const policy = options.policy ?? deliveryPolicyOf(context.config);
  const now = context.clock.now();
  if (now.getTime() - Date.parse(row.created_at) >= policy.horizonMs) {
    await giveUp(context, row, now);
    return "not-delivered";
  }
  try {
    const receipt = await send(context, options.transport, row, now, policy);
    await recordReceipt(context, row, receipt, now, Number(row.attempts) + 1);
    return "delivered";
  } catch (error) {
    const failures = Number(row.attempts) + 1;
    const delay = retryDelayMs(policy, failures, options.random ?? Math.random);
    const reason = error instanceof Error ? error.message : String(error);
    options.log?.warn({ err: error, messageId: row.message_id, peer: row.peer_state }, "delivery failed");
    await context.db
      .updateTable("outbox")
      .set({
        attempts: failures,
        next_attempt_at: new Date(now.getTime() + delay).toISOString(),
        last_error: reason.slice(0, 1000),
      })
      .where("message_id", "=", row.message_id)
      .execute();
    return "retry";
  }
}

/** One POST of the stored envelope, and the receipt in the answer opened and verified. */
async function send(
  context: NodeContext,
  transport: Transport,
  row: OutboxRow,
  now: Date,
  policy: DeliveryPolicy,
): Promise<CheckedReceipt> {
  const card = await activePeerCard(context.db, row.peer_state);
  if (card === undefined)
    throw new FederationError("FEDERATION_NO_PEER", `${row.peer_state} is not an active peer`);
  const answer = await transport.send(messagesUrl(card), row.sealed);
  if (answer.status !== 200 || !answer.contentType.startsWith(JOSE_MEDIA_TYPE)) {
    throw new Error(`${row.peer_state} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  // The receipt may be the one first issued, long ago, if our earlier attempt lost the answer.
  const receipt = await openReceipt(context, answer.body, now, policy);
  checkReceiptFor(context, receipt, row, card, now);
  return receipt;
}

/** Past the horizon: "not delivered", on the outbox row and in the request's ledger trail. */
async function giveUp(context: NodeContext, row: OutboxRow, now: Date): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("outbox")
      .set({ gave_up_at: now.toISOString() })
      .where("message_id", "=", row.message_id)
      .where("delivered_at", "is", null)
      .where("gave_up_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await appendToLedger(trx, context.storeKind, now, [
      {
        type: "message.not-delivered",
        subject: row.request_id ?? row.message_id,
        actor: "system",
        data: {
          messageId: row.message_id,
          to: row.peer_state,
          kind: row.kind,
          attempts: Number(row.attempts),
        },
      },
    ]);
  });
}
