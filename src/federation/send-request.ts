/**
 * Sends an approved outgoing request: in one transaction, seals a `request` message to the
 * requested State, puts it in the outbox and moves the request from `approved` to `sent` (the
 * system's `send` action). Either all three happen or none.
 *
 * Called by the delivery tick for every approved outgoing request rather than by `approve` itself:
 * approving stays an officer's action that needs no peer, and a node that stops between the
 * approval and the send picks the request up again at its next tick.
 */
import { SYSTEM } from "../cases/roles.js";
import type { MessageBody } from "../crypto/envelope.js";
import type { NodeContext } from "../server/node-context.js";
import { performAction } from "../services/requests/perform-action.js";
import type { RequestRecord } from "../services/requests/request-record.js";
import { enqueueMessage } from "./outbox.js";

export async function sendRequest(options: {
  context: NodeContext;
  requestId: string;
}): Promise<RequestRecord> {
  const { context } = options;
  return context.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("requests")
      .selectAll()
      .where("id", "=", options.requestId)
      .executeTakeFirstOrThrow();
    const body: MessageBody<"request"> = {
      requestId: row.id,
      treaty: row.treaty,
      document: JSON.parse(row.document) as Record<string, unknown>,
    };
    await enqueueMessage(trx, context, { to: row.requested_state, kind: "request", body, requestId: row.id });
    // performAction checks the state (approved, outgoing) and the version: of two ticks racing,
    // one sends and the other rolls back, its sealed message with it.
    return performAction({
      context: { ...context, trx },
      actor: SYSTEM,
      requestId: row.id,
      action: "send",
    });
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
