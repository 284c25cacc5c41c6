/**
 * Coordinates of perfect subtrees and the size arithmetic behind them. Node (level, index) covers
 * leaves [index·2^level, (index+1)·2^level); level 0 holds the leaf hashes. Sizes reach past 2^31,
 * so this uses arithmetic, never JavaScript's 32-bit bitwise operators.
 */
import { LedgerError } from "./errors.js";

export type NodeCoord = { readonly level: number; readonly index: number };

/** A non-negative safe integer: a valid tree size or leaf index. Safe on hostile input. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function requireCount(value: number, what: string): number {
  if (!isCount(value))
    throw new LedgerError("LEDGER_BAD_SIZE", `${what} must be a non-negative safe integer`);
  return value;
}

/** Right shift by one for non-negative integers of any safe size. */
export function half(value: number): number {
  return Math.floor(value / 2);
}

export function isOdd(value: number): boolean {
  return value % 2 === 1;
}

export function isPowerOfTwo(value: number): boolean {
  let v = value;
  while (v > 1 && !isOdd(v)) v /= 2;
  return v === 1;
}

/** The k of RFC 9162 §2.1.1: the largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Stable string key for maps of stored nodes. */
export function nodeKey(coord: NodeCoord): string {
  return `${coord.level}/${coord.index}`;
}

/**
 * The perfect nodes that cover [start, end), largest first, as the RFC 9162 tree splits it.
 * Valid only for ranges the tree itself produces: `start` is a multiple of a power of two that is
 * at least end − start (every subtree of the RFC recursion, and every prefix [0, n), qualifies).
 */
export function rangeCoords(start: number, end: number): NodeCoord[] {
  const coords: NodeCoord[] = [];
  let width = 1;
  let level = 0;
  while (width * 2 <= end - start) {
    width *= 2;
    level++;
  }
  let offset = start;
  for (; level >= 0; level--, width /= 2) {
    if (end - offset >= width) {
      coords.push({ level, index: offset / width });
      offset += width;
    }
  }
  return coords;
}
