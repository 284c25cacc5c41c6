/**
 * RFC 9162 §2.1.1 hashing with SHA-256. The 0x00 and 0x01 prefixes keep a leaf from ever
 * being confused with an interior node (a second-preimage defence), so they must never be dropped.
 */
import { hash } from "node:crypto";
import { LedgerError } from "./errors.js";

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

function sha256(bytes: Uint8Array): Uint8Array {
  const digest = hash("sha256", bytes, "buffer");
  // Hand out a plain Uint8Array. A view is free when the digest owns its memory (it does today);
  // should Node ever return a slice of a shared pool, copy so no caller can reach the rest of it.
  return digest.byteLength === digest.buffer.byteLength
    ? new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
    : new Uint8Array(digest);
}

// Interior nodes are hashed millions of times; reusing one input buffer halves the cost.
// Safe because hashing is synchronous and the buffer never escapes this module.
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);

/** MTH of the empty tree: SHA-256 of the empty string. A fresh copy, so callers may not corrupt it. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/** SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right); both children must be 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeInput[0] = NODE_PREFIX;
  nodeInput.set(requireHash(left, "left child"), 1);
  nodeInput.set(requireHash(right, "right child"), 1 + HASH_SIZE);
  return sha256(nodeInput);
}

/** True for a 32-byte Uint8Array; safe to call on anything an attacker sent. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

export function requireHash(value: unknown, what: string): Uint8Array {
  if (!isHash(value))
    throw new LedgerError("LEDGER_BAD_HASH", `${what} must be a ${HASH_SIZE}-byte Uint8Array`);
  return value;
}

/** Byte equality; false for anything that is not a Uint8Array. Hashes are public, so no constant time. */
export function bytesEqual(a: unknown, b: unknown): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
