/**
 * The inbox: takes a sealed message from a peer, checks it (openEnvelope, with this node's key,
 * the peers' current keys and the inbox as replay store), applies its effect, records it in the
 * inbox and the ledger in one transaction, and answers with a sealed, signed receipt.
 *
 * The inbox is unique on message id. A byte-identical re-send of an accepted envelope (the sender
 * did not get our receipt) gets the original receipt again and changes nothing; the same id in
 * other bytes is a replay (ENVELOPE_REPLAYED). A refused message changes nothing.
 */
import { createHash, randomUUID } from "node:crypto";
import { SYSTEM } from "../cases/roles.js";
import { type Message, openEnvelope, sealMessage } from "../crypto/envelope.js";
import { EnvelopeError } from "../crypto/errors.js";
import type { NodeContext } from "../server/node-context.js";
import { inclusionProof } from "../services/ledger/read-ledger.js";
import { signLedgerHead } from "../services/ledger/sign-ledger-head.js";
import { isUniqueViolation } from "../store/database.js";
import { appendToLedger, type Executor, readEntries } from "../store/ledger-store.js";
import type { InboxTable } from "../store/schema.js";
import { type DeliveryPolicy, deliveryPolicyOf } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import { applyMessage } from "./message-effects.js";
import { openOptionsFor, ownSigningKeyId, recipientOf } from "./peer-keys.js";
import { receiptBody } from "./receipts.js";

export type InboxRow = InboxTable;

export type Accepted = {
  /** The sealed receipt: the same bytes for every copy of the message. */
  receipt: string;
  duplicate: boolean;
  messageId: string;
};

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export const findInboxRow = (db: Executor, messageId: string): Promise<InboxRow | undefined> =>
  db.selectFrom("inbox").selectAll().where("message_id", "=", messageId).executeTakeFirst();

/** Takes in one sealed message (attacker-controlled until openEnvelope has checked it). */
export async function acceptMessage(options: {
  context: NodeContext;
  sealed: unknown;
  policy?: DeliveryPolicy;
}): Promise<Accepted> {
  const { context } = options;
  const now = context.clock.now();
  const digest = typeof options.sealed === "string" ? sha256(options.sealed) : "";
  let earlier: InboxRow | undefined;
  let message: Message;
  let signedMessage: string;
  try {
    const policy = options.policy ?? deliveryPolicyOf(context.config);
    ({ message, signedMessage } = await openEnvelope(
      options.sealed,
      openOptionsFor(context, now, policy, async (id) => {
        earlier = await findInboxRow(context.db, id);
        return earlier !== undefined;
      }),
    ));
  } catch (error) {
    // Asked only after the signature verified: this is the sender's own envelope coming again.
    if (
      error instanceof EnvelopeError &&
      error.code === "ENVELOPE_REPLAYED" &&
      earlier?.envelope_sha256 === digest
    ) {
      return { receipt: await receiptFor(context, earlier), duplicate: true, messageId: earlier.message_id };
    }
    throw error;
  }
  if (message.kind === "receipt") {
    throw new FederationError("FEDERATION_REFUSED", "a receipt answers a message; it is not sent as one");
  }
  let row: InboxRow;
  try {
    row = await record(context, message, signedMessage, digest, now);
  } catch (error) {
    // Two copies at once: the first committed, this one lost at the primary key.
    if (!isUniqueViolation(error)) throw error;
    const first = await findInboxRow(context.db, message.id);
    if (first === undefined || first.envelope_sha256 !== digest) {
      throw new EnvelopeError("ENVELOPE_REPLAYED", `message ${message.id} was already received`);
    }
    return { receipt: await receiptFor(context, first), duplicate: true, messageId: first.message_id };
  }
  return { receipt: await receiptFor(context, row), duplicate: false, messageId: row.message_id };
}

/** The effect, the ledger entry the receipt proves and the inbox row, in one transaction. */
async function record(
  context: NodeContext,
  message: Message,
  signedMessage: string,
  digest: string,
  now: Date,
): Promise<InboxRow> {
  return context.db.transaction().execute(async (trx) => {
    const localRequestId = await applyMessage({ ...context, trx }, message);
    const [entry] = await appendToLedger(trx, context.storeKind, now, [
      {
        type: "message.received",
        subject: message.id,
        actor: `peer:${message.from}`,
        data: { messageId: message.id, from: message.from, kind: message.kind, requestId: localRequestId },
      },
    ]);
    if (entry === undefined) throw new Error("the ledger returned no entry for the message");
    const row: InboxRow = {
      message_id: message.id,
      from_state: message.from,
      kind: message.kind,
      envelope_sha256: digest,
      signed_message: signedMessage,
      received_at: now.toISOString(),
      ledger_index: entry.index,
      local_request_id: localRequestId,
      receipt: null,
    };
    await trx.insertInto("inbox").values(row).execute();
    return row;
  });
}

/**
 * The receipt for an accepted message: the one first issued, or, if none was kept (the node
 * stopped after the commit), a new one, kept so that every later copy gets the same bytes.
 */
async function receiptFor(context: NodeContext, row: InboxRow): Promise<string> {
  if (row.receipt !== null) return row.receipt;
  const index = Number(row.ledger_index);
  const [entry] = await readEntries(context.db, index, 1);
  if (entry === undefined || entry.index !== index) throw new Error(`ledger entry ${index} is missing`);
  const head = await signLedgerHead({ context });
  const proof = await inclusionProof({ context, actor: SYSTEM, index, size: head.size });
  const now = context.clock.now();
  const recipient = await recipientOf(context.db, row.from_state, now);
  const sealed = await sealMessage(
    {
      id: randomUUID(),
      kind: "receipt",
      from: context.config.state,
      to: row.from_state,
      created: now.toISOString(),
      inReplyTo: row.message_id,
      body: receiptBody(row.message_id, entry, head, proof.proof),
    },
    {
      signingKey: context.keys.signingPrivate,
      senderKeyId: ownSigningKeyId(context.keys),
      recipientKey: recipient.key,
      recipientKeyId: recipient.keyId,
    },
  );
  await context.db
    .updateTable("inbox")
    .set({ receipt: sealed })
    .where("message_id", "=", row.message_id)
    .where("receipt", "is", null)
    .execute();
  const kept = await findInboxRow(context.db, row.message_id);
  return kept?.receipt ?? sealed;
}
