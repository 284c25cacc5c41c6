/**
 * Opening: the receiver's checks, in the order docs/protocol.md §5 gives, each failure with its
 * own code. Pure apart from the two look-ups the caller passes in (sender keys and the replay
 * store), which are only read: opening a message, accepted or not, changes nothing. The caller
 * records the id together with the message's effect, and logs refusals by code.
 *
 * Everything before the signature check is attacker-controlled (anyone may encrypt to a node's
 * public key); after it, the payload is still only as trustworthy as the peer, so it is parsed as
 * strictly. jose's and WebCrypto's exceptions are caught at each step and given that step's code.
 * An exception from the caller's own look-ups (a database that is down) propagates unchanged: it
 * says nothing about the message, and the sender should simply retry.
 */

import type { KeyObject } from "node:crypto";
import { compactDecrypt, compactVerify } from "jose";
import { decodeHeader, decodeUtf8, parseJsonObject, splitCompact } from "./envelope-compact.js";
import {
  checkJweHeader,
  checkJwsHeader,
  JWE_ALG,
  JWE_ENC,
  JWS_ALG,
  type SignerKid,
  wireKid,
} from "./envelope-headers.js";
import { requireKey, requireKeyId, requireLimit, requireState, requireTime } from "./envelope-keys.js";
import {
  canonicalMessage,
  type Message,
  type MessageHeader,
  parseMessageBody,
  parseMessageHeader,
} from "./envelope-message.js";
import { EnvelopeError } from "./errors.js";

/** How far a sender's clock may be from ours, both ways, unless the caller says otherwise. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;
/** Larger than any message we send (documents, not evidence files, travel in messages). */
export const DEFAULT_MAX_SEALED_CHARS = 4 * 1024 * 1024;

export type OpenOptions = {
  /** This node's X25519 private key. */
  recipientPrivateKey: KeyObject;
  /** This node's State: the only `to` accepted. */
  recipientState: string;
  /** The key id of `recipientPrivateKey`: the JWE `kid` must be `<recipientState>/<recipientKeyId>`. */
  recipientKeyId: string;
  /** The known, current Ed25519 public key `keyId` of `state`, or undefined. Read only. */
  senderKeys: (state: string, keyId: string) => KeyObject | undefined | Promise<KeyObject | undefined>;
  now: Date;
  /** How far in the future `created` may be; also how old, unless maxAgeSeconds is given. Default 300. */
  maxSkewSeconds?: number;
  /** How old `created` may be (transit time plus skew); defaults to maxSkewSeconds. */
  maxAgeSeconds?: number;
  /** Whether a message with this id was already accepted. Read only. */
  seen: (id: string) => boolean | Promise<boolean>;
  /** Longest sealed string accepted, in characters; default 4 MiB. */
  maxSealedChars?: number;
};

export type OpenedEnvelope = {
  message: Message;
  /** The sender's compact JWS over the message: keep it as proof of what the sender said. */
  signedMessage: string;
  /** The signing key's `kid` as written, `<State>/<key id>`. */
  signerKid: string;
};

type Settings = { maxSkewSeconds: number; maxAgeSeconds: number; maxSealedChars: number };

/** Checks the caller's own keys and settings before looking at the message. */
function settingsOf(options: OpenOptions): Settings {
  requireKey(options.recipientPrivateKey, "x25519", "private", "recipientPrivateKey");
  requireState(options.recipientState, "recipientState");
  requireKeyId(options.recipientKeyId, "recipientKeyId");
  requireTime(options.now);
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const maxAgeSeconds = options.maxAgeSeconds ?? maxSkewSeconds;
  const maxSealedChars = options.maxSealedChars ?? DEFAULT_MAX_SEALED_CHARS;
  requireLimit(maxSkewSeconds, "maxSkewSeconds");
  requireLimit(maxAgeSeconds, "maxAgeSeconds");
  requireLimit(maxSealedChars, "maxSealedChars");
  return { maxSkewSeconds, maxAgeSeconds, maxSealedChars };
}

/** Steps 1–5: the JWE's shape and header (hostile input), decryption, the plaintext as text. */
async function decrypt(sealed: unknown, options: OpenOptions, settings: Settings): Promise<string> {
  const parts = splitCompact(sealed, 5, settings.maxSealedChars);
  checkJweHeader(
    decodeHeader(parts[0] ?? "", "JWE header"),
    wireKid(options.recipientState, options.recipientKeyId),
  );
  let plaintext: Uint8Array;
  try {
    // splitCompact has checked that `sealed` is a string.
    ({ plaintext } = await compactDecrypt(sealed as string, options.recipientPrivateKey, {
      keyManagementAlgorithms: [JWE_ALG],
      contentEncryptionAlgorithms: [JWE_ENC],
    }));
  } catch (error) {
    // The header passed the allow-list, so any failure left is the key agreement, key unwrap or
    // GCM tag refusing altered bytes; jose's message is kept only as the cause.
    throw new EnvelopeError("ENVELOPE_UNDECRYPTABLE", "the envelope does not decrypt with this node's key", {
      cause: error,
    });
  }
  return decodeUtf8(plaintext, "the decrypted JWS");
}

