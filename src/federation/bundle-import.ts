/**
 * Importing an offline bundle: each envelope goes through the inbox exactly as if it had been
 * POSTed (acceptMessage: checks, dedup by message id, effect, ledger, receipt), and each receipt
 * through the same intake as an HTTP answer (receipt-intake.ts). The receipts this node issues are
 * queued to travel back in the next bundle to the sender.
 *
 * The bundle as a whole is checked first — whole JSON, the format, addressed to us, from an active
 * peer, signed by a current key of its card — and refused with nothing changed if any check fails.
 * After that each item stands alone, as online: a message already received is answered from the
 * inbox with no new effect, and one the inbox refuses (expired, a transition no longer allowed)
 * changes nothing and is reported with its code while the others take effect.
 *
 * Last come the evidence chunks the bundle carries (bundle-evidence-import.ts), once the messages
 * that announced their items were taken in; each is kept only on the checks an online fetch makes.
 */

import type { NodeCard } from "../directory/node-card.js";
import { currentKeys, publicKeyOf } from "../directory/node-card-keys.js";
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";
import type { NodeContext } from "../server/node-context.js";
import { StoreError } from "../store/errors.js";
import { BundleError } from "./bundle-errors.js";
import { type EvidenceIntake, takeInCarriedChunks } from "./bundle-evidence-import.js";
import { type Bundle, bundleSignatureVerifies, parseBundle } from "./bundle-format.js";
import { type DeliveryPolicy, deliveryPolicyOf } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import { acceptMessage, findInboxRow } from "./inbox.js";
import { activePeerCard } from "./peer-keys.js";
import { checkReceiptFor, openReceipt, recordReceipt } from "./receipt-intake.js";

/** An item of the bundle refused alone; `index` is its place in the bundle's list of that item. */
export type Refusal = {
  item: "envelope" | "receipt" | "chunk";
  index: number;
  code: ErrorCode;
  reason: string;
};

export type ImportReport = {
  from: string;
  created: string;
  messages: { new: number; duplicate: number };
  receipts: { recorded: number; already: number };
  evidence: EvidenceIntake;
  refused: Refusal[];
};

export type ImportOptions = {
  context: NodeContext;
  /** The file's text, as read: nothing in it is trusted until the bundle's signature verifies. */
  text: string;
  policy?: DeliveryPolicy;
  /** Called after each item, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
};

export async function importBundle(options: ImportOptions): Promise<ImportReport> {
  const { context } = options;
  const policy = options.policy ?? deliveryPolicyOf(context.config);
  const { bundle, card } = await checkBundle(context, parseBundle(options.text));
  const report: ImportReport = {
    from: bundle.from,
    created: bundle.created,
    messages: { new: 0, duplicate: 0 },
    receipts: { recorded: 0, already: 0 },
    evidence: { stored: 0, already: 0, completed: [] },
    refused: [],
  };
  const chunks = bundle.chunks ?? [];
  const total = bundle.receipts.length + bundle.envelopes.length + chunks.length;
  let done = 0;
  // Receipts first: our message was taken in before the peer answered it.
  for (const [index, sealed] of bundle.receipts.entries()) {
    await refusedAs(report, "receipt", index, async () => {
      const recorded = await takeInBundledReceipt(context, sealed, card, policy);
      report.receipts[recorded ? "recorded" : "already"] += 1;
    });
    options.onProgress?.(++done, total);
  }
  for (const [index, sealed] of bundle.envelopes.entries()) {
    await refusedAs(report, "envelope", index, async () => {
      // As over a TLS connection: the bundle's signer vouches only for what it signed itself.
      const accepted = await acceptMessage({ context, sealed, policy, peer: bundle.from });
      await queueReceipt(context, accepted.messageId);
      report.messages[accepted.duplicate ? "duplicate" : "new"] += 1;
    });
    options.onProgress?.(++done, total);
  }
  report.evidence = await takeInCarriedChunks({
    context,
    from: bundle.from,
    chunks,
    attempt: (index, body) => refusedAs(report, "chunk", index, body),
    onChunk: () => options.onProgress?.(++done, total),
  });
  return report;
}

/** Addressed to us, from an active peer, signed by a signing key current on its card now. */
async function checkBundle(
  context: NodeContext,
  bundle: Bundle,
): Promise<{ bundle: Bundle; card: NodeCard }> {
  const own = context.config.state;
  if (bundle.to !== own) {
    throw new BundleError(
      "BUNDLE_NOT_FOR_US",
      `the bundle is addressed to ${bundle.to}, and this node is ${own}; nothing was imported`,
    );
  }
  const card = await activePeerCard(context.db, bundle.from);
  if (card === undefined) {
    throw new BundleError(
      "BUNDLE_UNKNOWN_SENDER",
      `the bundle comes from ${bundle.from}, which is not an active peer of ${own} (rogatory peer import first); nothing was imported`,
    );
  }
  const key = currentKeys(card, context.clock.now(), "sig").find((k) => k.kid === bundle.signature.kid);
  if (key === undefined || !bundleSignatureVerifies(bundle, publicKeyOf(key))) {
    throw new BundleError(
      "BUNDLE_BAD_SIGNATURE",
      `the bundle's signature does not verify with ${bundle.from}'s current signing key ${bundle.signature.kid}: the file was altered or forged; nothing was imported`,
    );
  }
  return { bundle, card };
}

/** A receipt the peer carried back: true when it recorded delivery, false when already recorded. */
async function takeInBundledReceipt(
  context: NodeContext,
  sealed: string,
  card: NodeCard,
  policy: DeliveryPolicy,
): Promise<boolean> {
  const now = context.clock.now();
  const receipt = await openReceipt(context, sealed, now, policy);
  const row = await context.db
    .selectFrom("outbox")
    .selectAll()
    .where("message_id", "=", receipt.message.inReplyTo ?? "")
    .where("peer_state", "=", card.state)
    .executeTakeFirst();
  if (row === undefined) {
    throw new FederationError(
      "FEDERATION_BAD_RECEIPT",
      `the receipt answers no message this node sent to ${card.state}`,
    );
  }
  if (row.delivered_at !== null) return false;
  checkReceiptFor(context, receipt, row, card, now);
  // Carrying a file is not an attempt over the network: the attempt count stays as it was.
  return recordReceipt(context, row, receipt, now, Number(row.attempts));
}

/** The inbox's receipt for the message, owed to its sender until a bundle carries it back. */
async function queueReceipt(context: NodeContext, messageId: string): Promise<void> {
  const row = await findInboxRow(context.db, messageId);
  if (row?.receipt == null) return;
  await context.db
    .insertInto("bundle_receipts")
    .values({
      message_id: row.message_id,
      peer_state: row.from_state,
      receipt: row.receipt,
      received_at: row.received_at,
      queued_at: context.clock.now().toISOString(),
    })
    .onConflict((conflict) => conflict.column("message_id").doNothing())
    .execute();
}

/**
 * Runs one item; a refusal of that item (any coded error but the store's own) is recorded in the
 * report and the import goes on, as the inbox would go on to the next POST. A store failure stops it.
 */
async function refusedAs(
  report: ImportReport,
  item: Refusal["item"],
  index: number,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof CodedError) || error instanceof StoreError) throw error;
    report.refused.push({ item, index, code: error.code, reason: error.message });
  }
}
