import { describe, expect, it } from "vitest";
import { emptyRoot, leafHash, nodeHash } from "./hash.js";
import { consistencyProof, inclusionProof, merkleRoot } from "./merkle.js";
import { verifyConsistency, verifyInclusion } from "./verify-proof.js";

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("merkleRoot", () => {
  const [a, b, c, d, e, f, g] = leaves(7) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const h = nodeHash;

  it("matches the RFC 9162 split at the largest power of two below n", () => {
    expect(merkleRoot([])).toEqual(emptyRoot());
    expect(merkleRoot([a])).toEqual(a);
    expect(merkleRoot([a, b])).toEqual(h(a, b));
    expect(merkleRoot([a, b, c])).toEqual(h(h(a, b), c));
    expect(merkleRoot([a, b, c, d])).toEqual(h(h(a, b), h(c, d)));
    expect(merkleRoot([a, b, c, d, e])).toEqual(h(h(h(a, b), h(c, d)), e));
    expect(merkleRoot([a, b, c, d, e, f, g])).toEqual(h(h(h(a, b), h(c, d)), h(h(e, f), g)));
  });

  it("refuses leaves that are not 32-byte hashes", () => {
    expect(codeOf(() => merkleRoot([new Uint8Array(31)]))).toBe("LEDGER_BAD_HASH");
  });
});

describe("inclusionProof", () => {
  it("gives the RFC path for a leaf of a 7-leaf tree", () => {
    const l = leaves(7);
    const at = (i: number) => l[i] as Uint8Array;
    // Leaf 3 (d): sibling c, then (a b), then the right subtree ((e f) g).
    expect(inclusionProof(l, 3)).toEqual([at(2), nodeHash(at(0), at(1)), merkleRoot(l.slice(4))]);
    // Leaf 6 (g) sits alone on the right edge: its first sibling is (e f).
    expect(inclusionProof(l, 6)).toEqual([nodeHash(at(4), at(5)), merkleRoot(l.slice(0, 4))]);
    expect(inclusionProof(l.slice(0, 1), 0)).toEqual([]);
  });

  it("verifies for every leaf of every tree up to 64 leaves", () => {
    const all = leaves(64);
    for (let n = 1; n <= all.length; n++) {
      const tree = all.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(i, n, tree[i] as Uint8Array, inclusionProof(tree, i), root)).toBe(true);
      }
    }
  });

  it("refuses an index outside the tree", () => {
    expect(codeOf(() => inclusionProof(leaves(3), 3))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => inclusionProof(leaves(3), -1))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => inclusionProof([], 0))).toBe("LEDGER_BAD_SIZE");
  });
});

describe("consistencyProof", () => {
  it("gives the RFC proofs for a 7-leaf tree", () => {
    const l = leaves(7);
    const at = (i: number) => l[i] as Uint8Array;
    // RFC 9162 §2.1.5 examples: PROOF(3, D[7]) = [c, d, g, l] in its lettering.
    expect(consistencyProof(l, 3)).toEqual([at(2), at(3), nodeHash(at(0), at(1)), merkleRoot(l.slice(4))]);
    // PROOF(4, D[7]) = [l]: the old root is a node of the new tree and is left out.
    expect(consistencyProof(l, 4)).toEqual([merkleRoot(l.slice(4))]);
    // PROOF(6, D[7]) = [i, j, k]: (e f), g, then (a b c d).
    expect(consistencyProof(l, 6)).toEqual([nodeHash(at(4), at(5)), at(6), merkleRoot(l.slice(0, 4))]);
    expect(consistencyProof(l, 7)).toEqual([]);
  });

  it("verifies for every pair of sizes up to 48", () => {
    const all = leaves(48);
    for (let size2 = 1; size2 <= all.length; size2++) {
      const tree = all.slice(0, size2);
      const root2 = merkleRoot(tree);
      for (let size1 = 1; size1 <= size2; size1++) {
        const root1 = merkleRoot(tree.slice(0, size1));
        expect(verifyConsistency(size1, size2, consistencyProof(tree, size1), root1, root2)).toBe(true);
      }
    }
  });

  it("refuses sizes outside 1..n", () => {
    expect(codeOf(() => consistencyProof(leaves(3), 0))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => consistencyProof(leaves(3), 4))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => consistencyProof(leaves(3), 1.5))).toBe("LEDGER_BAD_SIZE");
  });
});
