/**
 * Evidence between two in-process nodes (test/federation/two-nodes.ts): XA asks XB for stored
 * data, XB grants it and starts executing, an executing officer uploads files, a second supervisor
 * reviews and releases them, and the delivery rounds carry the transmission and the chunks to XA.
 */

import { randomBytes } from "node:crypto";
import { afterEach, beforeEach } from "vitest";
import type { Actor, Role } from "../../src/cases/roles.js";
import { deliveryTick } from "../../src/federation/delivery-tick.js";
import type { Log } from "../../src/federation/log.js";
import type { NodeContext } from "../../src/server/node-context.js";
import { releaseEvidence, reviewEvidence } from "../../src/services/evidence/release.js";
import { appendUpload, completeUpload, startUpload } from "../../src/services/evidence/upload.js";
import { verifyStoredLedger } from "../../src/services/ledger/verify-stored-ledger.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { approvedRequest, type FederatedNode, incomingRequests, startPair } from "../federation/two-nodes.js";

export const person = (id: string, role: Role, unit: string): Actor => ({ kind: "user", id, role, unit });
export const xaOfficer = person("xa-officer", "case-officer", "cyber");
export const xaSupervisor = person("xa-supervisor", "supervisor", "cyber");
export const xbCentral = person("xb-supervisor", "supervisor", "central-authority");
export const xbReviewer = person("xb-supervisor-2", "supervisor", "central-authority");
export const xbExecuting = person("xb-executing", "executing-officer", "central-authority");

const noLog = { warn: () => undefined };

/** Two fresh in-process nodes for each test of the calling file, handed to `take`, closed after it. */
export function pairForEachTest(take: (pair: { xa: FederatedNode; xb: FederatedNode }) => void): void {
  let pair: { xa: FederatedNode; xb: FederatedNode } | undefined;
  beforeEach(async () => {
    pair = await startPair();
    take(pair);
  });
  afterEach(async () => {
    await pair?.xa.close();
    await pair?.xb.close();
    pair = undefined;
  });
}

/** Both nodes run their delivery job (send, deliver, fetch evidence) until nothing moves. */
export async function exchange(xa: FederatedNode, xb: FederatedNode, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await deliveryTick(xa.context, noLog, { random: () => 0.5, transport: xa.transport })();
    await deliveryTick(xb.context, noLog, { random: () => 0.5, transport: xb.transport })();
  }
}

/** A stored-data request from XA, granted and being executed on XB: returns both ids. */
export async function requestInExecution(
  xa: FederatedNode,
  xb: FederatedNode,
  conditions: { type: "use-limitation"; text: string }[] = [],
): Promise<{ xaId: string; xbId: string }> {
  const xaId = await approvedRequest(xa, "stored-data");
  await exchange(xa, xb, 1);
  const copy = (await incomingRequests(xb)).find((r) => r.remote_request_id === xaId);
  if (copy === undefined) throw new Error("the request did not reach XB");
  const act = (actor: Actor, action: string, input: object = {}) =>
    performAction({ context: xb.context, actor, requestId: copy.id, action, input });
  await act(xbCentral, "acknowledge");
  await act(xbCentral, "begin-review");
  if (conditions.length > 0)
    await act(xbCentral, "grant-with-conditions", { conditions, reason: "Granted." });
  else await act(xbCentral, "grant", { reason: "Granted." });
  await act(xbExecuting, "start-execution");
  await exchange(xa, xb, 1);
  return { xaId, xbId: copy.id };
}

export const UPLOAD_DETAILS = {
  fileName: "subscriber-records.csv",
  mediaType: "text/csv",
  source: { kind: "service-provider", name: "ExampleMail Ltd", system: "accounts-db" },
  acquisition: { method: "production order, export by the provider" },
} as const;

export async function* inPieces(data: Buffer, piece = 300_000): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += piece) yield data.subarray(at, at + piece);
}

/** Uploads `data` on XB as the executing officer and seals it; returns the item id. */
export async function uploadOnXb(
  xb: FederatedNode,
  xbId: string,
  data: Buffer,
  fileName?: string,
): Promise<string> {
  const started = await startUpload(xb.context, xbExecuting, xbId, {
    ...UPLOAD_DETAILS,
    ...(fileName ? { fileName } : {}),
    size: data.length,
  });
  await appendUpload(xb.context, xbExecuting, started.itemId, 0, inPieces(data));
  await completeUpload(xb.context, xbExecuting, started.itemId);
  return started.itemId;
}

/** Reviewed and released by two supervisors other than the uploader. */
export async function reviewAndRelease(xb: FederatedNode, itemId: string): Promise<void> {
  await reviewEvidence(xb.context, xbReviewer, itemId, "content matches the order");
  await releaseEvidence(xb.context, xbCentral, itemId);
}

export const randomFile = (size: number): Buffer => randomBytes(size);

/** In-process nodes, with HTTP (two-nodes.ts) or without (bundle tests). */
type WithContext = { context: NodeContext };

/** The custody events a node recorded for an item, in ledger order. */
export const custodyOf = async (node: WithContext, itemId: string): Promise<string[]> =>
  (
    await node.context.db
      .selectFrom("custody_events")
      .select("event")
      .where("item_id", "=", itemId)
      .orderBy("ledger_index")
      .execute()
  ).map((r) => r.event);

export async function readAll(content: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of content) parts.push(part);
  return Buffer.concat(parts);
}

/** The node's row of an item, or undefined when it has none. */
export const itemRow = (node: WithContext, itemId: string) =>
  node.context.db.selectFrom("evidence_items").selectAll().where("id", "=", itemId).executeTakeFirst();

/** Which of an item's chunks the node holds (present = 1), by index. */
export const presentChunks = async (node: WithContext, itemId: string): Promise<number[]> =>
  (
    await node.context.db
      .selectFrom("evidence_chunks")
      .select("idx")
      .where("item_id", "=", itemId)
      .where("present", "=", 1)
      .orderBy("idx")
      .execute()
  ).map((r) => r.idx);

/** `rogatory ledger verify` on the node's store: every entry, stored hash and signed head checks out. */
export const ledgerIntact = async (node: FederatedNode): Promise<boolean> =>
  (await verifyStoredLedger(node.context.db, node.keys.signing.publicKey)).ok;

/** One round of `node`'s delivery job over its own transport (closed with the node). */
export const oneRound = (node: FederatedNode, log: Log = noLog): Promise<void> =>
  deliveryTick(node.context, log, { random: () => 0.5, transport: node.transport })();

/**
 * A request in execution on XB with `data` uploaded, reviewed and released, and the transmission
 * delivered to XA (XB's round only): XA holds the item as `receiving`, no chunk fetched yet.
 */
export async function transmittedToXa(
  xa: FederatedNode,
  xb: FederatedNode,
  data: Buffer,
): Promise<{ xaId: string; xbId: string; itemId: string }> {
  const { xaId, xbId } = await requestInExecution(xa, xb);
  const itemId = await uploadOnXb(xb, xbId, data);
  await reviewAndRelease(xb, itemId);
  await oneRound(xb);
  const row = await itemRow(xa, itemId);
  if (row?.state !== "receiving") throw new Error(`XA holds item ${itemId} as ${row?.state}`);
  return { xaId, xbId, itemId };
}
