/**
 * Preservation about to expire: when the reminder for an incoming preservation falls due, the
 * requesting State is warned (`preservation-expiring`) in the transaction that raises the
 * reminder, so that it can ask for an extension or send its follow-up request in time
 * (UNCC Art 42(7), Budapest Art 29(7): preservation lasts at least 60 days so that the requesting
 * State can send its request for the data).
 * A State that is no longer an active peer cannot be told; the reminder is still raised here.
 */
import type { Transaction } from "kysely";
import type { NodeContext } from "../server/node-context.js";
import type { Database } from "../store/schema.js";
import { enqueueMessage } from "./outbox.js";
import { activePeerCard } from "./peer-keys.js";

export async function warnOfExpiringPreservations(
  trx: Transaction<Database>,
  context: NodeContext,
  deadlineIds: readonly string[],
): Promise<number> {
  if (deadlineIds.length === 0) return 0;
  const expiring = await trx
    .selectFrom("deadlines")
    .innerJoin("requests", "requests.id", "deadlines.request_id")
    .select(["requests.id", "requests.requesting_state", "requests.remote_request_id", "deadlines.due_at"])
    .where("deadlines.id", "in", deadlineIds)
    .where("deadlines.kind", "=", "preservation-expiry")
    .where("requests.direction", "=", "incoming")
    .where("requests.remote_request_id", "is not", null)
    .execute();
  let warned = 0;
  for (const row of expiring) {
    if ((await activePeerCard(trx, row.requesting_state)) === undefined) continue;
    await enqueueMessage(trx, context, {
      to: row.requesting_state,
      kind: "preservation-expiring",
      requestId: row.id,
      body: { requestId: row.remote_request_id as string, expires: row.due_at.slice(0, 10) },
    });
    warned += 1;
  }
  return warned;
}
