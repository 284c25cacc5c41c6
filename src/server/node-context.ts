/** Everything a request handler or service needs about this node, built once at start-up and passed down. */
import type { KeyObject } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Declarations } from "../directory/declarations.js";
import type { Database } from "../store/schema.js";
import type { Pack } from "../treaty/pack-schema.js";
import type { Clock } from "./clock.js";
import type { NodeConfig } from "./config.js";

export type TreatyRegistry = {
  pack(id: string): Pack | undefined;
  packIds(): string[];
  declarations(state: string, treaty: string): Declarations | undefined;
};

export type NodeKeys = {
  signingPrivate: KeyObject;
  signingPublic: KeyObject;
  /** Identifies this node's ledger in signed tree heads: State code and key fingerprint. */
  logId: string;
  /**
   * X25519: peers encrypt their messages to this node with the public half. Optional only so that
   * contexts built without federation (benchmarks, store tests) need not make one up.
   */
  encryptionPrivate?: KeyObject;
  encryptionPublic?: KeyObject;
};

export type NodeContext = {
  config: NodeConfig;
  db: Kysely<Database>;
  storeKind: "sqlite" | "postgres";
  clock: Clock;
  treaties: TreatyRegistry;
  keys: NodeKeys;
  version: string;
  /**
   * Set when a service runs as part of a larger change (federation records an inbox row and the
   * request it creates together): services then work inside it instead of opening their own.
   */
  trx?: Transaction<Database>;
};
