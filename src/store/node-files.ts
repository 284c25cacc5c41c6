/**
 * The data directory of a node: `config.json`, `keys/` (private keys, mode 0600, in a 0700 folder)
 * and the embedded database. Files are written whole, fsynced and renamed into place, so a crash
 * never leaves half a key or half a configuration behind.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { type NodeKeySet, parsePrivateKey, privateKeyPem, publicKeyPem } from "../crypto/node-keys.js";
import { parseTlsIdentity, type TlsIdentity, tlsIdentityPem } from "../crypto/tls-identity.js";
import { StoreError } from "./errors.js";

export const nodePaths = (dataDir: string) => ({
  config: join(dataDir, "config.json"),
  keys: join(dataDir, "keys"),
  signingKey: join(dataDir, "keys", "signing.key.pem"),
  signingPublic: join(dataDir, "keys", "signing.pub.pem"),
  encryptionKey: join(dataDir, "keys", "encryption.key.pem"),
  encryptionPublic: join(dataDir, "keys", "encryption.pub.pem"),
  /** The TLS key and self-signed certificate of node-to-node traffic (docs/protocol.md §12). */
  tlsKey: join(dataDir, "keys", "tls.key.pem"),
  tlsCertificate: join(dataDir, "keys", "tls.cert.pem"),
});

/** Writes a file atomically with the given mode: temp file, fsync, rename, fsync the folder. */
export function writeFileDurably(path: string, content: string, mode: number): void {
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, "w", mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

export function isInitialised(dataDir: string): boolean {
  return existsSync(nodePaths(dataDir).config);
}

export function writeNodeFiles(dataDir: string, config: object, keys: NodeKeySet, tls: TlsIdentity): void {
  const paths = nodePaths(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.keys, { recursive: true, mode: 0o700 });
  writeFileDurably(paths.signingKey, privateKeyPem(keys.signing.privateKey), 0o600);
  writeFileDurably(paths.encryptionKey, privateKeyPem(keys.encryption.privateKey), 0o600);
  writeFileDurably(paths.signingPublic, publicKeyPem(keys.signing.publicKey), 0o644);
  writeFileDurably(paths.encryptionPublic, publicKeyPem(keys.encryption.publicKey), 0o644);
  const tlsPem = tlsIdentityPem(tls);
  writeFileDurably(paths.tlsKey, tlsPem.key, 0o600);
  writeFileDurably(paths.tlsCertificate, tlsPem.certificate, 0o644);
  // The configuration last: its presence is what marks the directory as initialised.
  writeFileDurably(paths.config, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}

export function readConfigFile(dataDir: string): unknown {
  const path = nodePaths(dataDir).config;
  if (!existsSync(path)) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      `${dataDir} is not a node's data directory (no config.json); run rogatory node init first`,
    );
  }
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new StoreError("DATA_DIR_UNUSABLE", `${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Reads a private key file, refusing one that others than the owner could read. */
function readPrivateFile(path: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (cause) {
    throw new StoreError("DATA_DIR_UNUSABLE", `the key file ${path} is missing`, { cause });
  }
  if ((mode & 0o077) !== 0) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      `the key file ${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
    );
  }
  return readFileSync(path, "utf8");
}

/** Loads the private keys, refusing any that others than the owner could read. */
export function readNodeKeys(dataDir: string): NodeKeySet {
  const paths = nodePaths(dataDir);
  const load = (path: string, type: "ed25519" | "x25519") => {
    const pem = readPrivateFile(path);
    try {
      return parsePrivateKey(pem, type);
    } catch (cause) {
      throw new StoreError("DATA_DIR_UNUSABLE", `the key file ${path} is not a valid ${type} private key`, {
        cause,
      });
    }
  };
  return { signing: load(paths.signingKey, "ed25519"), encryption: load(paths.encryptionKey, "x25519") };
}

/** Loads the TLS key (0600, like the others) and its certificate, checking that they match. */
export function readTlsIdentity(dataDir: string): TlsIdentity {
  const paths = nodePaths(dataDir);
  const key = readPrivateFile(paths.tlsKey);
  let certificate: string;
  try {
    certificate = readFileSync(paths.tlsCertificate, "utf8");
  } catch (cause) {
    throw new StoreError("DATA_DIR_UNUSABLE", `the TLS certificate ${paths.tlsCertificate} is missing`, {
      cause,
    });
  }
  try {
    return parseTlsIdentity(key, certificate);
  } catch (cause) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      `the TLS key ${paths.tlsKey} and certificate ${paths.tlsCertificate} are not a valid pair: ${(cause as Error).message}`,
      { cause },
    );
  }
}
