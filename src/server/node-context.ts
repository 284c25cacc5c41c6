/** Everything a request handler or service needs about this node, built once at start-up and passed down. */
import type { KeyObject } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { keyId, type NodeKeySet } from "../crypto/node-keys.js";
import type { TlsIdentity } from "../crypto/tls-identity.js";
import type { Declarations } from "../directory/declarations.js";
import type { BlobStore } from "../store/blob-store.js";
import type { Database } from "../store/schema.js";
import type { Pack } from "../treaty/pack-schema.js";
import type { Clock } from "./clock.js";
import type { NodeConfig } from "./config.js";

export type TreatyRegistry = {
  pack(id: string): Pack | undefined;
  packIds(): string[];
  declarations(state: string, treaty: string): Declarations | undefined;
  /** The States whose declarations under `treaty` this node holds, sorted by code. */
  declarationStates(treaty: string): string[];
};

export type NodeKeys = {
  signingPrivate: KeyObject;
  signingPublic: KeyObject;
  /** Identifies this node's ledger in signed tree heads: State code and key fingerprint. */
  logId: string;
  /** X25519: peers encrypt their messages to this node with the public half. */
  encryptionPrivate: KeyObject;
  encryptionPublic: KeyObject;
};

export type NodeContext = {
  config: NodeConfig;
  db: Kysely<Database>;
  storeKind: "sqlite" | "postgres";
  clock: Clock;
  treaties: TreatyRegistry;
  keys: NodeKeys;
  /**
   * The TLS key and certificate of node-to-node traffic: what this node presents to peers, as a
   * server and as a client. Absent only in contexts that never talk to peers (API and ledger tests,
   * benchmarks of one node); federation refuses to run without it.
   */
  tls?: TlsIdentity;
  version: string;
  /** Where evidence chunks are kept (the data directory's `blobs/`); absent in contexts that hold no evidence. */
  blobs?: BlobStore;
  /**
   * Set when a service runs as part of a larger change (federation records an inbox row and the
   * request it creates together): services then work inside it instead of opening their own.
   */
  trx?: Transaction<Database>;
};

/**
 * The one way a context is made, by `node start`, the tests and the benchmarks alike: the log id
 * is always the State and the signing key's id, as tree heads and envelopes expect.
 */
export function buildNodeContext(options: {
  config: NodeConfig;
  store: { db: Kysely<Database>; kind: "sqlite" | "postgres" };
  clock: Clock;
  treaties: TreatyRegistry;
  keys: NodeKeySet;
  tls?: TlsIdentity | undefined;
  blobs?: BlobStore | undefined;
  version: string;
}): NodeContext {
  const { config, store, keys } = options;
  return {
    config,
    db: store.db,
    storeKind: store.kind,
    clock: options.clock,
    treaties: options.treaties,
    keys: {
      signingPrivate: keys.signing.privateKey,
      signingPublic: keys.signing.publicKey,
      logId: `${config.state}/${keyId(keys.signing.publicKey)}`,
      encryptionPrivate: keys.encryption.privateKey,
      encryptionPublic: keys.encryption.publicKey,
    },
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.blobs === undefined ? {} : { blobs: options.blobs }),
    version: options.version,
  };
}
