/**
 * Appending without holding the tree. The frontier (a "compact range" over [0, size)) is the list
 * of perfect subtrees that cover the log, largest first: one per set bit of the size, so at most
 * ⌊log2 n⌋ + 1 hashes. It is the only state an appender needs; each append also returns the
 * perfect nodes it completed, which the store keeps so that proofs never need every leaf.
 */
import { LedgerError } from "./errors.js";
import { emptyRoot, nodeHash, requireHash } from "./hash.js";
import { isOdd, type NodeCoord, rangeCoords, requireCount } from "./node-coord.js";

export type Frontier = {
  readonly size: number;
  /** Hashes of the perfect subtrees covering [0, size), largest (leftmost) first. */
  readonly hashes: readonly Uint8Array[];
};

export type StoredNode = NodeCoord & { readonly hash: Uint8Array };

export const EMPTY_FRONTIER: Frontier = Object.freeze({ size: 0, hashes: Object.freeze([]) });

/** The coordinates of the frontier's hashes, in the same order. */
export function frontierCoords(size: number): NodeCoord[] {
  return rangeCoords(0, requireCount(size, "frontier size"));
}

function checkFrontier(frontier: Frontier): void {
  const expected = frontierCoords(frontier.size).length;
  if (frontier.hashes.length !== expected) {
    throw new LedgerError(
      "LEDGER_BAD_FRONTIER",
      `a frontier of size ${frontier.size} has ${expected} hashes, not ${frontier.hashes.length}`,
    );
  }
  for (const [i, hash] of frontier.hashes.entries()) requireHash(hash, `frontier hash ${i}`);
}

/**
 * The perfect nodes completed when leaf `index` is appended: (0, index), then each ancestor for
 * which the new leaf is the last one, i.e. (l, index / 2^l) while index + 1 is a multiple of 2^l.
 * Node (l, i) for l > 0 is nodeHash((l−1, 2i), (l−1, 2i+1)); its left child is already stored (it
 * is the last hash of the frontier before the append) and its right child was made just before.
 */
export function nodesCompletedByAppend(index: number): NodeCoord[] {
  requireCount(index, "leaf index");
  const coords: NodeCoord[] = [{ level: 0, index }];
  let i = index;
  let level = 0;
  while (isOdd(i)) {
    i = (i - 1) / 2;
    level++;
    coords.push({ level, index: i });
  }
  return coords;
}

/** Appends one leaf: returns the next frontier and the nodes to store, in nodesCompletedByAppend order. */
export function appendLeaf(
  frontier: Frontier,
  leafHash: Uint8Array,
): { frontier: Frontier; newNodes: StoredNode[] } {
  checkFrontier(frontier);
  requireHash(leafHash, "leaf hash");
  const stack = [...frontier.hashes];
  const newNodes: StoredNode[] = [];
  let hash = leafHash;
  for (const coord of nodesCompletedByAppend(frontier.size)) {
    if (coord.level > 0) {
      // The invariant checked above guarantees a left sibling for every completed level.
      hash = nodeHash(stack.pop() as Uint8Array, hash);
    }
    newNodes.push({ ...coord, hash });
  }
  stack.push(hash);
  return { frontier: { size: frontier.size + 1, hashes: stack }, newNodes };
}

/** MTH of the log the frontier describes: fold the perfect subtrees from the right. */
export function rootFromFrontier(frontier: Frontier): Uint8Array {
  checkFrontier(frontier);
  return foldRight(frontier.hashes);
}

/**
 * Combines the perfect subtrees covering a range, largest first, into that range's RFC 9162 hash.
 * The RFC splits at the largest power of two, so the right-hand part always nests inside.
 */
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes.at(-1);
  if (acc === undefined) return emptyRoot();
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i] as Uint8Array, acc);
  return acc;
}
