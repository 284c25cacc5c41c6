/**
 * The shapes of the answers the admin and audit screens read. Where the server's module is free of
 * node-only code the type is taken from it (a changed answer then fails the UI's type check);
 * the others are written out from their route schemas, named beside each.
 */
import type { z } from "zod";
import type { Declarations } from "../../directory/declarations.js";
import type { UserViewSchema } from "../../services/users/user-view.js";
import type { Pack } from "../../treaty/pack-schema.js";
import type { Localized } from "../i18n/languages.js";

export type { Declarations, Pack };

/** GET /users → `{ users }`; PATCH /users/:id → `{ user }`. */
export type UserView = z.infer<typeof UserViewSchema>;
/** POST /users (201); the one-time password only when the node generated it. */
export type CreatedUser = { user: UserView; oneTimePassword?: string };
/** POST /users/:id/reset-password. */
export type ResetResult = { oneTimePassword: string };

/** A signed tree head of a peer kept as evidence (src/services/peers/peer-view.ts). */
export type HeadEvidence = {
  logId: string;
  size: number;
  timestamp: number;
  root: string;
  signature: string;
  messageId: string | null;
  receivedAt: string;
};

export type SplitView = {
  detectedAt: string;
  reason: string;
  firstHead: HeadEvidence;
  secondHead: HeadEvidence;
  proof: string | null;
  ledgerIndex: number;
};

/** GET /peers → PeerView[] (src/server/routes/peers.ts, PeerSchema). */
export type PeerView = {
  state: string;
  status: "active" | "revoked";
  authority: string;
  endpoint: string;
  declarationsVersion: string;
  sequence: number;
  issued: string;
  signingFingerprints: string[];
  fingerprintConfirmed: string;
  confirmedBy: string;
  confirmedAt: string;
  updatedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
  keys: {
    kid: string;
    use: "sig" | "enc";
    fingerprint: string;
    current: boolean;
    notBefore: string;
    notAfter?: string;
    revokedAt?: string;
  }[];
  tls: { fingerprint: string; current: boolean; notBefore: string; notAfter?: string }[];
  splitViews: SplitView[];
  actions: "revoke"[];
};

/** GET /node (contract in the web plan, built by src/server/routes/node-info.ts). */
export type NodeInfo = {
  state: string;
  stateName: Localized | null;
  version: string;
  treaties: string[];
  keys: {
    signing: { keyId: string; fingerprint: string };
    encryption: { keyId: string; fingerprint: string };
    tlsCertificateSha256: string | null;
  };
  federationUrl: string | null;
};

/** GET /treaties. */
export type TreatySummary = { id: string; title: Localized; version: string };

/** GET /ledger/entries (src/server/routes/ledger.ts, EntrySchema). */
export type LedgerEntry = {
  index: number;
  time: string;
  actor: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
};

/** GET /ledger/head, POST /ledger/heads: root in hex, signature in base64. */
export type TreeHead = { logId: string; size: number; timestamp: number; root: string; signature: string };

/** GET /ledger/proofs/inclusion. */
export type InclusionProof = { index: number; size: number; leafHash: string; root: string; proof: string[] };
