/**
 * A peer as callers see it: the card's content, which keys are current now, who confirmed the
 * fingerprint and when, and the actions this person may take next (the UI derives none itself).
 */
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { KeyUse } from "../../directory/node-card.js";
import { currentKeys, formatFingerprint, isCurrent, keyFingerprint } from "../../directory/node-card-keys.js";
import { isTlsCurrent } from "../../directory/node-card-tls.js";
import type { SplitViewRow } from "../../store/peer-head-store.js";
import type { PeerRow } from "../../store/peer-store.js";
import { storedCard } from "./peers-context.js";

export type PeerKeyView = {
  kid: string;
  use: KeyUse;
  fingerprint: string;
  current: boolean;
  notBefore: string;
  notAfter?: string;
  revokedAt?: string;
};

/** A signed tree head of the peer, as evidence: root in hex, signature in base64. */
export type PeerHeadEvidence = {
  logId: string;
  size: number;
  timestamp: number;
  root: string;
  signature: string;
  messageId: string | null;
  receivedAt: string;
};

/**
 * Evidence that the peer showed two histories of its ledger: two heads it signed that cannot both
 * be true, and its signed answer to our request for a consistency proof when one was needed.
 */
export type SplitViewAlert = {
  detectedAt: string;
  reason: string;
  firstHead: PeerHeadEvidence;
  secondHead: PeerHeadEvidence;
  /** Compact JWS, signed by the peer (docs/federation.md, "Split views"). */
  proof: string | null;
  /** Our ledger entry `peer.split-view`. */
  ledgerIndex: number;
};

export type PeerTlsView = {
  /** SHA-256 of the certificate's DER, grouped in fours: what the TLS layer pins. */
  fingerprint: string;
  current: boolean;
  notBefore: string;
  notAfter?: string;
};

export type PeerView = {
  state: string;
  status: "active" | "revoked";
  authority: string;
  endpoint: string;
  declarationsVersion: string;
  sequence: number;
  issued: string;
  /** Fingerprints of the signing keys current now: after a rotation, no longer the one confirmed. */
  signingFingerprints: string[];
  fingerprintConfirmed: string;
  confirmedBy: string;
  confirmedAt: string;
  updatedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
  keys: PeerKeyView[];
  /** The TLS certificates its card lists; only the current ones are accepted on a connection. */
  tls: PeerTlsView[];
  /** Split views detected, oldest first; a peer with any is flagged, and stays flagged. */
  splitViews: SplitViewAlert[];
  actions: "revoke"[];
};

export const toSplitViewAlert = (row: SplitViewRow): SplitViewAlert => ({
  detectedAt: row.detected_at,
  reason: row.reason,
  firstHead: JSON.parse(row.first_head) as PeerHeadEvidence,
  secondHead: JSON.parse(row.second_head) as PeerHeadEvidence,
  proof: row.proof,
  ledgerIndex: Number(row.ledger_index),
});

export function toPeerView(
  row: PeerRow,
  actor: Actor,
  now: Date,
  splitViews: readonly SplitViewRow[] = [],
): PeerView {
  const { card } = storedCard(row.card);
  const status = row.status === "revoked" ? "revoked" : "active";
  return {
    state: row.state,
    status,
    authority: card.authority,
    endpoint: card.endpoint,
    declarationsVersion: card.declarationsVersion,
    sequence: card.sequence,
    issued: card.issued,
    signingFingerprints: currentKeys(card, now, "sig").map(keyFingerprint),
    fingerprintConfirmed: formatFingerprint(row.fingerprint_confirmed),
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at,
    updatedAt: row.updated_at,
    revokedBy: row.revoked_by,
    revokedAt: row.revoked_at,
    keys: card.keys.map((key) => ({
      kid: key.kid,
      use: key.use,
      fingerprint: keyFingerprint(key),
      current: isCurrent(key, now),
      notBefore: key.notBefore,
      ...(key.notAfter === undefined ? {} : { notAfter: key.notAfter }),
      ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt }),
    })),
    splitViews: splitViews.map(toSplitViewAlert),
    tls: card.tls.map((entry) => ({
      fingerprint: formatFingerprint(entry.sha256),
      current: isTlsCurrent(entry, now),
      notBefore: entry.notBefore,
      ...(entry.notAfter === undefined ? {} : { notAfter: entry.notAfter }),
    })),
    actions: status === "active" && can(actor, "peer.manage") ? ["revoke"] : [],
  };
}
