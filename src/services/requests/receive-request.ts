/**
 * An incoming request, as the node records it when another State's request arrives: a case of its
 * own in the unit that receives requests (the 24/7 unit when urgent), state `received`, the
 * deadlines that start at receipt, and a ledger entry. Called by federation, never by a person.
 */
import { randomUUID } from "node:crypto";
import { deadlinesOnReceipt } from "../../cases/deadlines.js";
import { CasesError } from "../../cases/errors.js";
import { inUrgentQueue } from "../../cases/request-view.js";
import { SYSTEM } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { RequestDocumentSchema } from "../../treaty/request-document.js";
import { inTransaction } from "../in-transaction.js";
import { upsertDeadline } from "./perform-action.js";
import { kindOf, packOf, type RequestRecord, toRecord } from "./request-record.js";

export async function receiveRequest(options: {
  context: NodeContext;
  treaty: string;
  document: unknown;
  /** The requesting node's id for the request: answers name it by this id. */
  remoteRequestId?: string | undefined;
}): Promise<RequestRecord> {
  const { context } = options;
  const parsed = RequestDocumentSchema.safeParse(options.document);
  if (!parsed.success)
    throw new CasesError("BAD_REQUEST", `the incoming request is malformed: ${parsed.error.message}`);
  const document = parsed.data;
  if (document.requestedState !== context.config.state) {
    throw new CasesError(
      "BAD_REQUEST",
      `the request is addressed to ${document.requestedState}, not to ${context.config.state}`,
    );
  }
  const pack = packOf(context, options.treaty);
  const kind = kindOf(pack, document.kind);
  const urgent = inUrgentQueue(kind.urgentQueue, document.urgency);
  const unit = urgent ? context.config.units.urgent : context.config.units.incoming;
  const now = context.clock.now();
  const at = now.toISOString();
  const caseId = randomUUID();
  const row = {
    id: randomUUID(),
    case_id: caseId,
    direction: "incoming",
    kind: document.kind,
    state: "received",
    treaty: pack.id,
    requesting_state: document.requestingState,
    requested_state: document.requestedState,
    urgency: document.urgency,
    urgent_queue: urgent ? 1 : 0,
    unit,
    reference: document.reference,
    document: JSON.stringify(document),
    remote_request_id: options.remoteRequestId ?? null,
    drafted_by: null,
    approved_by: null,
    version: 1,
    created_at: at,
    updated_at: at,
  };
  const deadlineCitation = pack.rules.find((r) => r.check === "deadline-reasons")?.citation ?? kind.citation;
  await inTransaction(context, async (trx) => {
    if (options.remoteRequestId !== undefined) {
      const known = await trx
        .selectFrom("requests")
        .select("id")
        .where("requesting_state", "=", document.requestingState)
        .where("remote_request_id", "=", options.remoteRequestId)
        .executeTakeFirst();
      if (known) {
        throw new CasesError(
          "CONFLICT",
          `${document.requestingState} already sent request ${options.remoteRequestId} (here ${known.id})`,
        );
      }
    }
    await trx
      .insertInto("cases")
      .values({
        id: caseId,
        reference: `${document.requestingState}/${document.reference}/${row.id.slice(0, 8)}`,
        title: `Incoming ${document.kind} from ${document.requestingState}`,
        unit,
        created_by: "system",
        created_at: at,
      })
      .execute();
    await trx.insertInto("requests").values(row).execute();
    for (const plan of deadlinesOnReceipt(kind, document, now, deadlineCitation))
      await upsertDeadline(trx, row.id, plan);
    await appendToLedger(trx, context.storeKind, now, [
      {
        type: "request.received",
        subject: row.id,
        actor: "system",
        data: { from: document.requestingState, kind: document.kind, reference: document.reference, urgent },
      },
    ]);
  });
  return toRecord(row, SYSTEM);
}
