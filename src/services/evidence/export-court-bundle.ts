/**
 * `rogatory evidence export`: everything a court needs about a request's evidence in one file —
 * the files, their signed manifests, the custody record proven in both nodes' ledgers, the signed
 * messages received and the receipts for those sent, and the CASE/UCO rendering of the custody —
 * written by src/evidence/court-bundle-write.ts and checked offline by `evidence verify`.
 *
 * The export is itself a custody event: `exported` is recorded per item with the stated purpose
 * (after the use limitation passed) before anything is written, and is among the entries proven.
 */
import { CasesError } from "../../cases/errors.js";
import type { Actor } from "../../cases/roles.js";
import { custodyToCaseUco } from "../../evidence/case-uco.js";
import type { CourtBundleContents } from "../../evidence/court-bundle-format.js";
import { writeCourtBundle } from "../../evidence/court-bundle-write.js";
import type { ProvenLedger } from "../../evidence/custody.js";
import { buildCustodyRecord, entriesByState } from "../../evidence/custody-record.js";
import { EvidenceError } from "../../evidence/errors.js";
import { readEvidence } from "../../evidence/ingest.js";
import { type Purpose, PurposeSchema } from "../../evidence/use-limitation.js";
import type { ReceiptBody } from "../../federation/receipts.js";
import type { NodeContext } from "../../server/node-context.js";
import type { Executor } from "../../store/ledger-store.js";
import { executorOf, inTransaction } from "../in-transaction.js";
import { loadVisibleRequest, type RequestRow } from "../requests/request-record.js";
import { appendCustody, custodyIndexes, proveEntries } from "./custody-log.js";
import {
  blobsOf,
  type EvidenceItemRow,
  manifestSha256Of,
  requirePermission,
  sharedRequestId,
  signedManifestOf,
} from "./evidence-item.js";
import { READABLE_STATES, storedFileOf } from "./open-evidence.js";
import { checkUse } from "./use-check.js";

export type ExportOptions = { onProgress?: (bytesWritten: number, totalBytes: number) => void };

export async function exportCourtBundle(
  context: NodeContext,
  actor: Actor,
  requestId: string,
  purposeInput: unknown,
  outPath: string,
  options: ExportOptions = {},
): Promise<{ items: number; bytes: number; reference: string }> {
  const purposeGiven = parsePurpose(purposeInput);
  const purpose = `${purposeGiven.use}: ${purposeGiven.text}`;
  const { request, items } = await inTransaction(context, async (trx) => {
    const { request, items, consents } = await authoriseExport(trx, actor, requestId, purposeGiven);
    await appendCustody(
      trx,
      { ...context, trx },
      items.map((item, i) => ({
        itemId: item.id,
        event: "exported" as const,
        actor,
        requestId: sharedRequestId(request),
        manifestSha256: manifestSha256Of(item),
        purpose,
        ...(consents[i] === undefined ? {} : { extra: { consent: consents[i] } }),
      })),
    );
    return { request, items };
  });
  const contents = await gather(context, actor, request, items, purpose);
  await writeCourtBundle(contents, outPath, options.onProgress ? { onProgress: options.onProgress } : {});
  return {
    items: items.length,
    bytes: items.reduce((sum, item) => sum + Number(item.size ?? 0), 0),
    reference: request.reference,
  };
}

/**
 * The checks an export makes before it records or writes anything — the purpose, need-to-know, the
 * role, evidence to export and the use limitation of each item — made alone and read-only, so a
 * caller that must prepare a place to write (the API's export folder) can refuse first. The export
 * itself makes them again, in the transaction that records it.
 */
export async function checkCourtBundleExport(
  context: NodeContext,
  actor: Actor,
  requestId: string,
  purposeInput: unknown,
): Promise<void> {
  await authoriseExport(executorOf(context), actor, requestId, parsePurpose(purposeInput));
}

function parsePurpose(purposeInput: unknown): Purpose {
  const parsed = PurposeSchema.safeParse(purposeInput);
  if (!parsed.success) throw new CasesError("BAD_REQUEST", "state the purpose: { use, text }");
  return parsed.data;
}

