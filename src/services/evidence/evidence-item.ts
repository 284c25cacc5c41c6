/**
 * Loading an evidence item for a person: the item is seen exactly when its request is (need-to-know
 * follows the request's unit), and the permission asked for is checked against that request.
 */
import type { Selectable } from "kysely";
import { CasesError } from "../../cases/errors.js";
import { can, type Permission } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { EvidenceError } from "../../evidence/errors.js";
import type { SignedManifest } from "../../evidence/manifest.js";
import type { NodeContext } from "../../server/node-context.js";
import type { BlobStore } from "../../store/blob-store.js";
import type { Executor } from "../../store/ledger-store.js";
import type { EvidenceItemsTable } from "../../store/schema.js";
import { loadVisibleRequest, type RequestRow } from "../requests/request-record.js";

export type EvidenceItemRow = Selectable<EvidenceItemsTable>;

/** The item and its request, or NOT_FOUND when either is missing or out of the person's sight. */
export async function loadItemFor(
  db: Executor,
  actor: Actor,
  itemId: string,
  permission: Permission,
): Promise<{ item: EvidenceItemRow; request: RequestRow }> {
  const item = await db.selectFrom("evidence_items").selectAll().where("id", "=", itemId).executeTakeFirst();
  if (item === undefined) throw new CasesError("NOT_FOUND", "no such evidence item");
  const request = await loadVisibleRequest(db, actor, item.request_id);
  requirePermission(actor, permission, request);
  return { item, request };
}

export function requirePermission(actor: Actor, permission: Permission, request: RequestRow): void {
  if (!can(actor, permission, { unit: request.unit, urgentQueue: request.urgent_queue === 1 })) {
    throw new CasesError("FORBIDDEN", `your role may not ${permission.replace("evidence.", "")} evidence`);
  }
}

export function requireItemState(item: EvidenceItemRow, allowed: readonly string[], doing: string): void {
  if (!allowed.includes(item.state)) {
    throw new EvidenceError(
      "EVIDENCE_NOT_READY",
      `evidence item ${item.id} is ${item.state}; ${doing} needs it ${allowed.join(" or ")}`,
    );
  }
}

/** The node's blob store; a context without one (some unit tests) cannot handle evidence. */
export function blobsOf(context: NodeContext): BlobStore {
  if (context.blobs === undefined) throw new Error("this node context has no evidence blob store");
  return context.blobs;
}

/** The id the requesting State's node gave the request: what messages and manifests name it by. */
export const sharedRequestId = (request: RequestRow): string => request.remote_request_id ?? request.id;

export function signedManifestOf(item: EvidenceItemRow): SignedManifest {
  if (item.manifest === null) throw new Error(`evidence item ${item.id} has no manifest yet`);
  return JSON.parse(item.manifest) as SignedManifest;
}

export function manifestSha256Of(item: EvidenceItemRow): string {
  if (item.manifest_sha256 === null) throw new Error(`evidence item ${item.id} has no manifest yet`);
  return item.manifest_sha256;
}
