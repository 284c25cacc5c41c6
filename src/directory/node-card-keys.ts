/**
 * The keys on a node card: turning their JWKs into key objects and back, deciding which are
 * current at a moment, and the fingerprint people compare out of band. A key is current from its
 * `notBefore` until its `notAfter` or its `revokedAt`, whichever comes first; two signing keys
 * may be current at once, which is what lets a node rotate without a gap (the overlap period).
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { fingerprint } from "../crypto/node-keys.js";
import type { CardKey, KeyUse, NodeCard, PublicJwk } from "./node-card.js";

const CURVE: Readonly<Record<KeyUse, { crv: PublicJwk["crv"]; type: "ed25519" | "x25519" }>> = {
  sig: { crv: "Ed25519", type: "ed25519" },
  enc: { crv: "X25519", type: "x25519" },
};

/** The curve a key of this use must be on: signing keys are Ed25519, encryption keys X25519. */
export const curveFor = (use: KeyUse): PublicJwk["crv"] => CURVE[use].crv;

/** The public key a card lists. Throws (from node:crypto) when the JWK holds no valid key. */
export function publicKeyOf(key: Pick<CardKey, "publicKey">): KeyObject {
  return createPublicKey({ key: { ...key.publicKey }, format: "jwk" });
}

/** The public JWK of a key object, with exactly the members a card allows (never `d`). */
export function jwkOf(key: KeyObject, use: KeyUse): PublicJwk {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== CURVE[use].type) {
    throw new TypeError(`a ${use} key must be ${CURVE[use].type}, not ${publicKey.asymmetricKeyType}`);
  }
  const { x } = publicKey.export({ format: "jwk" });
  return { kty: "OKP", crv: CURVE[use].crv, x: String(x) };
}

/** True when the key may be used at `now`: begun, not expired, not revoked. Bounds are half-open. */
export function isCurrent(key: CardKey, now: Date): boolean {
  const at = now.getTime();
  if (Date.parse(key.notBefore) > at) return false;
  if (key.notAfter !== undefined && Date.parse(key.notAfter) <= at) return false;
  if (key.revokedAt !== undefined && Date.parse(key.revokedAt) <= at) return false;
  return true;
}

/** Why a key is not current at `now`, for messages; undefined when it is. */
export function whyNotCurrent(key: CardKey, now: Date): string | undefined {
  const at = now.getTime();
  if (key.revokedAt !== undefined && Date.parse(key.revokedAt) <= at) return `revoked at ${key.revokedAt}`;
  if (key.notAfter !== undefined && Date.parse(key.notAfter) <= at) return `expired at ${key.notAfter}`;
  if (Date.parse(key.notBefore) > at) return `not valid before ${key.notBefore}`;
  return undefined;
}

/** The card's keys of this use that are current at `now`, in the card's order. */
export function currentKeys(card: NodeCard, now: Date, use: KeyUse): CardKey[] {
  return card.keys.filter((key) => key.use === use && isCurrent(key, now));
}

/** The key with this id on the card, of this use; undefined when there is none. */
export const findKey = (card: NodeCard, kid: string, use: KeyUse): CardKey | undefined =>
  card.keys.find((key) => key.kid === kid && key.use === use);

/** The fingerprint of a card key: SHA-256 of its SPKI DER, as `fingerprint` in node-keys.ts prints it. */
export const keyFingerprint = (key: Pick<CardKey, "publicKey">): string => fingerprint(publicKeyOf(key));

/**
 * A fingerprint as a person typed or pasted it, reduced to 64 lower-case hex digits (spaces,
 * colons and case do not matter); undefined when it cannot be one.
 */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/[\s:]/g, "").toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** 64 hex digits in groups of four, the form people read aloud. */
export const formatFingerprint = (hex: string): string => hex.match(/.{1,4}/g)?.join(" ") ?? hex;
