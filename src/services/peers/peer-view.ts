/**
 * A peer as callers see it: the card's content, which keys are current now, who confirmed the
 * fingerprint and when, and the actions this person may take next (the UI derives none itself).
 */
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { KeyUse } from "../../directory/node-card.js";
import { currentKeys, formatFingerprint, isCurrent, keyFingerprint } from "../../directory/node-card-keys.js";
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
  actions: "revoke"[];
};

export function toPeerView(row: PeerRow, actor: Actor, now: Date): PeerView {
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
    actions: status === "active" && can(actor, "peer.manage") ? ["revoke"] : [],
  };
}
