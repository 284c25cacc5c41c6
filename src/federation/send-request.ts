/**
 * Sends an approved outgoing request: the system's `send` action, which moves it from `approved`
 * to `sent` and, in the same transaction, seals the `request` message to the requested State into
 * the outbox (action-messages.ts). Either both happen or neither.
 *
 * Called by the delivery tick for every approved outgoing request rather than by `approve` itself:
 * approving stays an officer's action that needs no peer, and a node that stops between the
 * approval and the send picks the request up again at its next tick. `performAction` checks the
 * state and the version: of two ticks racing, one sends and the other rolls back with its message.
 */
import { SYSTEM } from "../cases/roles.js";
import type { NodeContext } from "../server/node-context.js";
import { performAction } from "../services/requests/perform-action.js";
import type { RequestRecord } from "../services/requests/request-record.js";

export function sendRequest(options: { context: NodeContext; requestId: string }): Promise<RequestRecord> {
  return performAction({
    context: options.context,
    actor: SYSTEM,
    requestId: options.requestId,
    action: "send",
  });
}

/** Sends every approved outgoing request to an active peer; one that fails is logged and left approved. */
export async function sendApprovedRequests(
  context: NodeContext,
  log: { warn(details: object, message: string): void },
): Promise<number> {
  // Only to active peers: a request for a State not yet trusted waits, approved, without a
  // warning every tick.
  const approved = await context.db
    .selectFrom("requests")
    .innerJoin("peers", "peers.state", "requests.requested_state")
    .select("requests.id")
    .where("requests.direction", "=", "outgoing")
    .where("requests.state", "=", "approved")
    .where("peers.status", "=", "active")
    .orderBy("requests.updated_at")
    .execute();
  let sent = 0;
  for (const { id } of approved) {
    try {
      await sendRequest({ context, requestId: id });
      sent += 1;
    } catch (err) {
      log.warn({ err, requestId: id }, "an approved request could not be sent yet");
    }
  }
  return sent;
}
