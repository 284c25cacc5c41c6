/**
 * Imports another State's card. A State not yet trusted (or revoked) is added only with the
 * fingerprint its administrator confirmed out of band, and only if it is the fingerprint of the
 * key that signed the card; a known State's card replaces the one held only if it is a valid
 * update of it (verifyCardUpdate). On any refusal nothing is stored; on success the peer, the
 * card history and the ledger entry are written in one transaction.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { type Actor, actorName } from "../../cases/roles.js";
import { canonicalJson } from "../../crypto/canonical-json.js";
import { type NodeCard, parseSignedCard, type SignedCard } from "../../directory/node-card.js";
import { CardError } from "../../directory/node-card-errors.js";
import { currentKeys, keyFingerprint, normaliseFingerprint } from "../../directory/node-card-keys.js";
import { type VerifiedCard, verifyCardUpdate } from "../../directory/node-card-verify.js";
import { isUniqueViolation } from "../../store/database.js";
import { appendToLedger, type LedgerEvent } from "../../store/ledger-store.js";
import {
  findPeer,
  insertPeer,
  insertPeerCard,
  listPeerRows,
  type PeerRow,
  replacePeer,
} from "../../store/peer-store.js";
import type { Database } from "../../store/schema.js";
import { PeerError } from "./peer-errors.js";
import { type PeerView, toPeerView } from "./peer-view.js";
import { assertMay, type PeersContext, peerSubject, storedCard } from "./peers-context.js";

export type ImportPeerCardOptions = {
  context: PeersContext;
  actor: Actor;
  /** This node's State: its own card is not a peer's. */
  ownState: string;
  /** The signed card as read from a file or a request body: untrusted. */
  card: unknown;
  /** What the administrator compared with the other State's, out of band. Required for a new peer. */
  fingerprint?: string | undefined;
};

/** added: a new peer; updated: a valid update; unchanged: the card held, again; reinstated: a revoked peer re-confirmed. */
export type ImportOutcome = "added" | "updated" | "unchanged" | "reinstated";
export type ImportedPeer = { outcome: ImportOutcome; peer: PeerView };

type Step = { outcome: ImportOutcome; row: PeerRow };

export async function importPeerCard(options: ImportPeerCardOptions): Promise<ImportedPeer> {
  assertMay(options.actor, "peer.manage");
  const confirmed = confirmedFingerprint(options.fingerprint);
  const signed = parseSignedCard(options.card);
  if (signed.card.state === options.ownState) {
    throw new PeerError("BAD_REQUEST", `this is the card of ${options.ownState}, this node's own State`);
  }
  const now = options.context.clock.now();
  try {
    const step = await options.context.db.transaction().execute(async (trx) => {
      await refuseSharedIdentity(trx, signed.card);
      const row = await findPeer(trx, signed.card.state);
      if (row?.status === "active") return update(trx, options, row, signed, confirmed, now);
      return confirm(trx, options, row, signed, confirmed, now);
    });
    return { outcome: step.outcome, peer: toPeerView(step.row, options.actor, now) };
  } catch (error) {
    // Two administrators adding the same State at once: the second loses at the primary key.
    if (isUniqueViolation(error)) throw lostRace(signed.card.state);
    throw error;
  }
}

const lostRace = (state: string) =>
  new PeerError("CONFLICT", `${state}'s card was changed meanwhile by someone else; look again and retry`);

/**
 * Two active peers may not share a TLS certificate or an endpoint origin. A card listing another
 * peer's certificate would let its holder be taken for that peer at the handshake (or make the
 * certificate ambiguous); one naming another peer's endpoint would have that peer's messages
 * addressed to it. Checked for a new peer and an update alike, in the import's transaction.
 */
async function refuseSharedIdentity(trx: Transaction<Database>, card: NodeCard): Promise<void> {
  const origin = new URL(card.endpoint).origin;
  const listed = new Set(card.tls.map((entry) => entry.sha256));
  for (const row of await listPeerRows(trx)) {
    if (row.status !== "active" || row.state === card.state) continue;
    let other: NodeCard;
    try {
      other = storedCard(row.card).card;
    } catch {
      continue; // unreadable: federation already refuses that peer, and it must not block others
    }
    const shared = other.tls.find((entry) => listed.has(entry.sha256));
    if (shared !== undefined) {
      throw new PeerError(
        "CONFLICT",
        `${card.state}'s card lists the TLS certificate ${shared.sha256}, which is on the card of ` +
          `${row.state}, an active peer: two peers cannot share a certificate; nothing was stored`,
      );
    }
    if (new URL(other.endpoint).origin === origin) {
      throw new PeerError(
        "CONFLICT",
        `${card.state}'s card names the endpoint ${origin}, which is that of ${row.state}, an active ` +
          "peer: two peers cannot share an endpoint; nothing was stored",
      );
    }
  }
}

