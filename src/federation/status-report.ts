/**
 * The answer to a progress inquiry (UNCC Art 40(25): the requested State answers reasonable
 * inquiries on progress): a `status-update` with the request's state, sealed in the
 * transaction that accepts the inquiry. A request whose state is a decision has already been
 * answered by a `decision` message; the inquiry is then kept for an officer to answer in words.
 */
import { REPORTED_STATUSES } from "../crypto/envelope-kinds.js";
import type { NodeContext } from "../server/node-context.js";
import { inTransaction } from "../services/in-transaction.js";
import type { RequestRow } from "../services/requests/request-record.js";
import { enqueueMessage } from "./outbox.js";

type Reported = (typeof REPORTED_STATUSES)[number];
const REPORTABLE: ReadonlySet<string> = new Set(REPORTED_STATUSES);

export async function statusReport(context: NodeContext, row: RequestRow): Promise<void> {
  if (row.remote_request_id === null || !REPORTABLE.has(row.state)) return;
  const requestId = row.remote_request_id;
  await inTransaction(context, (trx) =>
    enqueueMessage(trx, context, {
      to: row.requesting_state,
      kind: "status-update",
      requestId: row.id,
      body: { requestId, status: row.state as Reported },
    }),
  );
}
