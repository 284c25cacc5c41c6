/**
 * A peer as callers see it: the card's content, which keys are current now, who confirmed the
 * fingerprint and when, and the actions this person may take next (the UI derives none itself).
 */
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { currentKeys, formatFingerprint, isCurrent, keyFingerprint } from "../../directory/node-card-keys.js";
import { isTlsCurrent } from "../../directory/node-card-tls.js";
import type { SplitViewRow } from "../../store/peer-head-store.js";
import type { PeerRow } from "../../store/peer-store.js";
import type { PeerHeadEvidence, PeerView, SplitViewAlert } from "./peer-view-schema.js";
import { storedCard } from "./peers-context.js";

/** The shapes live in peer-view-schema.ts (free of Node, for the route and the web UI). */
export type {
  PeerHeadEvidence,
  PeerKeyView,
  PeerTlsView,
  PeerView,
  SplitViewAlert,
} from "./peer-view-schema.js";

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
