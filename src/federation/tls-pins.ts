/**
 * Which TLS certificates federation trusts, read from the cards of active peers: a peer is
 * reached, and accepted as a client, only with a certificate its card lists as current now. No
 * certificate authority takes part; the card's signature and the fingerprint ceremony are the trust.
 *
 * One bad row must not cut off every peer: a stored card that cannot be parsed leaves out that
 * peer alone (reported to the log given), and a certificate that two peers' cards both list is
 * pinned for neither — the import refuses such a card, this is the defence should one be stored.
 */
import type { TlsIdentity } from "../crypto/tls-identity.js";
import type { NodeCard } from "../directory/node-card.js";
import { certificatePem, certificateSha256, currentTlsCertificates } from "../directory/node-card-tls.js";
import type { NodeContext } from "../server/node-context.js";
import type { Executor } from "../store/ledger-store.js";
import { listPeerRows } from "../store/peer-store.js";
import { FederationError } from "./errors.js";
import type { Log } from "./log.js";
import { peerCardOf } from "./stored-cards.js";

/** The certificates one peer may present now: by hex SHA-256 of the DER, and as PEM trust anchors. */
export type PeerPins = { state: string; sha256: ReadonlySet<string>; pems: readonly string[] };

/** Where the peers left out of the pins are reported. */
export type PinsLog = Pick<Log, "warn">;

/** Hex SHA-256 of a certificate's DER, as a card pins it (the directory's one function, by its older name here). */
export const sha256OfDer = certificateSha256;

export function pinsOfCard(card: NodeCard, now: Date): PeerPins {
  return pinsOf(card, now, new Set());
}

function pinsOf(card: NodeCard, now: Date, shared: ReadonlySet<string>): PeerPins {
  const current = currentTlsCertificates(card, now).filter((entry) => !shared.has(entry.sha256));
  return {
    state: card.state,
    sha256: new Set(current.map((entry) => entry.sha256)),
    pems: current.map(certificatePem),
  };
}

type ActiveCards = { cards: NodeCard[]; unreadable: string[] };

/** The cards of the active peers; a row whose card cannot be parsed is left out and reported. */
async function activeCards(db: Executor, log: PinsLog | undefined): Promise<ActiveCards> {
  const found: ActiveCards = { cards: [], unreadable: [] };
  for (const row of await listPeerRows(db)) {
    if (row.status !== "active") continue;
    try {
      found.cards.push(peerCardOf(row.card));
    } catch (error) {
      found.unreadable.push(row.state);
      log?.warn(
        { state: row.state, err: error },
        `${row.state}'s stored card cannot be read: that peer is refused`,
      );
    }
  }
  return found;
}

/** Certificates listed on more than one State's card: each could be presented as either State. */
function sharedCertificates(cards: readonly NodeCard[], log: PinsLog | undefined): Set<string> {
  const statesOf = new Map<string, Set<string>>();
  for (const card of cards) {
    for (const entry of card.tls) {
      const states = statesOf.get(entry.sha256) ?? new Set<string>();
      states.add(card.state);
      statesOf.set(entry.sha256, states);
    }
  }
  const shared = new Set<string>();
  for (const [sha256, states] of statesOf) {
    if (states.size < 2) continue;
    shared.add(sha256);
    log?.warn(
      { sha256, states: [...states] },
      `the TLS certificate ${sha256} is on the cards of ${[...states].join(", ")}: pinned for none of them`,
    );
  }
  return shared;
}

/** Every active peer's current certificates, by State, leaving out unreadable cards and shared certificates. */
export async function activePeerPins(db: Executor, now: Date, log?: PinsLog): Promise<PeerPins[]> {
  const { cards } = await activeCards(db, log);
  const shared = sharedCertificates(cards, log);
  return cards.map((card) => pinsOf(card, now, shared));
}

/** The origin (scheme, host, port) of a URL, to match a peer's card endpoint. */
const originOf = (url: string): string => new URL(url).origin;

/**
 * The pins for a URL: those of the active peer whose card endpoint has the URL's origin. A URL
 * that is no active peer's endpoint is refused before any connection is made. The import refuses
 * a card whose endpoint another active peer's card has, so at most one peer matches; several
 * matching (rows stored before that check) are refused rather than guessed between.
 */
export async function pinsForUrl(db: Executor, url: string, now: Date, log?: PinsLog): Promise<PeerPins> {
  const origin = originOf(url);
  const { cards, unreadable } = await activeCards(db, log);
  const matches = cards.filter((card) => originOf(card.endpoint) === origin);
  const [card] = matches;
  if (card === undefined) {
    // The peer meant may be one whose card cannot be read: say so rather than only "unknown".
    const hint =
      unreadable.length === 0 ? "" : ` (the stored card of ${unreadable.join(", ")} cannot be read)`;
    throw new FederationError("FEDERATION_NO_PEER", `${origin} is no active peer's endpoint${hint}`);
  }
  if (matches.length > 1) {
    throw new FederationError("FEDERATION_NO_PEER", `${origin} is the endpoint of several peers`);
  }
  return pinsOf(card, now, sharedCertificates(cards, undefined));
}

/** This node's TLS identity, without which it cannot talk to peers. */
export function ownTlsIdentity(context: Pick<NodeContext, "tls" | "config">): TlsIdentity {
  if (context.tls === undefined) {
    // A wiring fault, not a peer's: every node made by `node init` or the harnesses has one.
    throw new Error(`node ${context.config.state} has no TLS identity: it cannot reach or accept peers`);
  }
  return context.tls;
}
