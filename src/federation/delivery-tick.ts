/**
 * One round of the node's federation job: send the requests approved since the last round, then
 * deliver what is due, fetch the chunks of evidence being received, then check the tree heads peers sent with their receipts (split views).
 * Rounds never overlap: a round still waiting on a slow peer makes the next one a no-op, so one
 * message is never in flight twice from the same node.
 */
import type { NodeContext } from "../server/node-context.js";
import { type DeliveryOptions, deliverDue } from "./delivery-worker.js";
import { fetchEvidence } from "./evidence-fetch.js";
import { httpTransport, type Transport } from "./http-transport.js";
import type { Log } from "./log.js";
import { auditPeerHeads } from "./peer-heads.js";
import { sendApprovedRequests } from "./send-request.js";

/** Runs one round; `close` waits for the round in flight and lets no other start. */
export type DeliveryTick = (() => Promise<void>) & {
  /**
   * Waits for the round in flight, then closes the transport if the tick made it (a transport
   * passed in stays the caller's to close). Call it before closing the store the round writes to.
   */
  close(): Promise<void>;
};

export function deliveryTick(
  context: NodeContext,
  log: Log,
  options: Partial<Omit<DeliveryOptions, "context" | "log">> = {},
): DeliveryTick {
  const { transport, release } = chooseTransport(context, options.transport);
  let round: Promise<void> | undefined;
  let closed = false;
  const run = async () => {
    await sendApprovedRequests(context, log);
    await deliverDue({ ...options, context, transport, log });
    if (context.blobs !== undefined) await fetchEvidence(context, transport, log);
    // After delivery, so the heads that just came with receipts are checked in the same round.
    await auditPeerHeads(context, transport, { ...options, log });
  };
  const tick = async () => {
    if (closed || round !== undefined) return;
    round = run().finally(() => {
      round = undefined;
    });
    await round;
  };
  return Object.assign(tick, {
    close: async () => {
      closed = true;
      // The round's own failure was reported to whoever ran it.
      await round?.catch(() => undefined);
      release();
    },
  });
}

/** The caller's transport, kept open; or a keep-alive one of our own, closed on `release`. */
function chooseTransport(
  context: NodeContext,
  given: Transport | undefined,
): { transport: Transport; release(): void } {
  if (given !== undefined) return { transport: given, release: () => undefined };
  const made = httpTransport({ context });
  return { transport: made, release: () => made.close() };
}
