/**
 * The RFC 9162 Merkle tree computed from a full list of leaf hashes (§2.1.1 MTH, §2.1.3.1 PATH,
 * §2.1.4.1 PROOF). This is the plain, obviously-correct definition: it needs every leaf, so it
 * serves small trees, offline verifiers and as the reference the storage-friendly plans in
 * `proof-plan.ts` are tested against.
 */
import { LedgerError } from "./errors.js";
import { emptyRoot, nodeHash, requireHash } from "./hash.js";
import { requireCount, splitPoint } from "./node-coord.js";

type Leaves = readonly Uint8Array[];

function checkLeaves(leaves: Leaves): void {
  for (const [i, leaf] of leaves.entries()) requireHash(leaf, `leaf hash ${i}`);
}

/** MTH(D[lo:hi]) for a non-empty range, following the RFC's recursion literally. */
function subtreeHash(leaves: Leaves, lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return leaves[lo] as Uint8Array;
  const k = splitPoint(hi - lo);
  return nodeHash(subtreeHash(leaves, lo, lo + k), subtreeHash(leaves, lo + k, hi));
}

/** MTH of the tree whose leaves hash to `leaves`. */
export function merkleRoot(leaves: Leaves): Uint8Array {
  checkLeaves(leaves);
  return leaves.length === 0 ? emptyRoot() : subtreeHash(leaves, 0, leaves.length);
}

/** PATH(m, D[n]) with n = leaves.length: sibling hashes from the leaf upwards. */
export function inclusionProof(leaves: Leaves, index: number): Uint8Array[] {
  checkLeaves(leaves);
  requireCount(index, "leaf index");
  if (index >= leaves.length) {
    throw new LedgerError(
      "LEDGER_BAD_SIZE",
      `leaf index ${index} is outside a tree of size ${leaves.length}`,
    );
  }
  const topDown: Uint8Array[] = [];
  let lo = 0;
  let hi = leaves.length;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      topDown.push(subtreeHash(leaves, mid, hi));
      hi = mid;
    } else {
      topDown.push(subtreeHash(leaves, lo, mid));
      lo = mid;
    }
  }
  return topDown.reverse();
}

/**
 * PROOF(size1, D[n]) with n = leaves.length, for 0 < size1 ≤ n (empty when equal). A proof from
 * the empty tree is refused: it would prove nothing, and verifiers reject it.
 */
export function consistencyProof(leaves: Leaves, size1: number): Uint8Array[] {
  checkLeaves(leaves);
  requireCount(size1, "size1");
  if (size1 === 0 || size1 > leaves.length) {
    throw new LedgerError("LEDGER_BAD_SIZE", `size1 ${size1} must be in 1..${leaves.length}`);
  }
  const topDown: Uint8Array[] = [];
  let lo = 0;
  let hi = leaves.length;
  let whole = true; // the RFC's flag b: still on the path of the old tree's own root
  // The old tree is a prefix: its size stays absolute while [lo, hi) narrows onto it.
  while (size1 !== hi) {
    const mid = lo + splitPoint(hi - lo);
    if (size1 <= mid) {
      topDown.push(subtreeHash(leaves, mid, hi));
      hi = mid;
    } else {
      topDown.push(subtreeHash(leaves, lo, mid));
      lo = mid;
      whole = false;
    }
  }
  if (!whole) topDown.push(subtreeHash(leaves, lo, hi));
  return topDown.reverse();
}
