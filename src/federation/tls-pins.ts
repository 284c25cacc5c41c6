/**
 * Which TLS certificates federation trusts, read from the cards of active peers: a peer is
 * reached, and accepted as a client, only with a certificate its card lists as current now. No
 * certificate authority takes part; the card's signature and the fingerprint ceremony are the trust.
 */
import { createHash } from "node:crypto";
import type { TlsIdentity } from "../crypto/tls-identity.js";
import type { NodeCard } from "../directory/node-card.js";
import { certificatePem, currentTlsCertificates } from "../directory/node-card-tls.js";
import type { NodeContext } from "../server/node-context.js";
import type { Executor } from "../store/ledger-store.js";
import { listPeerRows } from "../store/peer-store.js";
import { FederationError } from "./errors.js";
import { peerCardOf } from "./stored-cards.js";

/** The certificates one peer may present now: by hex SHA-256 of the DER, and as PEM trust anchors. */
export type PeerPins = { state: string; sha256: ReadonlySet<string>; pems: readonly string[] };

/** Hex SHA-256 of a certificate's DER, as a card pins it. */
export const sha256OfDer = (der: Uint8Array): string => createHash("sha256").update(der).digest("hex");

export function pinsOfCard(card: NodeCard, now: Date): PeerPins {
  const current = currentTlsCertificates(card, now);
  return {
    state: card.state,
    sha256: new Set(current.map((entry) => entry.sha256)),
    pems: current.map(certificatePem),
  };
}

/** Every active peer's current certificates, by State. */
export async function activePeerPins(db: Executor, now: Date): Promise<PeerPins[]> {
  const rows = await listPeerRows(db);
  return rows.filter((row) => row.status === "active").map((row) => pinsOfCard(peerCardOf(row.card), now));
}

/** The origin (scheme, host, port) of a URL, to match a peer's card endpoint. */
const originOf = (url: string): string => new URL(url).origin;

/**
 * The pins for a URL: those of the active peer whose card endpoint has the URL's origin. A URL
 * that is no active peer's endpoint is refused before any connection is made.
 */
export async function pinsForUrl(db: Executor, url: string, now: Date): Promise<PeerPins> {
  const origin = originOf(url);
  const rows = await listPeerRows(db);
  const matches = rows
    .filter((row) => row.status === "active")
    .map((row) => peerCardOf(row.card))
    .filter((card) => originOf(card.endpoint) === origin);
  const [card] = matches;
  if (card === undefined || matches.length > 1) {
    const why = card === undefined ? "is no active peer's endpoint" : "is the endpoint of several peers";
    throw new FederationError("FEDERATION_NO_PEER", `${origin} ${why}`);
  }
  return pinsOfCard(card, now);
}

/** This node's TLS identity, without which it cannot talk to peers. */
export function ownTlsIdentity(context: Pick<NodeContext, "tls" | "config">): TlsIdentity {
  if (context.tls === undefined) {
    // A wiring fault, not a peer's: every node made by `node init` or the harnesses has one.
    throw new Error(`node ${context.config.state} has no TLS identity: it cannot reach or accept peers`);
  }
  return context.tls;
}
