/**
 * The JOSE headers of an envelope and the allow-lists the receiver holds them to
 * (docs/protocol.md §3–4). Each header may hold exactly the members we write, with exactly our
 * values: an algorithm is never negotiated, and a member we do not write (`zip`, `crit`, `jwk`,
 * `jku`, `x5u`, `b64`, …) could make some library decompress, fetch a key or skip a check. The
 * headers checked here are attacker-controlled: anyone can encrypt to a node's public key.
 */
import { decodeBase64url, quote } from "./envelope-compact.js";
import { EnvelopeError } from "./errors.js";

export const JWS_ALG = "Ed25519";
export const JWE_ALG = "ECDH-ES+A256KW";
export const JWE_ENC = "A256GCM";
/** The JWS `typ`, and the JWE `cty` that says the plaintext is such a JWS. The version is in the name. */
export const MESSAGE_MEDIA_TYPE = "rogatory-message-v1+jws";

/** A node's key id as the caller gives it: `keyId()` of node-keys.ts makes 16 hex digits. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
/** A `kid` on the wire: the key owner's State, a slash, its key id, e.g. `XA/3f2a9c0d1e4b5a67`. */
const WIRE_KID_PATTERN = /^([A-Z]{2})\/([A-Za-z0-9._:-]{1,64})$/;

export const wireKid = (state: string, keyId: string): string => `${state}/${keyId}`;

const JWE_MEMBERS: ReadonlySet<string> = new Set(["alg", "enc", "kid", "cty", "epk"]);
const JWS_MEMBERS: ReadonlySet<string> = new Set(["alg", "kid", "typ"]);
const EPK_MEMBERS: ReadonlySet<string> = new Set(["kty", "crv", "x"]);

const badAlgorithm = (message: string) => new EnvelopeError("ENVELOPE_BAD_ALGORITHM", message);
const malformed = (message: string) => new EnvelopeError("ENVELOPE_MALFORMED", message);

function onlyMembers(object: Record<string, unknown>, allowed: ReadonlySet<string>, what: string): void {
  for (const name of Object.keys(object)) {
    if (!allowed.has(name)) throw badAlgorithm(`${what} parameter ${quote(name)} is not allowed`);
  }
}

/** The ephemeral public key must be a bare X25519 public key: no other curve, no `d`, no `kid`. */
function checkEphemeralKey(epk: unknown): void {
  if (typeof epk !== "object" || epk === null || Array.isArray(epk))
    throw malformed("epk must be a JWK object");
  const jwk = epk as Record<string, unknown>;
  onlyMembers(jwk, EPK_MEMBERS, "epk");
  if (jwk.kty !== "OKP" || jwk.crv !== "X25519") {
    throw badAlgorithm(`epk must be an OKP X25519 key, not ${quote(jwk.kty)} ${quote(jwk.crv)}`);
  }
  if (typeof jwk.x !== "string" || decodeBase64url(jwk.x, "epk x").length !== 32) {
    throw malformed("epk x must be a 32-byte X25519 public key");
  }
}

/**
 * Checks the JWE header before anything is decrypted, in the order of docs/protocol.md §5:
 * members and algorithms (BAD_ALGORITHM), content type (MALFORMED), then the recipient key id
 * (NOT_FOR_US), so a message for another key is refused without spending a key agreement on it.
 */
export function checkJweHeader(header: Record<string, unknown>, expectedKid: string): void {
  onlyMembers(header, JWE_MEMBERS, "JWE header");
  if (header.alg !== JWE_ALG) throw badAlgorithm(`JWE alg ${quote(header.alg)} is not ${JWE_ALG}`);
  if (header.enc !== JWE_ENC) throw badAlgorithm(`JWE enc ${quote(header.enc)} is not ${JWE_ENC}`);
  checkEphemeralKey(header.epk);
  if (header.cty !== MESSAGE_MEDIA_TYPE)
    throw malformed(`JWE cty ${quote(header.cty)} is not ${MESSAGE_MEDIA_TYPE}`);
  if (typeof header.kid !== "string" || !WIRE_KID_PATTERN.test(header.kid))
    throw malformed("JWE kid is malformed");
  if (header.kid !== expectedKid) {
    throw new EnvelopeError(
      "ENVELOPE_NOT_FOR_US",
      `encrypted to key ${quote(header.kid)}, not to ${expectedKid}`,
    );
  }
}

export type SignerKid = {
  /** The `kid` as written. */
  kid: string;
  /** The State that owns the signing key: the only State the message may claim to come from. */
  state: string;
  keyId: string;
};

/** Checks the inner JWS header and reads whose key the `kid` names. */
export function checkJwsHeader(header: Record<string, unknown>): SignerKid {
  onlyMembers(header, JWS_MEMBERS, "JWS header");
  // "EdDSA" is refused too: RFC 9864 deprecates it in favour of the fully specified "Ed25519".
  if (header.alg !== JWS_ALG) throw badAlgorithm(`JWS alg ${quote(header.alg)} is not ${JWS_ALG}`);
  if (header.typ !== MESSAGE_MEDIA_TYPE)
    throw malformed(`JWS typ ${quote(header.typ)} is not ${MESSAGE_MEDIA_TYPE}`);
  const match = typeof header.kid === "string" ? WIRE_KID_PATTERN.exec(header.kid) : null;
  if (!match?.[1] || !match[2]) throw malformed("JWS kid must be a State code, a slash and a key id");
  return { kid: match[0], state: match[1], keyId: match[2] };
}
