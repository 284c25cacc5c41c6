/**
 * Review and release, under four eyes: a supervisor who did not acquire the item reviews it, then a
 * supervisor releases it, which in the same transaction records `released` and `transmitted` and
 * puts the transmission in the outbox: the signed manifest, the file key wrapped to the requesting
 * node, and the custody entries so far proven against a tree head signed in that transaction. The
 * chunks are then fetched by the requesting node (src/federation/evidence-fetch.ts).
 */
import { CasesError } from "../../cases/errors.js";
import type { Actor } from "../../cases/roles.js";
import { unwrapFileKey, wrapFileKey } from "../../evidence/key-wrap.js";
import { enqueueMessage } from "../../federation/outbox.js";
import { recipientOf } from "../../federation/peer-keys.js";
import type { NodeContext } from "../../server/node-context.js";
import { inTransaction } from "../in-transaction.js";
import { appendCustody, custodyIndexes, proveEntries } from "./custody-log.js";
import {
  type EvidenceItemRow,
  loadItemFor,
  manifestSha256Of,
  requireItemState,
  sharedRequestId,
  signedManifestOf,
} from "./evidence-item.js";

/** Evidence leaves only while the request is being executed or was (a late item after the report). */
const RELEASABLE_REQUEST_STATES = [
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "executing",
  "executed",
];

export type ItemChange = { itemId: string; state: string };

const PROVIDER_CHAIN = ["acquired", "sealed", "reviewed", "released", "transmitted"] as const;

export async function reviewEvidence(
  context: NodeContext,
  actor: Actor,
  itemId: string,
  note?: string,
): Promise<ItemChange> {
  return inTransaction(context, async (trx) => {
    const { item, request } = await loadItemFor(trx, actor, itemId, "evidence.review");
    requireItemState(item, ["sealed"], "review");
    if (item.created_by === actor.id) {
      throw new CasesError("FOUR_EYES", "the person who acquired the evidence cannot also review it");
    }
    await moveItem(trx, context, item, "reviewed");
    await appendCustody(trx, { ...context, trx }, [
      {
        itemId,
        event: "reviewed",
        actor,
        requestId: sharedRequestId(request),
        manifestSha256: manifestSha256Of(item),
        ...(note === undefined ? {} : { purpose: note }),
      },
    ]);
    return { itemId, state: "reviewed" };
  });
}

export async function releaseEvidence(
  context: NodeContext,
  actor: Actor,
  itemId: string,
): Promise<ItemChange> {
  return inTransaction(context, async (trx) => {
    const inTrx = { ...context, trx };
    const { item, request } = await loadItemFor(trx, actor, itemId, "evidence.release");
    requireItemState(item, ["reviewed"], "release");
    if (item.created_by === actor.id) {
      throw new CasesError("FOUR_EYES", "the person who acquired the evidence cannot also release it");
    }
    if (!RELEASABLE_REQUEST_STATES.includes(request.state) || request.remote_request_id === null) {
      throw new CasesError(
        "TRANSITION_NOT_ALLOWED",
        `evidence is released on a granted request of another State; this one is ${request.state}`,
      );
    }
    const requestId = sharedRequestId(request);
    const manifestSha256 = manifestSha256Of(item);
    const to = request.requesting_state;
    const recipient = await recipientOf(trx, to, context.clock.now());
    const key = await unwrapFileKey(item.wrapped_key, context.keys.encryptionPrivate, itemId);
    const wrappedKey = await wrapFileKey(key, recipient.key, itemId);
    await appendCustody(trx, inTrx, [
      { itemId, event: "released", actor, requestId, manifestSha256 },
      { itemId, event: "transmitted", actor, requestId, manifestSha256, extra: { to } },
    ]);
    // The chain up to the hand-over only: openings here are this State's own business, and a
    // transmission carries a bounded number of entries.
    const custody = await proveEntries(inTrx, await custodyIndexes(trx, [itemId], PROVIDER_CHAIN));
    await enqueueMessage(trx, context, {
      to,
      kind: "evidence-transmission",
      requestId: request.id,
      body: {
        requestId,
        manifest: signedManifestOf(item),
        wrappedKey,
        custody,
      },
    });
    await moveItem(trx, context, item, "transmitted");
    return { itemId, state: "transmitted" };
  });
}

async function moveItem(
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  context: NodeContext,
  item: EvidenceItemRow,
  state: string,
): Promise<void> {
  const moved = await trx
    .updateTable("evidence_items")
    .set({ state, updated_at: context.clock.now().toISOString() })
    .where("id", "=", item.id)
    .where("state", "=", item.state)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw new CasesError("CONFLICT", "the evidence item changed meanwhile; reload it");
}
