/**
 * The manifest of one evidence item: what the file is (name, media type, size, SHA-256 of the whole
 * plaintext), how it was cut and sealed (chunk hashes and sizes, chunked-aead.ts), where it came from
 * and on what authority (source, acquisition, request, legal basis, the decision's conditions), and
 * which node holds it; signed by that node. docs/evidence.md, "Manifest", describes every member.
 *
 * Signed bytes follow node cards (src/directory/node-card-sign.ts):
 *
 *   "rogatory.evidence-manifest/1" ‖ 0x0A ‖ JCS(manifest)
 *
 * Manifests travel between States and into court bundles, so `verifySignedManifest` parses what an
 * attacker could send. The schema transforms nothing (text with surrounding spaces is refused, not
 * trimmed) and refuses unknown members: the value read back is exactly the value that was signed.
 */
import { createPublicKey, KeyObject, sign, verify } from "node:crypto";
import { z } from "zod";
import { ConditionSchema } from "../cases/action-input.js";
import { canonicalJson } from "../crypto/canonical-json.js";
import { UuidSchema } from "../crypto/envelope-kinds.js";
import { keyId } from "../crypto/node-keys.js";
import { KidSchema } from "../directory/node-card.js";
import { LOG_ID_PATTERN } from "../ledger/tree-head.js";
import { StateCodeSchema, TreatyIdSchema } from "../treaty/request-document.js";
import { CHUNK_SIZE, TAG_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";
import type { IngestedFile } from "./ingest.js";
import { SOURCE_KINDS } from "./source-kinds.js";

export const MANIFEST_FORMAT = "rogatory.evidence-manifest/1" as const;

/** Human text: refused, not trimmed, when it has surrounding whitespace (trimming would change what was signed). */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() === s, "no leading or trailing whitespace");

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits (SHA-256)");
const SizeSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A bare file name: no folders (it names the item, it is never a path to write to) and no control characters. */
const FileNameSchema = text(255).refine(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  (name) => !/[/\\\u0000-\u001f\u007f]/.test(name) && name !== "." && name !== "..",
  "a file name without folders or control characters",
);

/** `type/subtype` (RFC 6838 names) in lower case and without parameters: one spelling per type. */
const MediaTypeSchema = z
  .string()
  .max(255)
  .regex(
    /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/,
    "a lower-case media type such as application/pdf, without parameters",
  );

export const ManifestChunkSchema = z.strictObject({
  index: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  last: z.boolean(),
  plaintextSha256: Sha256Schema,
  /** SHA-256 of the stored ciphertext chunk (with its tag): its address in the blob store. */
  ciphertextSha256: Sha256Schema,
  ciphertextSize: z
    .int()
    .min(TAG_LENGTH)
    .max(CHUNK_SIZE + TAG_LENGTH),
});
export type ManifestChunk = z.infer<typeof ManifestChunkSchema>;

export { SOURCE_KINDS };

/** The condition types officers choose from (src/cases/action-input.ts), with text refused rather than trimmed. */
const ManifestConditionSchema = z.strictObject({ type: ConditionSchema.shape.type, text: text(4000) });

const ManifestObjectSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  itemId: UuidSchema,
  requestId: UuidSchema,
  fileName: FileNameSchema,
  mediaType: MediaTypeSchema,
  size: SizeSchema,
  sha256: Sha256Schema,
  chunkSize: z.literal(CHUNK_SIZE),
  chunks: z.array(ManifestChunkSchema).min(1),
  source: z.strictObject({
    kind: z.enum(SOURCE_KINDS),
    name: text(200),
    system: text(200).optional(),
  }),
  acquisition: z.strictObject({
    method: text(200),
    officer: text(200),
    /** UTC only ("…Z"). */
    at: z.iso.datetime(),
  }),
  legalBasis: z.strictObject({ treaty: TreatyIdSchema, article: text(50).optional() }),
  conditions: z.array(ManifestConditionSchema).max(20),
  node: z.strictObject({
    state: StateCodeSchema,
    logId: z.string().regex(LOG_ID_PATTERN, "a ledger log id such as XA/main").optional(),
  }),
});

export const ManifestSchema = ManifestObjectSchema.superRefine(checkChunks);
export type Manifest = z.infer<typeof ManifestObjectSchema>;

/**
 * The chunk list must describe exactly one sealing of a `size`-byte file (docs/evidence.md, "Byte
 * layout"): indexes 0…n−1 in order, only the final one marked last, every chunk but the last full,
 * the last non-empty unless the file is empty, and the plaintext sizes adding up to `size`. A reader
 * takes each chunk's index and final flag from here, so a list that broke these rules could make it
 * accept a file cut short.
 */
