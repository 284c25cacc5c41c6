/**
 * Signed tree heads: a node's Ed25519 signature over (log id, size, time, root), the statement
 * "this is my whole log at this size". The signed bytes have a fixed binary layout (docs/ledger.md)
 * so that any SHA-256 + Ed25519 library can check a head without our code:
 *
 *   "rogatory-tree-head-v1" ‖ 0x0A ‖ uint8 len ‖ log id (ASCII) ‖ uint64 BE size
 *     ‖ uint64 BE timestamp (ms since the Unix epoch) ‖ 32-byte root
 *
 * The label with its version and the length prefix keep the bytes unambiguous and stop a
 * signature made for another purpose or another log from passing as a tree head.
 */
import { type KeyObject, sign, verify } from "node:crypto";
import { LedgerError } from "./errors.js";
import { HASH_SIZE, isHash } from "./hash.js";
import { isCount } from "./node-coord.js";

export const TREE_HEAD_LABEL = "rogatory-tree-head-v1";
/** A two-letter State code, a slash, and the identifier of the key that signs the heads. */
export const LOG_ID_PATTERN = /^[A-Z]{2}\/[A-Za-z0-9._:-]{1,64}$/;

export type TreeHead = {
  /** e.g. "XA/ledger-2025": the State and its signing key; also names the log. */
  readonly logId: string;
  readonly size: number;
  /** Milliseconds since the Unix epoch, UTC. */
  readonly timestamp: number;
  readonly root: Uint8Array;
};

export type SignedTreeHead = TreeHead & {
  /** Standard padded base64 of the 64-byte Ed25519 signature over encodeTreeHead(head). */
  readonly signature: string;
};

/** Why the head cannot be encoded, or undefined when it can. Safe on hostile input. */
function treeHeadProblem(head: TreeHead): string | undefined {
  if (typeof head !== "object" || head === null) return "a tree head must be an object";
  if (typeof head.logId !== "string" || !LOG_ID_PATTERN.test(head.logId)) return "bad log id";
  if (!isCount(head.size)) return "size must be a non-negative safe integer";
  if (!isCount(head.timestamp)) return "timestamp must be a non-negative safe integer";
  if (!isHash(head.root)) return `root must be a ${HASH_SIZE}-byte Uint8Array`;
  return undefined;
}

function layout({ logId, size, timestamp, root }: TreeHead): Uint8Array {
  const label = new TextEncoder().encode(`${TREE_HEAD_LABEL}\n`);
  const id = new TextEncoder().encode(logId);
  const bytes = new Uint8Array(label.length + 1 + id.length + 8 + 8 + HASH_SIZE);
  const view = new DataView(bytes.buffer);
  let at = 0;
  bytes.set(label, at);
  at += label.length;
  bytes[at++] = id.length;
  bytes.set(id, at);
  at += id.length;
  view.setBigUint64(at, BigInt(size));
  view.setBigUint64(at + 8, BigInt(timestamp));
  bytes.set(root, at + 16);
  return bytes;
}

/** The exact bytes that are signed. Throws LedgerError LEDGER_BAD_TREE_HEAD for a malformed head. */
export function encodeTreeHead(head: TreeHead): Uint8Array {
  const problem = treeHeadProblem(head);
  if (problem !== undefined) throw new LedgerError("LEDGER_BAD_TREE_HEAD", problem);
  return layout(head);
}

function requireEd25519(key: KeyObject, type: "private" | "public"): void {
  const ok =
    typeof key === "object" &&
    key !== null &&
    key.asymmetricKeyType === "ed25519" &&
    (key.type === type || (type === "public" && key.type === "private"));
  if (!ok) throw new LedgerError("LEDGER_BAD_KEY", `an Ed25519 ${type} KeyObject is required`);
}

/** Signs a tree head with the log's Ed25519 private key. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  requireEd25519(privateKey, "private");
  const signature = sign(null, encodeTreeHead(head), privateKey).toString("base64");
  const { logId, size, timestamp, root } = head;
  return { logId, size, timestamp, root: new Uint8Array(root), signature };
}

/** True when `head` is well formed and signed by `publicKey`; false for anything else an attacker sends. */
export function verifyTreeHead(head: SignedTreeHead, publicKey: KeyObject): boolean {
  requireEd25519(publicKey, "public");
  if (treeHeadProblem(head) !== undefined || typeof head.signature !== "string") return false;
  const signature = Buffer.from(head.signature, "base64");
  // Node's decoder skips characters it does not know and base64 can spell the same bytes twice
  // (unused low bits), so accept only the one canonical spelling. A wrong length fails verify.
  if (signature.toString("base64") !== head.signature) return false;
  return verify(null, layout(head), publicKey, signature);
}
