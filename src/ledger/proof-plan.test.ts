import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendLeaf, EMPTY_FRONTIER, type StoredNode } from "./frontier.js";
import { emptyRoot, leafHash, nodeHash } from "./hash.js";
import { consistencyProof, inclusionProof, merkleRoot } from "./merkle.js";
import { nodeKey } from "./node-coord.js";
import {
  assembleConsistencyProof,
  assembleInclusionProof,
  assembleRoot,
  consistencyProofPlan,
  inclusionProofPlan,
  type NodeSource,
  nodeSourceFrom,
  planNodes,
  rootPlan,
} from "./proof-plan.js";
import { verifyConsistency, verifyInclusion } from "./verify-proof.js";

const MAX = 4096;
const leaves = Array.from({ length: MAX }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));

// Every perfect node of the largest tree, as the store would hold them after MAX appends.
const storedNodes: StoredNode[] = [];
let frontier = EMPTY_FRONTIER;
for (const leaf of leaves) {
  const next = appendLeaf(frontier, leaf);
  frontier = next.frontier;
  storedNodes.push(...next.newNodes);
}
const allNodes = nodeSourceFrom(storedNodes);

/** The store as it was at `size`: a plan that names a node completed later fails loudly. */
function storeAt(size: number): NodeSource {
  return (coord) => {
    if ((coord.index + 1) * 2 ** coord.level > size)
      throw new Error(`node ${nodeKey(coord)} is not complete at ${size}`);
    return allNodes(coord);
  };
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("plans against the full-list implementation, at random", () => {
  it("agrees for random indexes and sizes up to MAX", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), (size, seed) => {
        const index = seed % size;
        const tree = leaves.slice(0, size);
        const proof = assembleInclusionProof(inclusionProofPlan(index, size), storeAt(size));
        expect(proof).toEqual(inclusionProof(tree, index));
        expect(verifyInclusion(index, size, tree[index] as Uint8Array, proof, merkleRoot(tree))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("agrees for random pairs of sizes up to MAX", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), (size2, seed) => {
        const size1 = 1 + (seed % size2);
        const tree = leaves.slice(0, size2);
        const proof = assembleConsistencyProof(consistencyProofPlan(size1, size2), storeAt(size2));
        expect(proof).toEqual(consistencyProof(tree, size1));
        const root1 = merkleRoot(tree.slice(0, size1));
        expect(verifyConsistency(size1, size2, proof, root1, merkleRoot(tree))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("plans for very large trees", () => {
  // In a tree whose leaves are all equal, every perfect node at level l has the same hash, so
  // proofs for trees of 2^40 leaves can be assembled and checked without building them.
  const levelHash = [leaves[0] as Uint8Array];
  for (let l = 1; l <= 52; l++)
    levelHash.push(nodeHash(levelHash[l - 1] as Uint8Array, levelHash[l - 1] as Uint8Array));
  const uniform =
    (size: number): NodeSource =>
    (coord) => {
      expect((coord.index + 1) * 2 ** coord.level).toBeLessThanOrEqual(size);
      expect(Number.isSafeInteger(coord.index)).toBe(true);
      return levelHash[coord.level];
    };

  it("builds inclusion and consistency proofs that verify past 2^32", () => {
    const size2 = 2 ** 40 + 2 ** 33 + 5;
    const size1 = 2 ** 35 + 3;
    const root2 = assembleRoot(rootPlan(size2), uniform(size2));
    const root1 = assembleRoot(rootPlan(size1), uniform(size1));
    for (const index of [0, 2 ** 32, 2 ** 40 + 4, size2 - 1]) {
      const proof = assembleInclusionProof(inclusionProofPlan(index, size2), uniform(size2));
      expect(proof.length).toBeLessThanOrEqual(41);
      expect(verifyInclusion(index, size2, leaves[0] as Uint8Array, proof, root2)).toBe(true);
    }
    const proof = assembleConsistencyProof(consistencyProofPlan(size1, size2), uniform(size2));
    expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
    expect(verifyConsistency(size1 + 1, size2, proof, root1, root2)).toBe(false);
  });

  it("fetches O(log n) nodes", () => {
    const plan = inclusionProofPlan(12345, 2 ** 40 + 2 ** 33 + 5);
    expect(planNodes(plan).length).toBeLessThanOrEqual(2 * 41);
    expect(rootPlan(2 ** 40 + 2 ** 33 + 5)).toHaveLength(4); // bits 40, 33, 2 and 0
  });
});

describe("plan helpers and misuse", () => {
  it("lists each node to fetch once", () => {
    const plan = [
      [{ level: 1, index: 0 }],
      [
        { level: 1, index: 0 },
        { level: 0, index: 2 },
      ],
    ];
    expect(planNodes(plan)).toEqual([
      { level: 1, index: 0 },
      { level: 0, index: 2 },
    ]);
  });

  it("gives empty plans where the proof is empty", () => {
    expect(inclusionProofPlan(0, 1)).toEqual([]);
    expect(consistencyProofPlan(9, 9)).toEqual([]);
    expect(rootPlan(0)).toEqual([]);
    expect(assembleRoot([], storeAt(0))).toEqual(emptyRoot());
  });

  it("refuses sizes and indexes out of range", () => {
    expect(codeOf(() => inclusionProofPlan(5, 5))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => inclusionProofPlan(-1, 5))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => inclusionProofPlan(0, 2 ** 53))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => consistencyProofPlan(0, 5))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => consistencyProofPlan(6, 5))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => consistencyProofPlan(1, Number.NaN))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => rootPlan(-3))).toBe("LEDGER_BAD_SIZE");
  });

  it("says which node the store is missing, and refuses a malformed stored hash", () => {
    const plan = inclusionProofPlan(3, 8);
    expect(codeOf(() => assembleInclusionProof(plan, () => undefined))).toBe("LEDGER_MISSING_NODE");
    expect(() => assembleInclusionProof(plan, () => undefined)).toThrow("level 0, index 2");
    expect(codeOf(() => assembleInclusionProof(plan, () => new Uint8Array(16)))).toBe("LEDGER_BAD_HASH");
  });
});
