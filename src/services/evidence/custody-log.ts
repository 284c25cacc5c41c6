/**
 * Custody events: each one a ledger entry (`evidence.<event>`, subject the item id) appended in the
 * transaction of the change it records, and indexed in `custody_events` so an item's record is read
 * without scanning the log. `proveEntries` proves an item's entries against a freshly signed head:
 * what travels with a transmission and into a court bundle.
 */
import type { Transaction } from "kysely";
import { type Actor, actorName, SYSTEM } from "../../cases/roles.js";
import {
  type CustodyData,
  type CustodyEventName,
  custodyEntryType,
  type ProvenLedger,
} from "../../evidence/custody.js";
import type { Entry } from "../../ledger/entry.js";
import type { NodeContext } from "../../server/node-context.js";
import { appendToLedger, type Executor, readEntryRows } from "../../store/ledger-store.js";
import type { Database } from "../../store/schema.js";
import { inclusionProof } from "../ledger/read-ledger.js";
import { signLedgerHead } from "../ledger/sign-ledger-head.js";

export type CustodyStep = {
  itemId: string;
  event: CustodyEventName;
  actor: Actor;
  requestId: string;
  manifestSha256: string;
  purpose?: string | undefined;
  /** More facts for the entry (a message id, a peer): never secrets, never free text beyond the purpose. */
  extra?: Record<string, unknown>;
};

export async function appendCustody(
  trx: Transaction<Database>,
  context: NodeContext,
  steps: readonly CustodyStep[],
): Promise<Entry[]> {
  const now = context.clock.now();
  const entries = await appendToLedger(
    trx,
    context.storeKind,
    now,
    steps.map((step) => {
      const data: CustodyData & Record<string, unknown> = {
        requestId: step.requestId,
        manifestSha256: step.manifestSha256,
        state: context.config.state,
        ...(step.purpose === undefined ? {} : { purpose: step.purpose }),
        ...step.extra,
      };
      return {
        type: custodyEntryType(step.event),
        subject: step.itemId,
        actor: custodian(context, step.actor),
        data,
      };
    }),
  );
  await trx
    .insertInto("custody_events")
    .values(
      entries.map((entry, i) => ({
        ledger_index: entry.index,
        item_id: entry.subject,
        event: steps[i]?.event ?? "",
        actor: entry.actor,
        at: entry.time,
        purpose: steps[i]?.purpose ?? null,
      })),
    )
    .execute();
  return entries;
}

/** The ledger indexes of the items' custody events (of the events named, when given), in ledger order. */
export async function custodyIndexes(
  db: Executor,
  itemIds: readonly string[],
  events?: readonly CustodyEventName[],
): Promise<number[]> {
  if (itemIds.length === 0) return [];
  let query = db.selectFrom("custody_events").select("ledger_index").where("item_id", "in", itemIds);
  if (events !== undefined) query = query.where("event", "in", [...events]);
  const rows = await query.orderBy("ledger_index").execute();
  return rows.map((r) => Number(r.ledger_index));
}

/**
 * The entries at `indexes` with inclusion proofs against a tree head signed now (inside the
 * context's transaction when it has one, so entries appended in it are covered).
 */
export async function proveEntries(context: NodeContext, indexes: readonly number[]): Promise<ProvenLedger> {
  const head = await signLedgerHead({ context });
  const db: Executor = context.trx ?? context.db;
  const entries: ProvenLedger["entries"] = [];
  for (const index of indexes) {
    const [row] = await readEntryRows(db, index === 0 ? undefined : index - 1, 1);
    if (row === undefined || Number(row.idx) !== index) throw new Error(`ledger entry ${index} is missing`);
    const proof = await inclusionProof({ context, actor: SYSTEM, index, size: head.size });
    entries.push({ entry: JSON.parse(row.entry) as Entry, proof: proof.proof });
  }
  return {
    state: context.config.state,
    treeHead: {
      logId: head.logId,
      size: head.size,
      timestamp: head.timestamp,
      root: Buffer.from(head.root).toString("base64"),
      signature: head.signature,
    },
    entries,
  };
}

/** Who acted, as custody names them: a user, or this node itself (`node:XA`) for what it does alone. */
const custodian = (context: NodeContext, actor: Actor): string =>
  actor.kind === "system" ? `node:${context.config.state}` : actorName(actor);
