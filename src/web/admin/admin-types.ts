/**
 * The shapes of the answers the admin and audit screens read, taken from the server's own answer
 * schemas (types only: nothing of the server reaches the bundle), so a changed answer fails the
 * UI's type check. The users routes' two small answers, declared inline there, are written out.
 */
import type { z } from "zod";
import type { Declarations } from "../../directory/declarations.js";
import type {
  InclusionProof,
  LedgerEntryView as LedgerEntry,
  TreeHeadView as TreeHead,
} from "../../services/ledger/ledger-views.js";
import type { NodeInfo } from "../../services/node/node-info-view.js";
import type {
  PeerHeadEvidence as HeadEvidence,
  PeerView,
  SplitViewAlert as SplitView,
} from "../../services/peers/peer-view-schema.js";
import type { TreatySummary } from "../../services/treaties/treaty-views.js";
import type { UserViewSchema } from "../../services/users/user-view.js";
import type { Pack } from "../../treaty/pack-schema.js";

export type { Declarations, Pack };

/** GET /users → `{ users }`; PATCH /users/:id → `{ user }`. */
export type UserView = z.infer<typeof UserViewSchema>;
/** POST /users (201); the one-time password only when the node generated it. */
export type CreatedUser = { user: UserView; oneTimePassword?: string };
/** POST /users/:id/reset-password. */
export type ResetResult = { oneTimePassword: string };

/** GET /peers → PeerView[]; a flagged peer's split views carry both heads as evidence. */
/** GET /node; GET /treaties. */
/** GET /ledger/entries; GET /ledger/head and POST /ledger/heads; GET /ledger/proofs/inclusion. */
export type {
  HeadEvidence,
  InclusionProof,
  LedgerEntry,
  NodeInfo,
  PeerView,
  SplitView,
  TreatySummary,
  TreeHead,
};
