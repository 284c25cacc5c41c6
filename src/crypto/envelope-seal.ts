/**
 * Sealing: the sender signs the RFC 8785 form of the message (JWS, Ed25519), then encrypts that
 * JWS to the recipient node (JWE, ECDH-ES+A256KW with X25519, A256GCM). Signing inside the
 * encryption means the recipient can keep the signed message as evidence of what the sender said,
 * and no one on the way learns who wrote it or what it says.
 *
 * Sealing is randomised (ephemeral key, content key, IV): to re-send, the caller stores the sealed
 * string and sends the same bytes again; the message id, not the bytes, is what the receiver dedupes on.
 */

import type { KeyObject } from "node:crypto";
import { CompactEncrypt, CompactSign } from "jose";
import { JWE_ALG, JWE_ENC, JWS_ALG, MESSAGE_MEDIA_TYPE, wireKid } from "./envelope-headers.js";
import { requireKey, requireKeyId } from "./envelope-keys.js";
import { canonicalMessage, type Message, parseMessageBody, parseMessageHeader } from "./envelope-message.js";
import { EnvelopeError } from "./errors.js";

export type SealOptions = {
  /** The sending node's Ed25519 private key. */
  signingKey: KeyObject;
  /** Its key id (`keyId()` of node-keys.ts); the JWS `kid` is `<from State>/<senderKeyId>`. */
  senderKeyId: string;
  /** The receiving node's current X25519 public key, from its node card. */
  recipientKey: KeyObject;
  /** Its key id; the JWE `kid` is `<to State>/<recipientKeyId>`. */
  recipientKeyId: string;
};

const encoder = new TextEncoder();

/**
 * The sealed envelope (a compact JWE) for `message`. The message is checked first against the
 * same schemas the receiver uses, so a node never sends what its peer must refuse.
 */
export async function sealMessage(message: Message, options: SealOptions): Promise<string> {
  return (await sealMessageKeepingJws(message, options)).sealed;
}

/**
 * `sealMessage`, also returning the signed message (the JWS inside the envelope): the sender keeps
 * it, so its own statements can be shown later (court bundles) without the recipient's key.
 */
export async function sealMessageKeepingJws(
  message: Message,
  options: SealOptions,
): Promise<{ sealed: string; jws: string }> {
  requireKey(options.signingKey, "ed25519", "private", "signingKey");
  requireKey(options.recipientKey, "x25519", "public", "recipientKey");
  requireKeyId(options.senderKeyId, "senderKeyId");
  requireKeyId(options.recipientKeyId, "recipientKeyId");
  const checked = parseMessageBody(parseMessageHeader(message));
  // Sign what the schemas returned, so the receiver's normal-form check holds by construction.
  const payload = encoder.encode(canonicalMessage(checked));
  try {
    const jws = await new CompactSign(payload)
      .setProtectedHeader({
        alg: JWS_ALG,
        kid: wireKid(checked.from, options.senderKeyId),
        typ: MESSAGE_MEDIA_TYPE,
      })
      .sign(options.signingKey);
    const sealed = await new CompactEncrypt(encoder.encode(jws))
      .setProtectedHeader({
        alg: JWE_ALG,
        enc: JWE_ENC,
        kid: wireKid(checked.to, options.recipientKeyId),
        cty: MESSAGE_MEDIA_TYPE,
      })
      .encrypt(options.recipientKey);
    return { sealed, jws };
  } catch (error) {
    // The keys were checked above; a failure here is the runtime's, reported as a fault of ours.
    throw new EnvelopeError("ENVELOPE_MISCONFIGURED", `the message could not be sealed: ${String(error)}`, {
      cause: error,
    });
  }
}
