/**
 * A node card: what a State's node publishes so that other States can trust it — its State, its
 * authority, its endpoint, its public keys with their validity, the version of its declarations —
 * numbered by a sequence that grows by one with every update, and signed (node-card-sign.ts).
 *
 * Cards come from other States, by hand or over the network: `parseSignedCard` is where that
 * attacker-controlled input is parsed. The schemas transform nothing, so the value checked is
 * exactly the value whose canonical JSON was signed; unknown members are refused for the same
 * reason (one party would sign what the other ignores).
 *
 * Keys are public JWKs (RFC 8037, `{kty: "OKP", crv, x}`) rather than SPKI PEM: one spelling per
 * key (PEM can be wrapped and padded differently), no line breaks inside canonical JSON, and the
 * form the envelope code's JOSE library takes directly.
 */
import { z } from "zod";
import { keyId } from "../crypto/node-keys.js";
import { StateCodeSchema } from "../treaty/request-document.js";
import { CardError } from "./node-card-errors.js";
import { curveFor, publicKeyOf } from "./node-card-keys.js";
import { checkTlsCertificates } from "./node-card-tls.js";

export const CARD_FORMAT = "rogatory.node-card/1" as const;

/** `keyId()` of node-keys.ts: the first 16 hex digits of the key's fingerprint. */
export const KidSchema = z.string().regex(/^[0-9a-f]{16}$/, "16 lower-case hex digits (keyId of the key)");

/** A bare public JWK: a strict object, so a private part `d` (or anything else) is refused. */
export const PublicJwkSchema = z.strictObject({
  kty: z.literal("OKP"),
  crv: z.enum(["Ed25519", "X25519"]),
  // 43 characters carry 258 bits: the last one must leave the 2 spare bits zero, so that each key
  // has exactly one spelling (a second one would be a different card for the same key).
  x: z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, "32 bytes in canonical unpadded base64url"),
});
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

export const KeyUseSchema = z.enum(["sig", "enc"]);
export type KeyUse = z.infer<typeof KeyUseSchema>;

/** UTC only ("…Z"): times compare as instants and read the same everywhere. */
const InstantSchema = z.iso.datetime();

export const CardKeySchema = z.strictObject({
  kid: KidSchema,
  use: KeyUseSchema,
  publicKey: PublicJwkSchema,
  notBefore: InstantSchema,
  notAfter: InstantSchema.optional(),
  revokedAt: InstantSchema.optional(),
});
export type CardKey = z.infer<typeof CardKeySchema>;

/**
 * A TLS certificate peers pin for node-to-node traffic: its DER in padded standard base64 and the
 * hex SHA-256 of that DER (checked against it). Several may be listed, for a rotation's overlap.
 */
export const CardTlsCertificateSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits (SHA-256 of the certificate's DER)"),
  certificate: z
    .string()
    .max(8192)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "the certificate's DER in padded standard base64"),
  notBefore: InstantSchema,
  notAfter: InstantSchema.optional(),
});
export type CardTlsCertificate = z.infer<typeof CardTlsCertificateSchema>;

export const NodeCardSchema = z.strictObject({
  format: z.literal(CARD_FORMAT),
  state: StateCodeSchema,
  authority: z.string().min(1).max(200),
  // https only: federation runs over mutual TLS pinned to `tls`; a plain-http endpoint could not be reached.
  endpoint: z.url({ protocol: /^https$/, error: "an https URL" }).max(2048),
  // Bounded: revoked keys stay listed (see verifyCardUpdate), but a card is not a place for thousands.
  keys: z.array(CardKeySchema).min(2).max(32),
  /** The TLS certificates of `endpoint` and of this node as a client: peers trust exactly these. */
  tls: z.array(CardTlsCertificateSchema).min(1).max(8),
  declarationsVersion: z.iso.date(),
  issued: InstantSchema,
  sequence: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export type NodeCard = z.infer<typeof NodeCardSchema>;

export const CardSignatureSchema = z.strictObject({
  /** Which key signed: a signing key of this card (first card) or of the previous one (update). */
  kid: KidSchema,
  /** The 64-byte Ed25519 signature over `cardSigningBytes(card)`, in padded standard base64. */
  value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "a 64-byte signature in padded base64"),
});

export const SignedCardSchema = z.strictObject({ card: NodeCardSchema, signature: CardSignatureSchema });
export type SignedCard = z.infer<typeof SignedCardSchema>;

const malformed = (message: string, cause?: unknown) =>
  new CardError("CARD_MALFORMED", message, cause === undefined ? undefined : { cause });

/** Parses untrusted input into a signed card (shape only; the signature is checked on verify). */
export function parseSignedCard(input: unknown): SignedCard {
  const parsed = SignedCardSchema.safeParse(input);
  if (!parsed.success) throw malformed(`not a valid signed node card: ${z.prettifyError(parsed.error)}`);
  checkKeys(parsed.data.card);
  checkTlsCertificates(parsed.data.card, malformed);
  return parsed.data;
}

/** Parses a card before it is signed, so that a node never signs what its peers would refuse. */
export function parseNodeCard(input: unknown): NodeCard {
  const parsed = NodeCardSchema.safeParse(input);
  if (!parsed.success) throw malformed(`not a valid node card: ${z.prettifyError(parsed.error)}`);
  checkKeys(parsed.data);
  checkTlsCertificates(parsed.data, malformed);
  return parsed.data;
}

/** What the schema cannot say: key ids are unique and derived from the keys, curves fit uses, both uses present. */
function checkKeys(card: NodeCard): void {
  const seen = new Set<string>();
  for (const [i, key] of card.keys.entries()) {
    const where = `keys[${i}] (${key.kid})`;
    if (seen.has(key.kid)) throw malformed(`${where}: the key id appears twice`);
    seen.add(key.kid);
    if (key.publicKey.crv !== curveFor(key.use)) {
      throw malformed(`${where}: a ${key.use} key must be ${curveFor(key.use)}, not ${key.publicKey.crv}`);
    }
    // A kid must be derived from its key, or one key could be listed under another's id.
    let derived: string;
    try {
      derived = keyId(publicKeyOf(key));
    } catch (cause) {
      // Node accepts any 32 bytes today; a stricter OpenSSL could refuse some, and that is malformed too.
      throw malformed(`${where}: the public key is not a valid ${key.publicKey.crv} key`, cause);
    }
    if (derived !== key.kid) throw malformed(`${where}: the key id is not keyId of the key (${derived})`);
    if (key.notAfter !== undefined && Date.parse(key.notAfter) <= Date.parse(key.notBefore)) {
      throw malformed(`${where}: notAfter must be later than notBefore`);
    }
  }
  for (const use of ["sig", "enc"] as const) {
    if (!card.keys.some((key) => key.use === use)) throw malformed(`the card lists no ${use} key`);
  }
}
