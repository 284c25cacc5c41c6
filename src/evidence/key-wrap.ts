/**
 * The file key of an evidence item, wrapped to one X25519 key as a compact JWE (ECDH-ES+A256KW,
 * A256GCM), the algorithms of our envelopes. Wrapped to this node's own key it is how the key rests
 * in the database; wrapped to the requesting node's key it travels in the evidence transmission.
 * The item id is in the protected header, so a key cannot be passed off as another item's.
 */
import type { KeyObject } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";
import { KEY_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";

const ALG = "ECDH-ES+A256KW";
const ENC = "A256GCM";
const CONTENT_TYPE = "rogatory-evidence-key-v1";

export async function wrapFileKey(key: Uint8Array, recipient: KeyObject, itemId: string): Promise<string> {
  return new CompactEncrypt(key)
    .setProtectedHeader({ alg: ALG, enc: ENC, cty: CONTENT_TYPE, "rogatory-item": itemId })
    .encrypt(recipient);
}

export async function unwrapFileKey(jwe: string, privateKey: KeyObject, itemId: string): Promise<Buffer> {
  let opened: Awaited<ReturnType<typeof compactDecrypt>>;
  try {
    opened = await compactDecrypt(jwe, privateKey, {
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC],
    });
  } catch (error) {
    throw new EvidenceError("EVIDENCE_KEY_INVALID", "the evidence key does not open with this node's key", {
      cause: error,
    });
  }
  const header = opened.protectedHeader;
  if (
    header.cty !== CONTENT_TYPE ||
    header["rogatory-item"] !== itemId ||
    opened.plaintext.length !== KEY_LENGTH
  ) {
    throw new EvidenceError("EVIDENCE_KEY_INVALID", `the wrapped key is not the key of item ${itemId}`);
  }
  return Buffer.from(opened.plaintext);
}
