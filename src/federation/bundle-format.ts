/**
 * The offline bundle file (docs/protocol.md §11): the envelopes one node has for another and the
 * receipts it owes it, in one JSON document signed by the exporting node's Ed25519 key. The signed
 * bytes are the format label, a line feed and the RFC 8785 canonical JSON of the bundle without
 * its signature:
 *
 *   "rogatory.bundle/1" ‖ 0x0A ‖ JCS(bundle without "signature")
 *
 * Every envelope and receipt is already signed and encrypted end to end; the bundle's own signature
 * makes the file one unit, so that a truncated, reordered or edited file — an envelope dropped, a
 * receipt swapped — is refused whole before anything is imported, and names who wrote it.
 *
 * A bundle that carries an evidence transmission also carries that item's encrypted chunks
 * (`chunks`, present only when there are some, so a bundle without evidence is signed exactly as
 * before): over an air gap the receiver could never fetch them.
 */
import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json.js";
import { keyId } from "../crypto/node-keys.js";
import { CardSignatureSchema } from "../directory/node-card.js";
import { CHUNK_SIZE, TAG_LENGTH } from "../evidence/chunked-aead.js";
import { StateCodeSchema } from "../treaty/request-document.js";
import { BundleError } from "./bundle-errors.js";

export const BUNDLE_FORMAT = "rogatory.bundle/1" as const;

/** A compact JWE; its contents are checked by openEnvelope like any message from the network. */
const SealedSchema = z
  .string()
  .min(1)
  .max(4 * 1024 * 1024);

/**
 * The largest bundle file: larger than any bundle of real traffic, and below what one JavaScript
 * string can hold. Export keeps under it (evidence that does not fit waits for a next bundle);
 * import refuses a larger file unread.
 */
export const MAX_BUNDLE_BYTES = 400 * 1024 * 1024;

/** The base64 length of the largest ciphertext chunk (a full chunk and its GCM tag). */
const MAX_CHUNK_BASE64 = 4 * Math.ceil((CHUNK_SIZE + TAG_LENGTH) / 3);

/** One encrypted chunk of an evidence item whose transmission the bundle carries. */
export const BundleChunkSchema = z.strictObject({
  itemId: z.uuid(),
  index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ciphertext: z.base64().max(MAX_CHUNK_BASE64),
});
export type BundleChunk = z.infer<typeof BundleChunkSchema>;

export const UnsignedBundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  from: StateCodeSchema,
  to: StateCodeSchema,
  created: z.iso.datetime(),
  envelopes: z.array(SealedSchema).max(100_000),
  receipts: z.array(SealedSchema).max(100_000),
  chunks: z.array(BundleChunkSchema).min(1).max(100_000).optional(),
});
export type UnsignedBundle = z.infer<typeof UnsignedBundleSchema>;

export const BundleSchema = UnsignedBundleSchema.extend({ signature: CardSignatureSchema });
export type Bundle = z.infer<typeof BundleSchema>;

/** The exact bytes a bundle signature covers. */
export function bundleSigningBytes(bundle: UnsignedBundle): Uint8Array {
  const { format, from, to, created, envelopes, receipts, chunks } = bundle;
  const unsigned = { format, from, to, created, envelopes, receipts, ...(chunks ? { chunks } : {}) };
  return new TextEncoder().encode(`${BUNDLE_FORMAT}\n${canonicalJson(unsigned)}`);
}

export function signBundle(bundle: UnsignedBundle, signingKey: KeyObject): Bundle {
  const value = sign(null, bundleSigningBytes(bundle), signingKey).toString("base64");
  return { ...bundle, signature: { kid: keyId(createPublicKey(signingKey)), value } };
}

/** True when `publicKey` made the bundle's signature, in its one canonical base64 spelling. */
export function bundleSignatureVerifies(bundle: Bundle, publicKey: KeyObject): boolean {
  const signature = Buffer.from(bundle.signature.value, "base64");
  if (signature.toString("base64") !== bundle.signature.value) return false;
  return verify(null, bundleSigningBytes(bundle), publicKey, signature);
}

/** The file as written: indented JSON, one envelope a line, ending in a line feed. */
export const serialiseBundle = (bundle: Bundle): string => `${JSON.stringify(bundle, null, 2)}\n`;

/**
 * Parses a bundle file's text. A file cut short (a copy that did not finish) is not JSON; anything
 * else that is not exactly a bundle is refused too, naming the first problem.
 */
export function parseBundle(text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BundleError(
      "BUNDLE_UNREADABLE",
      `the bundle is not complete JSON — truncated or damaged in transit? (${(cause as Error).message}); nothing was imported`,
      { cause },
    );
  }
  const parsed = BundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    throw new BundleError(
      "BUNDLE_UNREADABLE",
      `the file is not a ${BUNDLE_FORMAT} bundle: ${issue?.message ?? "invalid"}${where}; nothing was imported`,
    );
  }
  return parsed.data;
}