function checkChunks(manifest: Manifest, ctx: z.RefinementCtx): void {
  const { chunks, chunkSize, size } = manifest;
  const issue = (message: string, path: (string | number)[]) =>
    ctx.addIssue({ code: "custom", message, path: ["chunks", ...path] });
  let total = 0;
  chunks.forEach((chunk, i) => {
    const isFinal = i === chunks.length - 1;
    const plaintextSize = chunk.ciphertextSize - TAG_LENGTH;
    total += plaintextSize;
    if (chunk.index !== i) issue(`chunk at position ${i} has index ${chunk.index}`, [i, "index"]);
    if (chunk.last !== isFinal)
      issue(isFinal ? "the final chunk is not marked last" : "only the final chunk may be marked last", [
        i,
        "last",
      ]);
    if (!isFinal && plaintextSize !== chunkSize)
      issue(`a chunk before the final one holds ${plaintextSize} bytes, not ${chunkSize}`, [
        i,
        "ciphertextSize",
      ]);
    if (isFinal && plaintextSize === 0 && size !== 0)
      issue("the final chunk is empty but the file is not", [i, "ciphertextSize"]);
  });
  if (total !== size)
    ctx.addIssue({
      code: "custom",
      message: `the chunks hold ${total} bytes, not the ${size} of the file`,
      path: ["size"],
    });
}

/** Parses an untrusted manifest; EVIDENCE_MANIFEST_INVALID names every problem. */
export function parseManifest(input: unknown): Manifest {
  const result = ManifestSchema.safeParse(input);
  if (!result.success) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_INVALID",
      `not a valid evidence manifest: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** What the ingest does not know: everything but the file's size, hash and chunks. */
export type ManifestDetails = Omit<Manifest, "format" | "size" | "sha256" | "chunkSize" | "chunks">;

/**
 * The manifest of an ingested file. The file's key is deliberately not carried over: it is a secret,
 * wrapped to each recipient separately, and a manifest is signed and shown in court.
 */
export function manifestFromIngest(ingested: Omit<IngestedFile, "key">, details: ManifestDetails): Manifest {
  return parseManifest({
    format: MANIFEST_FORMAT,
    ...details,
    size: ingested.size,
    sha256: ingested.sha256,
    chunkSize: CHUNK_SIZE,
    chunks: ingested.chunks.map(({ index, last, address, plaintextSha256, ciphertextSize }) => ({
      index,
      last,
      plaintextSha256,
      ciphertextSha256: address,
      ciphertextSize,
    })),
  });
}

export type SignedManifest = { manifest: Manifest; signature: { kid: string; value: string } };

const SignedManifestSchema = z.strictObject({
  manifest: z.unknown(),
  signature: z.strictObject({
    kid: KidSchema,
    // 64 bytes in padded standard base64; the canonical spelling is checked when verifying.
    value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "an Ed25519 signature in standard base64"),
  }),
});

/** The exact bytes a manifest signature covers. */
export function manifestSigningBytes(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(`${MANIFEST_FORMAT}\n${canonicalJson(manifest)}`);
}

/** Signs a manifest with the node's Ed25519 key; `kid` must be that key's `keyId`, so a verifier finds it. */
export function signManifest(manifest: Manifest, signingPrivateKey: KeyObject, kid: string): SignedManifest {
  if (!isEd25519(signingPrivateKey, "private")) {
    throw new EvidenceError(
      "EVIDENCE_SIGNING_KEY_INVALID",
      "a manifest is signed with an Ed25519 private key",
    );
  }
  const ownKid = keyId(createPublicKey(signingPrivateKey));
  if (kid !== ownKid) {
    throw new EvidenceError(
      "EVIDENCE_SIGNING_KEY_INVALID",
      `kid ${kid} is not the signing key's id (${ownKid})`,
    );
  }
  const checked = parseManifest(manifest);
  const value = sign(null, manifestSigningBytes(checked), signingPrivateKey).toString("base64");
  return { manifest: checked, signature: { kid, value } };
}

/**
 * Checks a signed manifest as received (any JSON value) and returns the manifest it carries. The key
 * comes from `publicKeyForKid` (the signing node's card); it must be an Ed25519 public key whose id is
 * the kid, so a lookup that returns the wrong key cannot make a signature pass.
 */
export function verifySignedManifest(
  signed: unknown,
  publicKeyForKid: (kid: string) => KeyObject | undefined,
): Manifest {
  const outer = SignedManifestSchema.safeParse(signed);
  if (!outer.success) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_INVALID",
      `not a signed evidence manifest: ${z.prettifyError(outer.error)}`,
    );
  }
  const manifest = parseManifest(outer.data.manifest);
  const { kid, value } = outer.data.signature;
  const publicKey = publicKeyForKid(kid);
  if (!isEd25519(publicKey, "public") || keyId(publicKey) !== kid) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_BAD_SIGNATURE",
      `no Ed25519 public key is known for kid ${kid}`,
    );
  }
  const signature = Buffer.from(value, "base64");
  // Base64 can spell the same bytes twice (unused low bits): only the canonical spelling is accepted.
  if (
    signature.toString("base64") !== value ||
    !verify(null, manifestSigningBytes(manifest), publicKey, signature)
  ) {
    throw new EvidenceError(
      "EVIDENCE_MANIFEST_BAD_SIGNATURE",
      `the manifest's signature does not verify with key ${kid}`,
    );
  }
  return manifest;
}

function isEd25519(key: unknown, type: "private" | "public"): key is KeyObject {
  return key instanceof KeyObject && key.type === type && key.asymmetricKeyType === "ed25519";
}