/** Returns, for each item, the id of the consent its use relies on, if one was needed. */
async function authoriseExport(db: Executor, actor: Actor, requestId: string, purpose: Purpose) {
  const request = await loadVisibleRequest(db, actor, requestId);
  requirePermission(actor, "evidence.export", request);
  const items = await db
    .selectFrom("evidence_items")
    .selectAll()
    .where("request_id", "=", request.id)
    .where("state", "in", READABLE_STATES)
    .orderBy("created_at")
    .execute();
  if (items.length === 0)
    throw new EvidenceError("EVIDENCE_NOT_READY", "the request has no evidence to export yet");
  // Each item's use is judged (Art 40(19)); the consent relied on, if any, is named in its entry.
  const consents: (string | undefined)[] = [];
  for (const item of items)
    consents.push(await checkUse(db, request, item.direction === "received", purpose));
  return { request, items, consents };
}

async function gather(
  context: NodeContext,
  actor: Actor,
  request: RequestRow,
  items: EvidenceItemRow[],
  purpose: string,
): Promise<CourtBundleContents> {
  const db = context.db;
  const inbox = await db
    .selectFrom("inbox")
    .select(["message_id", "from_state", "kind", "signed_message", "ledger_index"])
    .where("local_request_id", "=", request.id)
    .orderBy("received_at")
    .execute();
  const own = await proveEntries(
    context,
    [
      ...(await custodyIndexes(
        db,
        items.map((i) => i.id),
      )),
      ...inbox.map((m) => Number(m.ledger_index)),
    ].sort((a, b) => a - b),
  );
  const peerLedgers = items.flatMap((item) =>
    item.peer_custody === null ? [] : [JSON.parse(item.peer_custody) as ProvenLedger],
  );
  // Messages we sent and the other node receipted: our signed copy and its receipt.
  const outbox = await db
    .selectFrom("outbox")
    .select(["message_id", "peer_state", "kind", "signed_message", "receipt"])
    .where("request_id", "=", request.id)
    .where("receipt", "is not", null)
    .where("signed_message", "is not", null)
    .orderBy("created_at")
    .execute();
  const other = request.direction === "outgoing" ? request.requested_state : request.requesting_state;
  const ownCard = await db
    .selectFrom("own_cards")
    .select("card")
    .orderBy("sequence", "desc")
    .executeTakeFirst();
  const peerCard = await db.selectFrom("peers").select("card").where("state", "=", other).executeTakeFirst();
  const files = await Promise.all(items.map((item) => storedFileOf(context, item)));
  const ledgers = [own, ...peerLedgers];
  return {
    exportedAt: context.clock.now().toISOString(),
    exportedBy: actor.kind === "user" ? `user:${actor.id}` : `node:${context.config.state}`,
    purpose,
    exportingState: context.config.state,
    request: {
      id: request.id,
      reference: request.reference,
      kind: request.kind,
      treaty: request.treaty,
      requestingState: request.requesting_state,
      requestedState: request.requested_state,
      ...(request.remote_request_id === null ? {} : { remoteRequestId: request.remote_request_id }),
    },
    nodes: [
      ...(ownCard ? [{ state: context.config.state, card: ownCard.card }] : []),
      ...(peerCard ? [{ state: other, card: peerCard.card }] : []),
    ],
    items: items.map((item, i) => ({
      signedManifest: signedManifestOf(item),
      plaintext: () => readEvidence(files[i] as (typeof files)[number], blobsOf(context)),
    })),
    ledgers,
    messages: [
      ...inbox.map((m) => ({
        messageId: m.message_id,
        from: m.from_state,
        to: context.config.state,
        kind: m.kind,
        signed: m.signed_message,
      })),
      ...outbox.map((m) => ({
        messageId: m.message_id,
        from: context.config.state,
        to: m.peer_state,
        kind: m.kind,
        signed: m.signed_message ?? "",
      })),
    ],
    receipts: outbox.map((m) => ({
      messageId: m.message_id,
      body: (JSON.parse(m.receipt ?? "{}") as { body: ReceiptBody }).body,
    })),
    caseUco: custodyToCaseUco(
      buildCustodyRecord(
        {
          // The id both States know the request by, which the manifests name (on the requested
          // side, the requesting node's id): as the verifier renders it from the index.
          id: sharedRequestId(request),
          reference: request.reference,
          kind: request.kind,
          requestingState: request.requesting_state,
          requestedState: request.requested_state,
          treaty: request.treaty,
        },
        items.map((item) => signedManifestOf(item).manifest),
        entriesByState(ledgers),
      ),
    ),
  };
}
