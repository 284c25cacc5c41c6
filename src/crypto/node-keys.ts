/**
 * A node's long-term keys: Ed25519 to sign (messages, tree heads, manifests) and X25519 to be
 * encrypted to. Generated once at `node init`; the fingerprint is what another State's
 * administrator confirms out of band before trusting the node.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";

export type NodeKeyPair = { privateKey: KeyObject; publicKey: KeyObject };
export type NodeKeySet = { signing: NodeKeyPair; encryption: NodeKeyPair };

export function generateNodeKeys(): NodeKeySet {
  return { signing: generateKeyPairSync("ed25519"), encryption: generateKeyPairSync("x25519") };
}

export const privateKeyPem = (key: KeyObject): string =>
  key.export({ type: "pkcs8", format: "pem" }).toString();
export const publicKeyPem = (key: KeyObject): string =>
  key.export({ type: "spki", format: "pem" }).toString();

/** Reads a PKCS#8 PEM private key and checks it is of the expected type. */
export function parsePrivateKey(pem: string, type: "ed25519" | "x25519"): NodeKeyPair {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== type)
    throw new Error(`expected an ${type} key, found ${privateKey.asymmetricKeyType}`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** SHA-256 of the public key's DER (SPKI), as hex in groups of four: read aloud and compared by people. */
export function fingerprint(publicKey: KeyObject): string {
  const digest = createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
  return digest.match(/.{4}/g)?.join(" ") ?? digest;
}

/** A short, stable key id for log ids and key references: the first 16 hex digits of the fingerprint. */
export const keyId = (publicKey: KeyObject): string =>
  fingerprint(publicKey).replaceAll(" ", "").slice(0, 16);
