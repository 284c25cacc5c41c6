/**
 * Offline check of a whole log: recompute every leaf from its entry, rebuild the tree with the
 * frontier, and compare with the signed tree heads and, when given, with the hashes the store
 * holds. The first problem found is reported with, where one can be named, the first entry
 * position that is wrong. Pure: entries, heads, key and stored hashes are all passed in.
 */
import type { KeyObject } from "node:crypto";
import { EntrySchema, entryLeafHash } from "./entry.js";
import type { LedgerErrorCode } from "./errors.js";
import { appendLeaf, EMPTY_FRONTIER, type Frontier, rootFromFrontier } from "./frontier.js";
import { bytesEqual } from "./hash.js";
import type { NodeSource } from "./proof-plan.js";
import { type SignedTreeHead, verifyTreeHead } from "./tree-head.js";

export type VerifyLogOptions = {
  /** Leaf (level 0) and perfect-node hashes the store holds; `undefined` for a node it does not hold. */
  readonly storedNodes?: NodeSource;
  /** When given, every head must name this log. */
  readonly logId?: string;
};

export type VerifyLogFailure = {
  readonly ok: false;
  /** Position of the first entry found wrong, when the failure can be pinned to one. */
  readonly firstBadIndex?: number;
  readonly code: LedgerErrorCode;
  readonly message: string;
};

export type VerifyLogResult =
  | { readonly ok: true; readonly size: number; readonly root: Uint8Array }
  | VerifyLogFailure;

function fail(code: LedgerErrorCode, message: string, firstBadIndex?: number): VerifyLogFailure {
  return firstBadIndex === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, firstBadIndex };
}

/** Verifies `entries` (the whole log, in order) against signed `heads` made with `publicKey`. */
export function verifyLog(
  entries: readonly unknown[],
  heads: readonly SignedTreeHead[],
  publicKey: KeyObject,
  options: VerifyLogOptions = {},
): VerifyLogResult {
  const headProblem = checkHeadSignatures(heads, publicKey, options.logId);
  if (headProblem) return headProblem;
  const replay = replayEntries(entries, new Set(heads.map((h) => h.size)), options.storedNodes);
  if (!replay.ok) return replay;
  const rootProblem = checkHeadRoots(heads, replay.roots, entries.length);
  if (rootProblem) return rootProblem;
  return { ok: true, size: entries.length, root: rootFromFrontier(replay.frontier) };
}

function checkHeadSignatures(
  heads: readonly SignedTreeHead[],
  publicKey: KeyObject,
  logId: string | undefined,
): VerifyLogFailure | undefined {
  for (const [k, head] of heads.entries()) {
    if (!verifyTreeHead(head, publicKey)) {
      return fail("LEDGER_BAD_SIGNATURE", `tree head #${k} is malformed or its signature does not verify`);
    }
    if (logId !== undefined && head.logId !== logId) {
      return fail("LEDGER_WRONG_LOG", `tree head #${k} is for log ${head.logId}, not ${logId}`);
    }
  }
  return undefined;
}

type Replay = { ok: true; frontier: Frontier; roots: Map<number, Uint8Array> };

function replayEntries(
  entries: readonly unknown[],
  headSizes: ReadonlySet<number>,
  stored: NodeSource | undefined,
): Replay | VerifyLogFailure {
  let frontier = EMPTY_FRONTIER;
  const roots = new Map<number, Uint8Array>();
  if (headSizes.has(0)) roots.set(0, rootFromFrontier(frontier));
  for (const [position, raw] of entries.entries()) {
    const parsed = EntrySchema.safeParse(raw);
    if (!parsed.success)
      return fail("LEDGER_BAD_ENTRY", `entry at position ${position} is malformed`, position);
    if (parsed.data.index !== position) {
      return fail(
        "LEDGER_BAD_INDEX",
        `entry at position ${position} says index ${parsed.data.index}`,
        position,
      );
    }
    const appended = appendLeaf(frontier, entryLeafHash(parsed.data));
    for (const node of appended.newNodes) {
      const held = stored?.(node);
      if (held !== undefined && !bytesEqual(held, node.hash)) {
        const first = node.index * 2 ** node.level;
        return fail("LEDGER_HASH_MISMATCH", `stored hash of node ${node.level}/${node.index} differs`, first);
      }
    }
    frontier = appended.frontier;
    if (headSizes.has(frontier.size)) roots.set(frontier.size, rootFromFrontier(frontier));
  }
  // A stored leaf past the last entry means entries were removed from the end.
  if (stored?.({ level: 0, index: entries.length }) !== undefined) {
    return fail("LEDGER_TRUNCATED", `the store holds a leaf ${entries.length} with no entry`, entries.length);
  }
  return { ok: true, frontier, roots };
}

function checkHeadRoots(
  heads: readonly SignedTreeHead[],
  roots: ReadonlyMap<number, Uint8Array>,
  size: number,
): VerifyLogFailure | undefined {
  for (const [k, head] of heads.entries()) {
    const root = roots.get(head.size);
    if (root === undefined) {
      return fail(
        "LEDGER_TRUNCATED",
        `tree head #${k} covers ${head.size} entries but the log has ${size}`,
        size,
      );
    }
    if (!bytesEqual(root, head.root)) {
      return fail("LEDGER_ROOT_MISMATCH", `tree head #${k} signs a different root at size ${head.size}`);
    }
  }
  return undefined;
}
