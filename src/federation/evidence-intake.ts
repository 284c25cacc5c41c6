/**
 * An evidence transmission arriving from the requested State: the manifest's signature is checked
 * against the sender's card, the custody entries against the sender's signed tree head, and the
 * wrapped key must open with our key for this very item; then the item is recorded as `receiving`
 * with every chunk still to fetch. Nothing is marked received here: that waits until every chunk
 * was fetched and checked (evidence-fetch.ts). Runs in the inbox's transaction.
 */
import type { KeyObject } from "node:crypto";
import { canonicalJson } from "../crypto/canonical-json.js";
import type { MessageBody } from "../crypto/envelope.js";
import { currentKeys } from "../directory/node-card-keys.js";
import { custodyEventOf, fourEyesBreach, manifestDigest, type ProvenLedger } from "../evidence/custody.js";
import { EvidenceError } from "../evidence/errors.js";
import { unwrapFileKey } from "../evidence/key-wrap.js";
import { type Manifest, type SignedManifest, verifySignedManifest } from "../evidence/manifest.js";
import { verifyProvenLedger } from "../evidence/proven-ledger.js";
import type { NodeContext } from "../server/node-context.js";
import { executorOf } from "../services/in-transaction.js";
import type { RequestRow } from "../services/requests/request-record.js";
import { FederationError } from "./errors.js";
import { activePeerCard } from "./peer-keys.js";
import { cardKeyObject } from "./stored-cards.js";

const refused = (message: string, cause?: unknown) =>
  new FederationError("FEDERATION_REFUSED", message, cause === undefined ? undefined : { cause });

export async function takeInEvidence(
  context: NodeContext,
  from: string,
  body: MessageBody<"evidence-transmission">,
  request: RequestRow,
): Promise<void> {
  const db = executorOf(context);
  const card = await activePeerCard(db, from);
  if (card === undefined) throw refused(`${from} is not an active peer`);
  const now = context.clock.now();
  const signingKeyOf = (kid: string): KeyObject | undefined => {
    const key = currentKeys(card, now, "sig").find((k) => k.kid === kid);
    return key === undefined ? undefined : cardKeyObject(key);
  };
  let manifest: Manifest;
  let digest: string;
  try {
    manifest = verifySignedManifest(body.manifest, signingKeyOf);
    const signed = body.manifest as SignedManifest;
    digest = manifestDigest(signed);
    checkManifestFits(manifest, from, request);
    checkCustody(body.custody, from, manifest.itemId, digest, signingKeyOf);
    await unwrapFileKey(body.wrappedKey, context.keys.encryptionPrivate, manifest.itemId);
  } catch (error) {
    if (error instanceof EvidenceError)
      throw refused(`the evidence cannot be taken in: ${error.message}`, error);
    throw error;
  }
  const known = await db
    .selectFrom("evidence_items")
    .select("id")
    .where("id", "=", manifest.itemId)
    .executeTakeFirst();
  if (known !== undefined) throw refused(`evidence item ${manifest.itemId} was already transmitted`);
  const at = now.toISOString();
  await db
    .insertInto("evidence_items")
    .values({
      id: manifest.itemId,
      request_id: request.id,
      direction: "received",
      state: "receiving",
      origin_state: from,
      file_name: manifest.fileName,
      media_type: manifest.mediaType,
      details: JSON.stringify({ source: manifest.source, acquisition: manifest.acquisition }),
      wrapped_key: body.wrappedKey,
      size: manifest.size,
      sha256: manifest.sha256,
      manifest: canonicalJson(body.manifest),
      manifest_sha256: digest,
      peer_custody: JSON.stringify(body.custody),
      created_by: `node:${from}`,
      created_at: at,
      updated_at: at,
      fetch_attempts: 0,
      next_fetch_at: at,
      last_fetch_error: null,
    })
    .execute();
  for (let i = 0; i < manifest.chunks.length; i += 500) {
    await db
      .insertInto("evidence_chunks")
      .values(
        manifest.chunks.slice(i, i + 500).map((chunk) => ({
          item_id: manifest.itemId,
          idx: chunk.index,
          address: chunk.ciphertextSha256,
          plaintext_sha256: chunk.plaintextSha256,
          ciphertext_size: chunk.ciphertextSize,
          last: chunk.last ? 1 : 0,
          present: 0,
        })),
      )
      .execute();
  }
}

function checkManifestFits(manifest: Manifest, from: string, request: RequestRow): void {
  if (manifest.node.state !== from) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_INVALID",
      `the manifest is ${manifest.node.state}'s, sent by ${from}`,
    );
  }
  if (manifest.requestId !== request.id) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_INVALID",
      `the manifest is for request ${manifest.requestId}, not ${request.id}`,
    );
  }
}

/** The sender's custody entries must prove out and show the item acquired, sealed, reviewed, released and transmitted under this manifest. */
function checkCustody(
  custody: ProvenLedger,
  from: string,
  itemId: string,
  digest: string,
  signingKeyOf: (kid: string) => KeyObject | undefined,
): void {
  if (custody.state !== from) {
    throw new EvidenceError(
      "EVIDENCE_CUSTODY_INVALID",
      `custody entries of ${custody.state}, sent by ${from}`,
    );
  }
  const entries = verifyProvenLedger(custody, signingKeyOf);
  const events = new Set<string>();
  for (const entry of entries) {
    const event = custodyEventOf(entry);
    if (event === undefined || entry.subject !== itemId || entry.data.manifestSha256 !== digest) {
      throw new EvidenceError(
        "EVIDENCE_CUSTODY_INVALID",
        `ledger entry ${entry.index} is not a custody event of item ${itemId} under this manifest`,
      );
    }
    events.add(event);
  }
  const breach = fourEyesBreach(entries, itemId);
  if (breach !== undefined) throw new EvidenceError("EVIDENCE_CUSTODY_INVALID", breach);
  for (const needed of ["acquired", "sealed", "reviewed", "released", "transmitted"]) {
    if (!events.has(needed))
      throw new EvidenceError("EVIDENCE_CUSTODY_INVALID", `the custody record lacks "${needed}"`);
  }
}
