/**
 * Incremental check of a whole log: entries are fed in order, in batches of any size, and the
 * verifier keeps only the frontier (at most ⌊log2 n⌋ + 1 hashes, and with it the position), the
 * roots at the signed heads' sizes, and the heads themselves. So a log of any length verifies in
 * flat memory when the caller streams it (`verifyStoredLedger` pages through the store), and
 * `verifyLog` on arrays is this verifier fed one batch. Pure: no I/O.
 *
 * Checks and their order are those of `docs/ledger.md` §7: head signatures and log ids first, then
 * each entry in order (schema, index, recomputed leaf and perfect nodes against stored ones), then a
 * stored leaf past the last entry, then every head's root in the order the heads were given.
 */
import type { KeyObject } from "node:crypto";
import { EntrySchema, entryLeafHash } from "./entry.js";
import type { LedgerErrorCode } from "./errors.js";
import { appendLeaf, EMPTY_FRONTIER, type Frontier, rootFromFrontier } from "./frontier.js";
import { bytesEqual } from "./hash.js";
import { requireCount } from "./node-coord.js";
import type { NodeSource } from "./proof-plan.js";
import { type SignedTreeHead, verifyTreeHead } from "./tree-head.js";

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

export type LogVerifierOptions = {
  /** When given, every head must name this log. */
  readonly logId?: string;
};

export type LogVerifier = {
  /**
   * Checks the next `entries` of the log, in order. `storedNodes` answers for the perfect nodes
   * these appends complete (`nodesCompletedByAppends(position, entries.length)`; `undefined` for a
   * node the store does not hold); no other coordinate is asked for. Returns the first failure
   * found so far: once there is one, later calls return it again without checking anything.
   */
  addEntries(entries: readonly unknown[], storedNodes?: NodeSource): VerifyLogFailure | undefined;
  /**
   * Ends the log and checks the heads' roots. `storedNodes` answers for leaf (0, size), the one
   * past the last entry: a stored leaf there means entries were removed from the end. Calling it
   * again returns the same result; adding entries after it is an error.
   */
  finish(storedNodes?: NodeSource): VerifyLogResult;
};

/** Perfect nodes at one level with indexes from..to (inclusive). */
export type NodeRange = { readonly level: number; readonly from: number; readonly to: number };

function fail(code: LedgerErrorCode, message: string, firstBadIndex?: number): VerifyLogFailure {
  return firstBadIndex === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, firstBadIndex };
}

/**
 * The perfect nodes completed by appending leaves start … start + count − 1, one index range per
 * level (levels with none are left out): the union of `nodesCompletedByAppend(i)` over those leaves.
 * Node (l, i) is completed by leaf (i + 1)·2^l − 1, so at level l the range is
 * ⌊start / 2^l⌋ … ⌊(start + count) / 2^l⌋ − 1.
 */
export function nodesCompletedByAppends(start: number, count: number): NodeRange[] {
  requireCount(start, "first leaf index");
  const end = start + requireCount(count, "leaf count");
  requireCount(end, "end of the leaf range");
  const ranges: NodeRange[] = [];
  for (let level = 0, width = 1; width <= end; level++, width *= 2) {
    const from = Math.floor(start / width);
    const to = Math.floor(end / width) - 1;
    if (to >= from) ranges.push({ level, from, to });
  }
  return ranges;
}

/** A verifier for the log signed by `heads` (any order, any number, each checked here at once). */
export function createLogVerifier(
  heads: readonly SignedTreeHead[],
  publicKey: KeyObject,
  options: LogVerifierOptions = {},
): LogVerifier {
  let failure = checkHeadSignatures(heads, publicKey, options.logId);
  const headSizes = new Set(failure ? [] : heads.map((h) => h.size));
  const roots = new Map<number, Uint8Array>();
  let frontier: Frontier = EMPTY_FRONTIER;
  if (headSizes.has(0)) roots.set(0, rootFromFrontier(frontier));
  let result: VerifyLogResult | undefined;

  function addEntry(raw: unknown, stored: NodeSource | undefined): VerifyLogFailure | undefined {
    const position = frontier.size;
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
    return undefined;
  }

  return {
    addEntries(entries, storedNodes) {
      if (result !== undefined) throw new Error("the log verifier has finished: no more entries");
      for (const raw of entries) {
        if (failure) break;
        failure = addEntry(raw, storedNodes);
      }
      return failure;
    },
    finish(storedNodes) {
      result ??= failure ?? finalChecks(heads, roots, frontier, storedNodes);
      return result;
    },
  };
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

function finalChecks(
  heads: readonly SignedTreeHead[],
  roots: ReadonlyMap<number, Uint8Array>,
  frontier: Frontier,
  stored: NodeSource | undefined,
): VerifyLogResult {
  const size = frontier.size;
  // A stored leaf past the last entry means entries were removed from the end.
  if (stored?.({ level: 0, index: size }) !== undefined) {
    return fail("LEDGER_TRUNCATED", `the store holds a leaf ${size} with no entry`, size);
  }
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
  return { ok: true, size, root: rootFromFrontier(frontier) };
}