/** Steps 5–8: the JWS header (still hostile: anyone can encrypt to us), the key, the signature. */
async function verify(
  jws: string,
  options: OpenOptions,
): Promise<{ signer: SignerKid; payload: Uint8Array }> {
  const parts = splitCompact(jws, 3, Number.POSITIVE_INFINITY);
  const signer = checkJwsHeader(decodeHeader(parts[0] ?? "", "JWS header"));
  const key = await options.senderKeys(signer.state, signer.keyId);
  if (key === undefined) {
    throw new EnvelopeError(
      "ENVELOPE_UNKNOWN_KEY",
      `${signer.kid} is not a known, current key of ${signer.state}`,
    );
  }
  requireKey(key, "ed25519", "public", `senderKeys(${signer.state}, ${signer.keyId})`);
  try {
    const { payload } = await compactVerify(jws, key, { algorithms: [JWS_ALG] });
    return { signer, payload };
  } catch (error) {
    throw new EnvelopeError("ENVELOPE_BAD_SIGNATURE", `the signature does not verify with ${signer.kid}`, {
      cause: error,
    });
  }
}

/**
 * Step 9: the signed payload must be the RFC 8785 form of a message. Requiring the canonical
 * form refuses duplicate member names, which JSON parsers resolve differently (first or last
 * wins), so every implementation reads the same message from the same signed bytes.
 */
function readHeader(payload: string): MessageHeader {
  const value = parseJsonObject(payload, "the signed payload");
  let canonical: string;
  try {
    canonical = canonicalMessage(value);
  } catch (error) {
    // A nesting too deep for the serialiser's recursion lands here as a RangeError.
    if (error instanceof EnvelopeError) throw error;
    throw new EnvelopeError("ENVELOPE_MALFORMED", "the signed payload cannot be canonicalised", {
      cause: error,
    });
  }
  if (canonical !== payload)
    throw new EnvelopeError("ENVELOPE_MALFORMED", "the signed payload is not RFC 8785 JSON");
  return parseMessageHeader(value);
}

/** Step 13: `created` within [now − maxAge, now + maxSkew]. */
function checkCreated(created: string, now: Date, settings: Settings): void {
  const ahead = (Date.parse(created) - now.getTime()) / 1000;
  if (ahead > settings.maxSkewSeconds) {
    throw new EnvelopeError("ENVELOPE_EXPIRED", `created ${created} is ${Math.round(ahead)} s in the future`);
  }
  if (-ahead > settings.maxAgeSeconds) {
    throw new EnvelopeError("ENVELOPE_EXPIRED", `created ${created} is ${Math.round(-ahead)} s old`);
  }
}

/** Opens a sealed message and returns it with the sender's signature, or throws EnvelopeError. */
export async function openEnvelope(sealed: unknown, options: OpenOptions): Promise<OpenedEnvelope> {
  const settings = settingsOf(options);
  const jws = await decrypt(sealed, options, settings);
  const { signer, payload: signed } = await verify(jws, options);
  const payload = decodeUtf8(signed, "the signed payload");
  const header = readHeader(payload);
  if (header.from !== signer.state) {
    throw new EnvelopeError("ENVELOPE_SENDER_MISMATCH", `from ${header.from} but signed with ${signer.kid}`);
  }
  if (header.to !== options.recipientState) {
    throw new EnvelopeError(
      "ENVELOPE_NOT_FOR_US",
      `addressed to ${header.to}, not ${options.recipientState}`,
    );
  }
  // Before the time check: a late duplicate of an accepted message is a duplicate, so the inbox
  // can answer it with the original receipt rather than an error the sender would retry.
  if (await options.seen(header.id)) {
    throw new EnvelopeError("ENVELOPE_REPLAYED", `message ${header.id} was already received`);
  }
  checkCreated(header.created, options.now, settings);
  const message = parseMessageBody(header);
  // The schemas transform nothing, so this only fails if one ever starts to: then what we return
  // would differ from what was signed, and the stored signature would not cover it.
  if (canonicalMessage(message) !== payload) {
    throw new EnvelopeError("ENVELOPE_BAD_BODY", "the body is not in its normal form");
  }
  return { message, signedMessage: jws, signerKid: signer.kid };
}

/** Opens a sealed message: the checked message, or an EnvelopeError saying which check failed. */
export async function openMessage(sealed: unknown, options: OpenOptions): Promise<Message> {
  return (await openEnvelope(sealed, options)).message;
}
