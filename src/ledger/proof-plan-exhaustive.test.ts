/**
 * Exhaustive agreement between the storage plans and the full-list RFC 9162 implementation.
 * Kept apart from proof-plan.test.ts because it is the slowest ledger test (millions of hashes)
 * and a file of its own runs in parallel with the rest.
 */
import { describe, expect, it } from "vitest";
import { appendLeaf, EMPTY_FRONTIER, type StoredNode } from "./frontier.js";
import { leafHash } from "./hash.js";
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
  rootPlan,
} from "./proof-plan.js";

const MAX = 1024;
// Generous: millions of hashes take ~10 s here and may take several times that on a busy runner.
const SLOW = 120_000;
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

const hex = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("hex")).join(" ");

describe("plans against the full-list implementation", () => {
  // Mismatches are collected and compared once: a deep toEqual per proof would dominate the run time.
  it(
    "gives the same root for every size up to 1024",
    () => {
      const wrong: number[] = [];
      for (let size = 0; size <= 1024; size++) {
        const got = assembleRoot(rootPlan(size), storeAt(size));
        if (hex([got]) !== hex([merkleRoot(leaves.slice(0, size))])) wrong.push(size);
      }
      expect(wrong).toEqual([]);
    },
    SLOW,
  );

  it(
    "gives the same inclusion proof for every index of every size 1..256",
    () => {
      const wrong: string[] = [];
      for (let size = 1; size <= 256; size++) {
        const tree = leaves.slice(0, size);
        for (let index = 0; index < size; index++) {
          const proof = assembleInclusionProof(inclusionProofPlan(index, size), storeAt(size));
          if (hex(proof) !== hex(inclusionProof(tree, index))) wrong.push(`${index}@${size}`);
        }
      }
      expect(wrong).toEqual([]);
    },
    SLOW,
  );

  it(
    "gives the same consistency proof for every pair of sizes up to 128",
    () => {
      const wrong: string[] = [];
      for (let size2 = 1; size2 <= 128; size2++) {
        const tree = leaves.slice(0, size2);
        for (let size1 = 1; size1 <= size2; size1++) {
          const proof = assembleConsistencyProof(consistencyProofPlan(size1, size2), storeAt(size2));
          if (hex(proof) !== hex(consistencyProof(tree, size1))) wrong.push(`${size1}->${size2}`);
        }
      }
      expect(wrong).toEqual([]);
    },
    SLOW,
  );
});
