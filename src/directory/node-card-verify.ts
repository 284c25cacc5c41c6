/**
 * Whether a card may replace the one held for a State (or, with none held, be trusted at all).
 * The rules, each refused with its own code:
 *
 * - a first card is self-signed by one of its own signing keys, current now (the people at both
 *   ends then compare that key's fingerprint out of band: the signature alone proves nothing);
 * - an update names the same State and carries the next sequence number, so an old card cannot be
 *   replayed and a skipped one is noticed;
 * - an update is signed by a signing key that is current in the PREVIOUS card: trust flows only
 *   from a key already trusted, so a key first seen on the new card — a stolen or planted one —
 *   cannot vouch for itself;
 * - a key the previous card revoked stays listed and revoked (never later, never cleared), or the
 *   next card could bring a compromised key back;
 * - the card leaves the peer a current signing key, a current encryption key and a current TLS
 *   certificate.
 *
 * Rotation falls out of these: card n+1, signed by the old key, adds the new key and gives the old
 * one a `notAfter`; both are current during the overlap, and card n+2 can be signed by the new one.
 */
import { type CardKey, parseSignedCard, type SignedCard } from "./node-card.js";
import { CardError } from "./node-card-errors.js";
import { currentKeys, findKey, keyFingerprint, publicKeyOf, whyNotCurrent } from "./node-card-keys.js";
import { signatureVerifies } from "./node-card-sign.js";
import { currentTlsCertificates } from "./node-card-tls.js";

export type VerifiedCard = {
  /** The card as parsed: exactly what was signed. */
  signed: SignedCard;
  /** The key whose signature was checked: from the card itself (first card) or the previous one. */
  signer: CardKey;
  /** The signer's fingerprint, grouped in fours: what an administrator confirms for a new peer. */
  fingerprint: string;
};

/** Checks `next` against the card held (`previous`, or undefined for a first import) at `now`. */
export function verifyCardUpdate(
  previous: SignedCard | undefined,
  next: SignedCard,
  now: Date,
): VerifiedCard {
  // Parsed again whatever its type says: callers hand over JSON read from a file or the network.
  const signed = parseSignedCard(next);
  const signer = previous === undefined ? selfSigner(signed, now) : previousSigner(previous, signed, now);
  if (!signatureVerifies(signed, publicKeyOf(signer))) {
    throw new CardError(
      "CARD_BAD_SIGNATURE",
      `the card's signature does not verify with key ${signer.kid}: the card was altered or forged`,
    );
  }
  if (previous !== undefined) requireRevocationsKept(previous, signed);
  requireCurrentKeys(signed, now);
  return { signed, signer, fingerprint: keyFingerprint(signer) };
}

function selfSigner(signed: SignedCard, now: Date): CardKey {
  const { kid } = signed.signature;
  const key = findKey(signed.card, kid, "sig");
  if (key === undefined) {
    throw new CardError(
      "CARD_NOT_SELF_SIGNED",
      `a first card must be signed by one of its own signing keys; key ${kid} is not one`,
    );
  }
  const why = whyNotCurrent(key, now);
  if (why !== undefined) {
    throw new CardError("CARD_NOT_SELF_SIGNED", `the card is signed by its key ${kid}, which is ${why}`);
  }
  return key;
}

function previousSigner(previous: SignedCard, signed: SignedCard, now: Date): CardKey {
  const held = previous.card;
  const { card } = signed;
  if (card.state !== held.state) {
    throw new CardError("CARD_STATE_CHANGED", `the card is for ${card.state}, not ${held.state}`);
  }
  if (card.sequence !== held.sequence + 1) {
    const what = card.sequence <= held.sequence ? "an old or competing card" : "cards were skipped";
    throw new CardError(
      "CARD_SEQUENCE",
      `the card has sequence ${card.sequence} but ${held.sequence + 1} is next for ${held.state} (${what})`,
    );
  }
  const { kid } = signed.signature;
  const key = findKey(held, kid, "sig");
  const why = key === undefined ? "not a signing key of that card" : whyNotCurrent(key, now);
  if (key === undefined || why !== undefined) {
    throw new CardError(
      "CARD_NOT_SIGNED_BY_PREVIOUS_KEY",
      `an update must be signed by a current signing key of the card held (sequence ${held.sequence}); key ${kid} is ${why}`,
    );
  }
  return key;
}

function requireRevocationsKept(previous: SignedCard, signed: SignedCard): void {
  for (const old of previous.card.keys) {
    if (old.revokedAt === undefined) continue;
    const now = signed.card.keys.find((key) => key.kid === old.kid);
    if (now?.revokedAt === undefined || Date.parse(now.revokedAt) > Date.parse(old.revokedAt)) {
      throw new CardError(
        "CARD_KEY_UNREVOKED",
        `key ${old.kid} was revoked at ${old.revokedAt}; the card must keep listing it as revoked, no later`,
      );
    }
  }
}

function requireCurrentKeys(signed: SignedCard, now: Date): void {
  const missing: string[] = (["sig", "enc"] as const)
    .filter((use) => currentKeys(signed.card, now, use).length === 0)
    .map((use) => (use === "sig" ? "signing key" : "encryption key"));
  if (currentTlsCertificates(signed.card, now).length === 0) missing.push("TLS certificate");
  if (missing.length > 0) {
    throw new CardError(
      "CARD_NO_CURRENT_KEY",
      `the card has no current ${missing.join(" or ")} at ${now.toISOString()}: the node could not be reached or trusted`,
    );
  }
}
