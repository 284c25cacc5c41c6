/**
 * Builders for node-card tests: fresh keys, card keys with chosen validity, cards and their
 * successors. Shared by the domain, service and CLI tests so that every one builds cards the same way.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { generateNodeKeys, keyId, type NodeKeySet } from "../crypto/node-keys.js";
import {
  CARD_FORMAT,
  type CardKey,
  type CardTlsCertificate,
  type KeyUse,
  type NodeCard,
} from "./node-card.js";
import { CardError } from "./node-card-errors.js";
import { jwkOf } from "./node-card-keys.js";
import { tlsEntryOf } from "./node-card-tls.js";

export const T0 = new Date("2030-01-01T00:00:00.000Z");
const DAY = 86_400_000;
/** T0 plus a number of days (fractions allowed). */
export const day = (days: number): Date => new Date(T0.getTime() + days * DAY);
export const iso = (days: number): string => day(days).toISOString();

export type Validity = { notBefore?: string; notAfter?: string; revokedAt?: string };

export function cardKey(key: KeyObject, use: KeyUse, validity: Validity = {}): CardKey {
  const publicKey = jwkOf(key, use);
  return { kid: keyIdOf(key), use, publicKey, notBefore: iso(-1), ...validity };
}

const keyIdOf = (key: KeyObject) => keyId(key.type === "private" ? createPublicKey(key) : key);

/** A node's keys as they first appear on its card. */
export const keysOf = (keys: NodeKeySet, validity: Validity = {}): CardKey[] => [
  cardKey(keys.signing.publicKey, "sig", validity),
  cardKey(keys.encryption.publicKey, "enc", validity),
];

/**
 * Two self-signed P-256 TLS certificates, made once with generateTlsIdentity (src/crypto/tls-identity.ts)
 * and kept as DER in base64 so that card tests stay synchronous; their private keys were discarded.
 */
export const TLS_FIXTURES = [
  "MIIB1TCCAXugAwIBAgIQYBhD1cv5qCq6CDHs7tZ/ejAKBggqhkjOPQQDAjAsMSowKAYDVQQDEyFSb2dhdG9yeSBub2RlIFhBIDYwMTg0M2Q1Y2JmOWE4MmEwHhcNMjUxMjMxMjMwMDAwWhcNMzUxMjMxMjMwMDAwWjAsMSowKAYDVQQDEyFSb2dhdG9yeSBub2RlIFhBIDYwMTg0M2Q1Y2JmOWE4MmEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASuEiWEKieYxzCU3jAIvE6/jCeCXfaHeVmWoeTMDhsApKOt4rU6kKxS8AjYljW1Prk4SzK6LGebjpDe1vJax7I2o38wfTAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwHQYDVR0OBBYEFEViHc+6NjPclXMzIr5/n++9ikIRMB8GA1UdIwQYMBaAFEViHc+6NjPclXMzIr5/n++9ikIRMAoGCCqGSM49BAMCA0gAMEUCIDlrzz+P/3/Dl1G3oiD5XcInbHkbBVcIGs8SvZpvKMj8AiEA5rU0pSppZfe2+HvLIKml/q8ELitzY93zCVMVln9TcTM=",
  "MIIB1TCCAXugAwIBAgIQX8TidzYwZjG6/wI0SFbDVjAKBggqhkjOPQQDAjAsMSowKAYDVQQDEyFSb2dhdG9yeSBub2RlIFhBIDVmYzRlMjc3MzYzMDY2MzEwHhcNMjUxMjMxMjMwMDAwWhcNMzUxMjMxMjMwMDAwWjAsMSowKAYDVQQDEyFSb2dhdG9yeSBub2RlIFhBIDVmYzRlMjc3MzYzMDY2MzEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASc0EaeaoONUlUIDJoGBQhGriuH5Cq3e5VD/kvyrU/cd1YrtBKCSEJvmo49q61AxR1Dt/YSc9XdNx4mqXj3ITofo38wfTAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwHQYDVR0OBBYEFPZAR4ON94UyG5yjUBSscoH8dXMRMB8GA1UdIwQYMBaAFPZAR4ON94UyG5yjUBSscoH8dXMRMAoGCCqGSM49BAMCA0gAMEUCIB3dfFuTGqEnSPoiBDQUnl5PSRLP3y+XlQQ/ZHOoRmq8AiEA//7HzD91dW6EIZ594UA97sBQLUJtEAwKZymY7J2kYsw=",
] as const;

/** A card's TLS entry for fixture `index`, valid from a day before T0 unless told otherwise. */
export function tlsFixture(index: 0 | 1, validity: Omit<Validity, "revokedAt"> = {}): CardTlsCertificate {
  return { ...tlsEntryOf(Buffer.from(TLS_FIXTURES[index], "base64"), iso(-1)), ...validity };
}

export function makeCard(keys: NodeKeySet, overrides: Partial<NodeCard> = {}): NodeCard {
  return {
    format: CARD_FORMAT,
    state: "XA",
    authority: "Central Authority of XA",
    endpoint: "https://xa.example:7400",
    keys: keysOf(keys),
    tls: [tlsFixture(0)],
    declarationsVersion: "2030-01-01",
    issued: iso(0),
    sequence: 1,
    ...overrides,
  };
}

/** The next card: sequence + 1, with the changes given. */
export const nextCard = (card: NodeCard, changes: Partial<NodeCard> = {}): NodeCard => ({
  ...card,
  sequence: card.sequence + 1,
  ...changes,
});

export { generateNodeKeys };

/** The CardError `fn` throws, or undefined when it throws none; any other error is rethrown. */
export function cardErrorOf(fn: () => unknown): CardError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CardError) return error;
    throw error;
  }
  return undefined;
}

/** The code of the CardError `fn` throws, or "no error". */
export const cardErrorCode = (fn: () => unknown): string => cardErrorOf(fn)?.code ?? "no error";
