/**
 * Signing node cards and checking their signatures. The signed bytes are the card's format label,
 * a line feed, and the RFC 8785 canonical JSON of the card in UTF-8:
 *
 *   "rogatory.node-card/1" ‖ 0x0A ‖ JCS(card)
 *
 * Canonical JSON makes the signature independent of how a file is indented or ordered, so any
 * JCS + Ed25519 library can check a card; the label stops a signature made by the same key for
 * another purpose (a tree head, a message) from passing as a card signature.
 */
import { createPublicKey, KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../crypto/canonical-json.js";
import { keyId } from "../crypto/node-keys.js";
import { CARD_FORMAT, type NodeCard, parseNodeCard, type SignedCard } from "./node-card.js";
import { CardError } from "./node-card-errors.js";

/** The exact bytes a card signature covers. */
export function cardSigningBytes(card: NodeCard): Uint8Array {
  return new TextEncoder().encode(`${CARD_FORMAT}\n${canonicalJson(card)}`);
}

/**
 * Signs a card with an Ed25519 private key and records its key id. The key need not be on the
 * card: an update is signed by a key of the previous card, which the new card may drop.
 */
export function signCard(card: NodeCard, signingKey: KeyObject): SignedCard {
  if (!isEd25519(signingKey, "private")) {
    throw new CardError("CARD_BAD_KEY", "a card is signed with an Ed25519 private KeyObject");
  }
  const checked = parseNodeCard(card);
  const value = sign(null, cardSigningBytes(checked), signingKey).toString("base64");
  return { card: checked, signature: { kid: keyId(createPublicKey(signingKey)), value } };
}

/** True when the card's signature verifies with `publicKey`; false for anything an attacker sends. */
export function signatureVerifies(signed: SignedCard, publicKey: KeyObject): boolean {
  if (!isEd25519(publicKey, "public")) return false;
  const signature = Buffer.from(signed.signature.value, "base64");
  // Base64 can spell the same bytes twice (unused low bits): accept only the canonical spelling,
  // so a card's bytes cannot change while its signature still verifies.
  if (signature.toString("base64") !== signed.signature.value) return false;
  return verify(null, cardSigningBytes(signed.card), publicKey, signature);
}

function isEd25519(key: unknown, type: "private" | "public"): key is KeyObject {
  return key instanceof KeyObject && key.type === type && key.asymmetricKeyType === "ed25519";
}