function confirmedFingerprint(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const hex = normaliseFingerprint(text);
  if (hex === undefined) {
    throw new PeerError(
      "BAD_REQUEST",
      "a fingerprint is 64 hex digits (spaces and colons may separate them)",
    );
  }
  return hex;
}

/** A new or revoked peer: a self-signed card whose signer is the key the administrator confirmed. */
async function confirm(
  trx: Transaction<Database>,
  options: ImportPeerCardOptions,
  row: PeerRow | undefined,
  signed: SignedCard,
  confirmed: string | undefined,
  now: Date,
): Promise<Step> {
  const { state } = signed.card;
  if (confirmed === undefined) {
    const why = row === undefined ? "is not a peer yet" : "was revoked";
    throw new PeerError(
      "INPUT_REQUIRED",
      `${state} ${why}: give the fingerprint you confirmed with its administrator`,
    );
  }
  const verified = verifyCardUpdate(undefined, signed, now);
  if (normaliseFingerprint(verified.fingerprint) !== confirmed) throw mismatch(state);
  const at = now.toISOString();
  const by = actorName(options.actor);
  const fields = {
    card: canonicalJson(verified.signed),
    sequence: verified.signed.card.sequence,
    fingerprint_confirmed: confirmed,
    confirmed_by: by,
    confirmed_at: at,
    status: "active",
    updated_at: at,
    revoked_by: null,
    revoked_at: null,
  };
  if (row === undefined) await insertPeer(trx, { state, ...fields });
  else if (!(await replacePeer(trx, row, fields))) throw lostRace(state);
  await recordCard(trx, options, verified, now, {
    type: "peer.confirmed",
    data: {
      fingerprint: verified.fingerprint,
      authority: signed.card.authority,
      endpoint: signed.card.endpoint,
    },
  });
  return { outcome: row === undefined ? "added" : "reinstated", row: { state, ...fields } };
}

// Not shown in the message: an administrator who mistyped must ask the other side again, not copy ours.
const mismatch = (state: string) =>
  new CardError(
    "CARD_FINGERPRINT_MISMATCH",
    `the fingerprint you confirmed is not that of the key that signed ${state}'s card; ` +
      "nothing was stored — compare it again with that State's administrator",
  );

/** A known peer: the card held again changes nothing; anything else must be a valid update of it. */
async function update(
  trx: Transaction<Database>,
  options: ImportPeerCardOptions,
  row: PeerRow,
  signed: SignedCard,
  confirmed: string | undefined,
  now: Date,
): Promise<Step> {
  const held = storedCard(row.card);
  if (canonicalJson(held) === canonicalJson(signed)) {
    requireSigningKey(held.card, confirmed, now);
    return { outcome: "unchanged", row };
  }
  const verified = verifyCardUpdate(held, signed, now);
  requireSigningKey(verified.signed.card, confirmed, now);
  const fields = {
    card: canonicalJson(verified.signed),
    sequence: verified.signed.card.sequence,
    updated_at: now.toISOString(),
  };
  if (!(await replacePeer(trx, row, fields))) throw lostRace(row.state);
  await recordCard(trx, options, verified, now, {
    type: "peer.card-updated",
    data: { previousSequence: held.card.sequence, ...keyChanges(held.card, verified.signed.card) },
  });
  return { outcome: "updated", row: { ...row, ...fields } };
}

/** A fingerprint given with a known peer's card must be that of one of its current signing keys. */
function requireSigningKey(card: NodeCard, confirmed: string | undefined, now: Date): void {
  if (confirmed === undefined) return;
  const current = currentKeys(card, now, "sig").map((key) => normaliseFingerprint(keyFingerprint(key)));
  if (!current.includes(confirmed)) throw mismatch(card.state);
}

/** Keys added and keys newly revoked by an update, for the ledger. */
function keyChanges(before: NodeCard, after: NodeCard): { added: string[]; revoked: string[] } {
  const was = new Map(before.keys.map((key) => [key.kid, key]));
  return {
    added: after.keys.filter((key) => !was.has(key.kid)).map((key) => key.kid),
    revoked: after.keys
      .filter((key) => key.revokedAt !== undefined && was.get(key.kid)?.revokedAt === undefined)
      .map((key) => key.kid),
  };
}

async function recordCard(
  trx: Transaction<Database>,
  options: ImportPeerCardOptions,
  verified: VerifiedCard,
  now: Date,
  event: Pick<LedgerEvent, "type" | "data">,
): Promise<void> {
  const { card } = verified.signed;
  await insertPeerCard(trx, {
    id: randomUUID(),
    state: card.state,
    sequence: card.sequence,
    card: canonicalJson(verified.signed),
    signed_by: verified.signer.kid,
    received_by: actorName(options.actor),
    received_at: now.toISOString(),
  });
  await appendToLedger(trx, options.context.storeKind, now, [
    {
      actor: actorName(options.actor),
      type: event.type,
      subject: peerSubject(card.state),
      data: { sequence: card.sequence, signedBy: verified.signer.kid, ...event.data },
    },
  ]);
}
