/**
 * Builders for node-card tests: fresh keys, card keys with chosen validity, cards and their
 * successors. Shared by the domain, service and CLI tests so that every one builds cards the same way.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { generateNodeKeys, keyId, type NodeKeySet } from "../crypto/node-keys.js";
import { CARD_FORMAT, type CardKey, type KeyUse, type NodeCard } from "./node-card.js";
import { jwkOf } from "./node-card-keys.js";

export const T0 = new Date("2030-01-01T00:00:00.000Z");
const DAY = 86_400_000;
/** T0 plus a number of days (fractions allowed). */
export const day = (days: number): Date => new Date(T0.getTime() + days * DAY);
export const iso = (days: number): string => day(days).toISOString();

export type Validity = { notBefore?: string; notAfter?: string; revokedAt?: string };

export function cardKey(key: KeyObject, use: KeyUse, validity: Validity = {}): CardKey {
  const publicKey = jwkOf(key, use);
  return { kid: keyIdOf(key), use, publicKey, notBefore: iso(-1), ...validity };
}

const keyIdOf = (key: KeyObject) => keyId(key.type === "private" ? createPublicKey(key) : key);

/** A node's keys as they first appear on its card. */
export const keysOf = (keys: NodeKeySet, validity: Validity = {}): CardKey[] => [
  cardKey(keys.signing.publicKey, "sig", validity),
  cardKey(keys.encryption.publicKey, "enc", validity),
];

export function makeCard(keys: NodeKeySet, overrides: Partial<NodeCard> = {}): NodeCard {
  return {
    format: CARD_FORMAT,
    state: "XA",
    authority: "Central Authority of XA",
    endpoint: "https://xa.example:7400",
    keys: keysOf(keys),
    declarationsVersion: "2030-01-01",
    issued: iso(0),
    sequence: 1,
    ...overrides,
  };
}

/** The next card: sequence + 1, with the changes given. */
export const nextCard = (card: NodeCard, changes: Partial<NodeCard> = {}): NodeCard => ({
  ...card,
  sequence: card.sequence + 1,
  ...changes,
});

export { generateNodeKeys };
