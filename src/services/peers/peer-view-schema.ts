/**
 * A peer as `GET /api/v1/peers` shows it: the card's content, which keys are current now, who
 * confirmed the fingerprint and when, any split view detected, and the actions this person may take
 * next. Plain zod with nothing of Node in reach, so the route declares its answer with it, the
 * service builds to it (peer-view.ts) and the web UI takes its types from here.
 */
import { z } from "zod";

/** A signed tree head of the peer, as evidence: root in hex, signature in base64. */
export const PeerHeadEvidenceSchema = z.object({
  logId: z.string(),
  size: z.number(),
  timestamp: z.number(),
  root: z.string(),
  signature: z.string(),
  messageId: z.string().nullable(),
  receivedAt: z.string(),
});
export type PeerHeadEvidence = z.infer<typeof PeerHeadEvidenceSchema>;

const PeerKeyViewSchema = z.object({
  kid: z.string(),
  use: z.enum(["sig", "enc"]),
  fingerprint: z.string(),
  current: z.boolean(),
  notBefore: z.string(),
  notAfter: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type PeerKeyView = z.infer<typeof PeerKeyViewSchema>;

const PeerTlsViewSchema = z.object({
  /** SHA-256 of the certificate's DER, grouped in fours: what the TLS layer pins. */
  fingerprint: z.string(),
  current: z.boolean(),
  notBefore: z.string(),
  notAfter: z.string().optional(),
});
export type PeerTlsView = z.infer<typeof PeerTlsViewSchema>;

/**
 * Evidence that the peer showed two histories of its ledger: two heads it signed that cannot both
 * be true, and its signed answer to our request for a consistency proof when one was needed.
 */
const SplitViewAlertSchema = z.object({
  detectedAt: z.string(),
  reason: z.string(),
  firstHead: PeerHeadEvidenceSchema,
  secondHead: PeerHeadEvidenceSchema,
  /** Compact JWS, signed by the peer (docs/federation.md, "Split views"). */
  proof: z.string().nullable(),
  /** Our ledger entry `peer.split-view`. */
  ledgerIndex: z.number(),
});
export type SplitViewAlert = z.infer<typeof SplitViewAlertSchema>;

export const PeerViewSchema = z.object({
  state: z.string(),
  status: z.enum(["active", "revoked"]),
  authority: z.string(),
  endpoint: z.string(),
  declarationsVersion: z.string(),
  sequence: z.number(),
  issued: z.string(),
  /** Fingerprints of the signing keys current now: after a rotation, no longer the one confirmed. */
  signingFingerprints: z.array(z.string()),
  fingerprintConfirmed: z.string(),
  confirmedBy: z.string(),
  confirmedAt: z.string(),
  updatedAt: z.string(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  keys: z.array(PeerKeyViewSchema),
  /** The TLS certificates its card lists (as `peer list` shows them); only the current ones are accepted on a connection. */
  tls: z.array(PeerTlsViewSchema),
  /** Split views detected, oldest first; a peer with any is flagged, and stays flagged. */
  splitViews: z.array(SplitViewAlertSchema),
  actions: z.array(z.literal("revoke")),
});
export type PeerView = z.infer<typeof PeerViewSchema>;
