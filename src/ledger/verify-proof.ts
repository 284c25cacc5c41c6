/**
 * Verification of inclusion and consistency proofs, following the bit-twiddling algorithms of
 * RFC 9162 §2.1.3.2 and §2.1.4.2. Every argument may come from an attacker (a peer, a bundle),
 * so these functions check shapes themselves and answer `false` rather than throw.
 * Shifts are done with arithmetic because tree sizes may exceed 2^31.
 */
import { bytesEqual, isHash, nodeHash } from "./hash.js";
import { half, isCount, isOdd, isPowerOfTwo } from "./node-coord.js";

function isHashList(value: unknown): value is Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `leafIndex` in the tree of `treeSize` with `root`? */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    // A proof longer than the path runs sn down to 0 before it ends.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node has no right sibling (the right edge of the tree).
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree of `size2` with `root2` an append-only extension of the tree of
 * `size1` with `root1`? The RFC defines proofs for 0 < size1 < size2; equal sizes are consistent
 * exactly when the roots are equal and the proof is empty, and a claim about the empty tree
 * (size1 = 0) proves nothing, so it is refused.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 === 0 || size1 > size2) return false;
  if (!isHashList(proof)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (!isHash(root1) || !isHash(root2) || proof.length === 0) return false;
  // When size1 is a power of two the old root is itself a node of the new tree, so the RFC
  // leaves it out of the proof and the verifier puts it back.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  return walkConsistencyPath(size1, size2, path, root1, root2);
}

/** Steps 3–7 of RFC 9162 §2.1.4.2 on a non-empty path of 32-byte hashes. */
function walkConsistencyPath(
  size1: number,
  size2: number,
  path: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path as [Uint8Array, ...Uint8Array[]];
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
