/**
 * One round of the node's federation job: send the requests approved since the last round, then
 * deliver what is due, then check the tree heads peers sent with their receipts (split views).
 * Rounds never overlap: a round still waiting on a slow peer makes the next one a no-op, so one
 * message is never in flight twice from the same node.
 */
import type { NodeContext } from "../server/node-context.js";
import { type DeliveryOptions, deliverDue } from "./delivery-worker.js";
import { httpTransport } from "./http-transport.js";
import { auditPeerHeads } from "./peer-heads.js";
import { sendApprovedRequests } from "./send-request.js";

type Log = { warn(details: object, message: string): void; error?(details: object, message: string): void };

export function deliveryTick(
  context: NodeContext,
  log: Log,
  options: Partial<Omit<DeliveryOptions, "context" | "log">> = {},
): () => Promise<void> {
  const transport = options.transport ?? httpTransport({ context });
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    try {
      await sendApprovedRequests(context, log);
      await deliverDue({ ...options, context, transport, log });
      // After delivery, so the heads that just came with receipts are checked in the same round.
      await auditPeerHeads(context, transport, { ...options, log });
    } finally {
      running = false;
    }
  };
}
