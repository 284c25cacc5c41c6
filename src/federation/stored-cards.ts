/**
 * Peer cards as federation reads them from the peers table, parsed once per stored text.
 *
 * Parsing a stored card checks it whole — schema, key ids derived from the keys, every TLS
 * certificate parsed and its self-signature verified — and federation reads a peer's card several
 * times per message (sealing to it, checking its signature, pinning its certificate, checking its
 * receipt): in the federation benchmark that was about a fifth of the time a message took
 * (docs/performance.md). The result depends on the stored text alone, so it is kept by that text.
 * Callers still read the row every time, so an updated or revoked card counts from its next read;
 * only the parse of bytes already parsed is skipped. The value is frozen: it is shared.
 */
import type { KeyObject } from "node:crypto";
import type { CardKey, NodeCard } from "../directory/node-card.js";
import { publicKeyOf } from "../directory/node-card-keys.js";
import { storedCard } from "../services/peers/peers-context.js";

/** A node holds a handful of peers, each with few card versions; past this the memo starts again. */
const MAX_CARDS = 256;

const cards = new Map<string, NodeCard>();
const keyObjects = new WeakMap<CardKey, KeyObject>();

/** The card in a peers row's `card` column, parsed and checked the first time that text is seen. */
export function peerCardOf(json: string): NodeCard {
  let card = cards.get(json);
  if (card === undefined) {
    card = deepFreeze(storedCard(json).card);
    if (cards.size >= MAX_CARDS) cards.clear();
    cards.set(json, card);
  }
  return card;
}

/** The key object of a key on a card from `peerCardOf`, imported once per key. */
export function cardKeyObject(key: CardKey): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = publicKeyOf(key);
    keyObjects.set(key, object);
  }
  return object;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
