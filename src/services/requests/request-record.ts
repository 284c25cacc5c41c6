/**
 * Reading requests from the store and shaping them for callers: the row, the domain's view of it,
 * and the record the API returns, which always carries the actions this person may take next.
 */
import type { Kysely, Transaction, Updateable } from "kysely";
import { availableActions } from "../../cases/decide-transition.js";
import { CasesError } from "../../cases/errors.js";
import type { Direction, RequestState } from "../../cases/lifecycle.js";
import { can } from "../../cases/permissions.js";
import type { RequestView } from "../../cases/request-view.js";
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import type { Database, RequestsTable } from "../../store/schema.js";
import type { KindDefinition, Pack } from "../../treaty/pack-schema.js";
import { type RequestDocument, RequestDocumentSchema } from "../../treaty/request-document.js";

export type RequestRow = RequestsTable;

export type RequestRecord = {
  id: string;
  caseId: string;
  direction: Direction;
  kind: string;
  state: RequestState;
  treaty: string;
  requestingState: string;
  requestedState: string;
  urgency: RequestView["urgency"];
  urgentQueue: boolean;
  unit: string;
  reference: string;
  document: unknown;
  draftedBy: string | null;
  approvedBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** What this person may do next; the UI shows exactly these and derives nothing. */
  actions: string[];
};

export function toView(row: RequestRow): RequestView {
  return {
    id: row.id,
    direction: row.direction as Direction,
    kind: row.kind,
    state: row.state as RequestState,
    urgency: row.urgency as RequestView["urgency"],
    urgentQueue: row.urgent_queue === 1,
    draftedBy: row.drafted_by,
    unit: row.unit,
  };
}

export function toRecord(row: RequestRow, actor: Actor): RequestRecord {
  const view = toView(row);
  return {
    id: row.id,
    caseId: row.case_id,
    direction: view.direction,
    kind: row.kind,
    state: view.state,
    treaty: row.treaty,
    requestingState: row.requesting_state,
    requestedState: row.requested_state,
    urgency: view.urgency,
    urgentQueue: view.urgentQueue,
    unit: row.unit,
    reference: row.reference,
    document: JSON.parse(row.document),
    draftedBy: row.drafted_by,
    approvedBy: row.approved_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    actions: availableActions(actor, view),
  };
}

/**
 * Loads a request the actor may see. A request they may not see answers exactly like one that
 * does not exist, so need-to-know leaks nothing about other units' work.
 */
export async function loadVisibleRequest(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  id: string,
): Promise<RequestRow> {
  const row = await db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || !can(actor, "request.read", { unit: row.unit, urgentQueue: row.urgent_queue === 1 })) {
    throw new CasesError("NOT_FOUND", "no such request");
  }
  return row;
}

export function packOf(context: NodeContext, treaty: string): Pack {
  const pack = context.treaties.pack(treaty);
  if (!pack) throw new CasesError("NOT_FOUND", `no treaty pack "${treaty}" on this node`);
  return pack;
}

export function kindOf(pack: Pack, kind: string): KindDefinition {
  const definition = pack.kinds.find((k) => k.id === kind);
  if (!definition) throw new CasesError("NOT_FOUND", `the ${pack.id} pack has no kind "${kind}"`);
  return definition;
}

/** Documents in the store were checked when written; a row that no longer parses is a fault, not input. */
export function storedDocument(row: RequestRow): RequestDocument {
  return RequestDocumentSchema.parse(JSON.parse(row.document));
}

/**
 * Optimistic concurrency: the update applies only if nobody changed the request since `version`
 * was read; otherwise the caller is told to reload, and the transaction rolls back.
 */
export async function updateRequestAtVersion(
  trx: Transaction<Database>,
  id: string,
  version: number,
  changes: Updateable<RequestsTable>,
): Promise<void> {
  const result = await trx
    .updateTable("requests")
    .set(changes)
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new CasesError("CONFLICT", "the request changed since you read it; reload it");
}
