/**
 * The inbox: takes a sealed message from a peer, checks it (openEnvelope, with this node's key,
 * the peers' current keys and the inbox as replay store), then in one transaction applies its
 * effect, records it in the ledger, signs the tree head covering it, seals the receipt and keeps
 * message and receipt in the inbox; the answer is that receipt.
 *
 * The inbox is unique on message id. A byte-identical re-send of an accepted envelope (the sender
 * did not get our receipt) gets the original receipt again and changes nothing; the same id in
 * other bytes is a replay (ENVELOPE_REPLAYED). A refused message changes nothing.
 */
import { createHash, randomUUID } from "node:crypto";
import { SYSTEM } from "../cases/roles.js";
import { type Message, openEnvelope, sealMessage } from "../crypto/envelope.js";
import { EnvelopeError } from "../crypto/errors.js";
import type { Entry } from "../ledger/entry.js";
import type { NodeContext } from "../server/node-context.js";
import { executorOf } from "../services/in-transaction.js";
import { inclusionProof } from "../services/ledger/read-ledger.js";
import { signLedgerHead } from "../services/ledger/sign-ledger-head.js";
import { isUniqueViolation } from "../store/database.js";
import { appendToLedger, type Executor } from "../store/ledger-store.js";
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

/**
 * Takes in one sealed message (attacker-controlled until openEnvelope has checked it).
 *
 * `peer` is the State whose pinned certificate the TLS client presented: a message it carries
 * must be signed as that State (FEDERATION_PEER_MISMATCH otherwise, before the signature is even
 * checked), so that a peer cannot pass on what another State signed. It is absent only for an
 * offline bundle, which no connection authenticates: there the envelope's signature alone does.
 */
export async function acceptMessage(options: {
  context: NodeContext;
  sealed: unknown;
  policy?: DeliveryPolicy;
  peer?: string | undefined;
}): Promise<Accepted> {
  const { context } = options;
  const now = context.clock.now();
  const digest = typeof options.sealed === "string" ? sha256(options.sealed) : "";
  let earlier: InboxRow | undefined;
  let message: Message;
  let signedMessage: string;
  try {
    const policy = options.policy ?? deliveryPolicyOf(context.config);
    const open = openOptionsFor(context, now, policy, async (id) => {
      earlier = await findInboxRow(context.db, id);
      return earlier !== undefined;
    });
    ({ message, signedMessage } = await openEnvelope(options.sealed, {
      ...open,
      senderKeys: (state, kid) => {
        requireConnectionPeer(options.peer, state);
        return open.senderKeys(state, kid);
      },
    }));
  } catch (error) {
    // Asked only after the signature verified: this is the sender's own envelope coming again.
    if (
      error instanceof EnvelopeError &&
      error.code === "ENVELOPE_REPLAYED" &&
      earlier?.envelope_sha256 === digest
    ) {
      return { receipt: receiptFor(earlier), duplicate: true, messageId: earlier.message_id };
    }
    throw error;
  }
  requireConnectionPeer(options.peer, message.from);
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
    return { receipt: receiptFor(first), duplicate: true, messageId: first.message_id };
  }
  return { receipt: receiptFor(row), duplicate: false, messageId: row.message_id };
}

/** A message over a TLS connection must be signed as the State the connection authenticated. */
function requireConnectionPeer(peer: string | undefined, signer: string): void {
  if (peer !== undefined && signer !== peer) {
    throw new FederationError(
      "FEDERATION_PEER_MISMATCH",
      `the connection is authenticated as ${peer}, but the message is signed as ${signer}`,
    );
  }
}

/**
 * The effect, the ledger entry the receipt proves, the signed tree head covering it, the receipt
 * and the inbox row, in one transaction: one durable write per message, and a message is never
 * taken in without the receipt that every later copy of it will get.
 */
async function record(
  context: NodeContext,
  message: Message,
  signedMessage: string,
  digest: string,
  now: Date,
): Promise<InboxRow> {
  return context.db.transaction().execute(async (trx) => {
    const joined = { ...context, trx };
    const localRequestId = await applyMessage(joined, message);
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
      receipt: await sealReceipt(joined, message.id, message.from, entry),
    };
    await trx.insertInto("inbox").values(row).execute();
    return row;
  });
}

/** The receipt kept for an accepted message: the same bytes for every copy of it. */
function receiptFor(row: InboxRow): string {
  // record() stores every row with its receipt, in the same transaction.
  if (row.receipt === null) throw new Error(`inbox row ${row.message_id} has no receipt`);
  return row.receipt;
}

/** Signs a tree head covering `entry` and seals, to the sender, the receipt proving the entry in it. */
async function sealReceipt(
  context: NodeContext,
  messageId: string,
  from: string,
  entry: Entry,
): Promise<string> {
  const head = await signLedgerHead({ context });
  const proof = await inclusionProof({ context, actor: SYSTEM, index: entry.index, size: head.size });
  const now = context.clock.now();
  const recipient = await recipientOf(executorOf(context), from, now);
  return sealMessage(
    {
      id: randomUUID(),
      kind: "receipt",
      from: context.config.state,
      to: from,
      created: now.toISOString(),
      inReplyTo: messageId,
      body: receiptBody(messageId, entry, head, proof.proof),
    },
    {
      signingKey: context.keys.signingPrivate,
      senderKeyId: ownSigningKeyId(context.keys),
      recipientKey: recipient.key,
      recipientKeyId: recipient.keyId,
    },
  );
}
