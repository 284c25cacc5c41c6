/**
 * What the peers services need from the node — the database, its kind (for the ledger's locking)
 * and the clock — and the checks they share. A NodeContext satisfies it; so does the CLI, which
 * opens a stopped node's store without a server.
 */
import type { Kysely } from "kysely";
import { can, type Permission } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { parseSignedCard, type SignedCard } from "../../directory/node-card.js";
import type { Clock } from "../../server/clock.js";
import type { Database } from "../../store/schema.js";
import { PeerError } from "./peer-errors.js";

export type PeersContext = { db: Kysely<Database>; storeKind: "sqlite" | "postgres"; clock: Clock };

/** The service layer enforces roles, whatever route or command the call came through. */
export function assertMay(actor: Actor, permission: Extract<Permission, `peer.${string}`>): void {
  if (!can(actor, permission)) {
    const what = permission === "peer.read" ? "see" : "manage";
    throw new PeerError("FORBIDDEN", `only an administrator may ${what} peers`);
  }
}

/** The ledger subject for a peer: its State. */
export const peerSubject = (state: string): string => `peer:${state}`;

/** A card as stored: it was verified when accepted, and is parsed again to get a typed value. */
export const storedCard = (json: string): SignedCard => parseSignedCard(JSON.parse(json));
