import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { leafHash } from "./hash.js";
import { consistencyProof, inclusionProof, merkleRoot } from "./merkle.js";
import { verifyConsistency, verifyInclusion } from "./verify-proof.js";

const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Uint8Array.of(i)));
const at = (i: number) => leaves[i] as Uint8Array;
const rootOf = (n: number) => merkleRoot(leaves.slice(0, n));
const flipBit = (bytes: Uint8Array, bit: number) => {
  const copy = new Uint8Array(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
};
const other = leafHash(Uint8Array.of(255));

describe("verifyInclusion", () => {
  const n = 21;
  const index = 12;
  const proof = inclusionProof(leaves.slice(0, n), index);
  const root = rootOf(n);

  it("accepts the genuine proof", () => {
    expect(verifyInclusion(index, n, at(index), proof, root)).toBe(true);
  });

  it("rejects a proof for a different index, size, leaf or root", () => {
    expect(verifyInclusion(index + 1, n, at(index), proof, root)).toBe(false);
    expect(verifyInclusion(index - 1, n, at(index), proof, root)).toBe(false);
    // Sizes that change the path's shape: leaf 12 on the right edge, or one level more.
    expect(verifyInclusion(index, 13, at(index), proof, root)).toBe(false);
    expect(verifyInclusion(index, 33, at(index), proof, root)).toBe(false);
    expect(verifyInclusion(index, n, at(index + 1), proof, root)).toBe(false);
    expect(verifyInclusion(index, n, at(index), proof, rootOf(n - 1))).toBe(false);
  });

  it("does not bind the tree size by itself: the signed head does", () => {
    // RFC 9162 proofs only encode where the leaf's path meets the right edge, so a nearby size
    // with the same shape passes. Harmless, because the root is only trusted with its signed size.
    expect(verifyInclusion(index, n + 1, at(index), proof, root)).toBe(true);
  });

  it("rejects a proof that is too short, too long, reordered or has a flipped bit", () => {
    expect(verifyInclusion(index, n, at(index), proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(index, n, at(index), [...proof, other], root)).toBe(false);
    expect(verifyInclusion(index, n, at(index), [other, ...proof], root)).toBe(false);
    expect(verifyInclusion(index, n, at(index), [...proof].reverse(), root)).toBe(false);
    proof.forEach((_, k) => {
      const tampered = proof.map((p, j) => (j === k ? flipBit(p, 77) : p));
      expect(verifyInclusion(index, n, at(index), tampered, root)).toBe(false);
    });
  });

  it("returns false, never throws, on hostile input", () => {
    const hostile: unknown[][] = [
      [-1, n, at(0), proof, root],
      [1.5, n, at(1), proof, root],
      [Number.NaN, n, at(1), proof, root],
      [0, 0, at(0), [], root],
      [n, n, at(0), proof, root],
      [0, 2 ** 53, at(0), proof, root],
      ["12", n, at(index), proof, root],
      [index, n, at(index).slice(1), proof, root],
      [index, n, at(index), proof, root.slice(1)],
      [index, n, at(index), [...proof.slice(0, -1), new Uint8Array(33)], root],
      [index, n, at(index), "not a list", root],
      [index, n, at(index), null, root],
      [index, n, null, proof, root],
      [index, n, at(index), proof, undefined],
    ];
    for (const args of hostile) {
      expect(verifyInclusion(...(args as Parameters<typeof verifyInclusion>))).toBe(false);
    }
  });

  it("accepts a single-leaf tree only with an empty proof and root = leaf", () => {
    expect(verifyInclusion(0, 1, at(0), [], at(0))).toBe(true);
    expect(verifyInclusion(0, 1, at(0), [at(1)], at(0))).toBe(false);
    expect(verifyInclusion(0, 1, at(0), [], at(1))).toBe(false);
  });

  it("handles indexes and sizes past 2^32", () => {
    // Leaf 2^33 of a tree of 2^33 + 1 leaves is alone on the right edge: one sibling, the left half.
    const left = rootOf(8);
    const root = merkleRoot([left, at(9)]);
    expect(verifyInclusion(2 ** 33, 2 ** 33 + 1, at(9), [left], root)).toBe(true);
    expect(verifyInclusion(2 ** 33 - 1, 2 ** 33 + 1, at(9), [left], root)).toBe(false);
  });
});

describe("verifyConsistency", () => {
  const proof = (size1: number, size2: number) => consistencyProof(leaves.slice(0, size2), size1);

  it("accepts genuine proofs, whether or not size1 is a power of two", () => {
    expect(verifyConsistency(8, 21, proof(8, 21), rootOf(8), rootOf(21))).toBe(true);
    expect(verifyConsistency(13, 21, proof(13, 21), rootOf(13), rootOf(21))).toBe(true);
  });

  it("treats equal sizes as consistent exactly when the roots match and the proof is empty", () => {
    expect(verifyConsistency(5, 5, [], rootOf(5), rootOf(5))).toBe(true);
    expect(verifyConsistency(5, 5, [], rootOf(5), rootOf(4))).toBe(false);
    expect(verifyConsistency(5, 5, [at(0)], rootOf(5), rootOf(5))).toBe(false);
  });

  it("refuses claims about the empty tree and about shrinking trees", () => {
    expect(verifyConsistency(0, 0, [], rootOf(0), rootOf(0))).toBe(false);
    expect(verifyConsistency(0, 3, [], rootOf(0), rootOf(3))).toBe(false);
    expect(verifyConsistency(4, 3, [], rootOf(4), rootOf(3))).toBe(false);
    // Without the size check the bit walk would accept this: sn starts at 0 and the one-hash
    // path equals both roots.
    expect(verifyConsistency(3, 1, [at(0)], at(0), at(0))).toBe(false);
  });

  it("rejects swapped roots, wrong sizes, and altered proofs", () => {
    const p = proof(13, 21);
    expect(verifyConsistency(13, 21, p, rootOf(21), rootOf(13))).toBe(false);
    // 13 is not a power of two, so root1 is not in the path: it must be checked on its own.
    expect(verifyConsistency(13, 21, p, rootOf(12), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 21, p, rootOf(13), rootOf(20))).toBe(false);
    expect(verifyConsistency(8, 21, proof(8, 21), rootOf(8), rootOf(20))).toBe(false);
    expect(verifyConsistency(12, 21, p, rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 33, p, rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 16, p, rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(14, 21, p, rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 21, [], rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 21, p.slice(0, -1), rootOf(13), rootOf(21))).toBe(false);
    expect(verifyConsistency(13, 21, [...p, other], rootOf(13), rootOf(21))).toBe(false);
    p.forEach((_, k) => {
      const tampered = p.map((h, j) => (j === k ? flipBit(h, 200) : h));
      expect(verifyConsistency(13, 21, tampered, rootOf(13), rootOf(21))).toBe(false);
    });
  });

  it("returns false, never throws, on hostile input", () => {
    const p = proof(13, 21);
    const hostile: unknown[][] = [
      [-1, 21, p, rootOf(13), rootOf(21)],
      [13, 21.5, p, rootOf(13), rootOf(21)],
      [13, Number.POSITIVE_INFINITY, p, rootOf(13), rootOf(21)],
      [13, 21, "proof", rootOf(13), rootOf(21)],
      [13, 21, [...p.slice(1), new Uint8Array(5)], rootOf(13), rootOf(21)],
      [13, 21, p, rootOf(13).slice(2), rootOf(21)],
      [13, 21, p, rootOf(13), null],
      [5, 5, [], "root", "root"],
      [5, 5, undefined, rootOf(5), rootOf(5)],
    ];
    for (const args of hostile) {
      expect(verifyConsistency(...(args as Parameters<typeof verifyConsistency>))).toBe(false);
    }
  });

  it("rejects any single-bit change to a random valid proof", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.nat(), fc.nat(), (size2, seed, bit) => {
        const size1 = 1 + (seed % (size2 - 1));
        const p = proof(size1, size2);
        fc.pre(p.length > 0);
        const k = seed % p.length;
        const tampered = p.map((h, j) => (j === k ? flipBit(h, bit % 256) : h));
        expect(verifyConsistency(size1, size2, p, rootOf(size1), rootOf(size2))).toBe(true);
        expect(verifyConsistency(size1, size2, tampered, rootOf(size1), rootOf(size2))).toBe(false);
      }),
    );
  });
});
