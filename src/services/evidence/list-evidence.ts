/**
 * The evidence of one request as an officer's screen shows it: each item with where it stands, what
 * it is (name, media type, size, SHA-256) and who acquired it (origin State), and its custody record:
 * the events this node's ledger holds (indexed in `custody_events`) and, for an item received from
 * another State, the sender's events as they travelled with the transmission (proven against the
 * sender's signed tree head when the item arrived). Never the wrapped key or the manifest itself.
 */
import type { Actor } from "../../cases/roles.js";
import { type CustodyEventName, custodyEventOf, type ProvenLedger } from "../../evidence/custody.js";
import type { NodeContext } from "../../server/node-context.js";
import { executorOf } from "../in-transaction.js";
import { loadVisibleRequest } from "../requests/request-record.js";
import { type EvidenceItemRow, requirePermission } from "./evidence-item.js";
import type { CustodyEventView, EvidenceItemView } from "./evidence-views.js";

export async function listEvidence(
  context: NodeContext,
  actor: Actor,
  requestId: string,
): Promise<EvidenceItemView[]> {
  const db = executorOf(context);
  const request = await loadVisibleRequest(db, actor, requestId);
  requirePermission(actor, "evidence.list", request);
  const items = await db
    .selectFrom("evidence_items")
    .selectAll()
    .where("request_id", "=", request.id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  if (items.length === 0) return [];
  const events = await db
    .selectFrom("custody_events")
    .selectAll()
    .where(
      "item_id",
      "in",
      items.map((item) => item.id),
    )
    .orderBy("ledger_index")
    .execute();
  const byItem = new Map<string, CustodyEventView[]>();
  for (const row of events) {
    const list = byItem.get(row.item_id) ?? [];
    list.push({
      event: row.event,
      actor: row.actor,
      at: row.at,
      purpose: row.purpose,
      ledgerIndex: Number(row.ledger_index),
    });
    byItem.set(row.item_id, list);
  }
  const counts = await db
    .selectFrom("evidence_chunks")
    .select([
      "item_id",
      (eb) => eb.fn.countAll<number>().as("total"),
      (eb) => eb.fn.sum<number>("present").as("present"),
    ])
    .where(
      "item_id",
      "in",
      items.map((item) => item.id),
    )
    .groupBy("item_id")
    .execute();
  const chunksOf = (id: string) => {
    const found = counts.find((c) => c.item_id === id);
    return { present: Number(found?.present ?? 0), total: Number(found?.total ?? 0) };
  };
  return items.map((item) => viewOf(item, byItem.get(item.id) ?? [], chunksOf(item.id)));
}

function viewOf(
  item: EvidenceItemRow,
  custody: CustodyEventView[],
  chunks: EvidenceItemView["chunks"],
): EvidenceItemView {
  return {
    id: item.id,
    requestId: item.request_id,
    direction: item.direction,
    state: item.state,
    fileName: item.file_name,
    mediaType: item.media_type,
    size: item.size === null ? null : Number(item.size),
    sha256: item.sha256,
    manifestSha256: item.manifest_sha256,
    originState: item.origin_state,
    createdAt: item.created_at,
    updatedAt: item.updated_at,
    chunks,
    lastFetchError: item.last_fetch_error,
    custody,
    senderCustody: item.peer_custody === null ? null : senderCustodyOf(item.id, item.peer_custody),
  };
}

/** The sender's custody entries for this item, read from the proven ledger that came with it. */
function senderCustodyOf(itemId: string, stored: string): EvidenceItemView["senderCustody"] {
  const proven = JSON.parse(stored) as ProvenLedger;
  const events: CustodyEventView[] = [];
  for (const { entry } of proven.entries) {
    const event: CustodyEventName | undefined = custodyEventOf(entry);
    if (event === undefined || entry.subject !== itemId) continue;
    const purpose = entry.data.purpose;
    events.push({
      event,
      actor: entry.actor,
      at: entry.time,
      purpose: typeof purpose === "string" ? purpose : null,
      ledgerIndex: entry.index,
    });
  }
  return { state: proven.state, events };
}
