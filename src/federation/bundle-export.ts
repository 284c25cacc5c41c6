/**
 * Exporting an offline bundle for one peer: every message still waiting for that State's receipt,
 * byte for byte as sealed in the outbox, and the receipts owed to it for messages that came by
 * bundle. Exporting marks nothing delivered: a message counts as delivered only when its receipt
 * comes back (the same rule as online), so a lost file loses nothing and the next export carries it
 * all again. It first sends approved requests (as the node's next tick would), so that they travel.
 * An evidence transmission travels with its item's encrypted chunks, within the file size cap
 * (bundle-evidence-export.ts); one that does not fit stays pending for a later bundle and is named.
 */
import type { NodeContext } from "../server/node-context.js";
import { bundleBaseBytes, bundleEvidence, type HeldBackItem } from "./bundle-evidence-export.js";
import { BUNDLE_FORMAT, type Bundle, MAX_BUNDLE_BYTES, signBundle } from "./bundle-format.js";
import { type DeliveryPolicy, deliveryPolicyOf } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import type { Log } from "./log.js";
import { activePeerCard } from "./peer-keys.js";
import { sendApprovedRequests } from "./send-request.js";

export type ExportedBundle = {
  bundle: Bundle;
  /** Pending messages older than the retry horizon: the peer would refuse them as expired. */
  expired: number;
  /** Evidence transmissions left pending because their chunks did not fit (or never can). */
  heldBack: HeldBackItem[];
};

export async function exportBundle(options: {
  context: NodeContext;
  to: string;
  policy?: DeliveryPolicy;
  log: Log;
  /** The largest file to write; MAX_BUNDLE_BYTES unless a test needs a small one. */
  maxBytes?: number;
}): Promise<ExportedBundle> {
  const { context, to } = options;
  if (to === context.config.state || (await activePeerCard(context.db, to)) === undefined) {
    throw new FederationError("FEDERATION_NO_PEER", `${to} is not an active peer of ${context.config.state}`);
  }
  // What the running node's next tick would do first: approved requests become sealed messages.
  await sendApprovedRequests(context, options.log);
  const now = context.clock.now();
  const policy = options.policy ?? deliveryPolicyOf(context.config);
  const oldest = new Date(now.getTime() - policy.horizonMs).toISOString();
  const pending = await context.db
    .selectFrom("outbox")
    .select(["message_id", "kind", "sealed", "signed_message", "created_at"])
    .where("peer_state", "=", to)
    .where("delivered_at", "is", null)
    .where("gave_up_at", "is", null)
    .orderBy("created_at")
    .orderBy("seq")
    .orderBy("message_id")
    .execute();
  const current = pending.filter((row) => row.created_at > oldest);
  const receipts = await context.db
    .selectFrom("bundle_receipts")
    .select("receipt")
    .where("peer_state", "=", to)
    .where("received_at", ">", oldest)
    .orderBy("received_at")
    .orderBy("message_id")
    .execute();
  const baseBytes = bundleBaseBytes([...current.map((r) => r.sealed), ...receipts.map((r) => r.receipt)]);
  const { chunks, heldBack } = await bundleEvidence(
    context,
    current,
    baseBytes,
    options.maxBytes ?? MAX_BUNDLE_BYTES,
  );
  const waiting = new Set(heldBack.map((item) => item.messageId));
  const bundle = signBundle(
    {
      format: BUNDLE_FORMAT,
      from: context.config.state,
      to,
      created: now.toISOString(),
      envelopes: current.filter((row) => !waiting.has(row.message_id)).map((row) => row.sealed),
      receipts: receipts.map((row) => row.receipt),
      ...(chunks.length > 0 ? { chunks } : {}),
    },
    context.keys.signingPrivate,
  );
  return { bundle, expired: pending.length - current.length, heldBack };
}
