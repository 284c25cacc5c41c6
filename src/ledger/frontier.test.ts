import { describe, expect, it } from "vitest";
import {
  appendLeaf,
  EMPTY_FRONTIER,
  type Frontier,
  frontierCoords,
  nodesCompletedByAppend,
  rootFromFrontier,
  type StoredNode,
} from "./frontier.js";
import { emptyRoot, leafHash } from "./hash.js";
import { merkleRoot } from "./merkle.js";

const leaves = Array.from({ length: 300 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("nodesCompletedByAppend", () => {
  it("lists the leaf, then each ancestor whose last leaf it is", () => {
    expect(nodesCompletedByAppend(0)).toEqual([{ level: 0, index: 0 }]);
    expect(nodesCompletedByAppend(2)).toEqual([{ level: 0, index: 2 }]);
    expect(nodesCompletedByAppend(7)).toEqual([
      { level: 0, index: 7 },
      { level: 1, index: 3 },
      { level: 2, index: 1 },
      { level: 3, index: 0 },
    ]);
    expect(nodesCompletedByAppend(11)).toEqual([
      { level: 0, index: 11 },
      { level: 1, index: 5 },
      { level: 2, index: 2 },
    ]);
  });

  it("works past 2^32", () => {
    const coords = nodesCompletedByAppend(2 ** 40 - 1);
    expect(coords).toHaveLength(41);
    expect(coords.at(-1)).toEqual({ level: 40, index: 0 });
    expect(nodesCompletedByAppend(2 ** 40 + 1)).toEqual([
      { level: 0, index: 2 ** 40 + 1 },
      { level: 1, index: 2 ** 39 },
    ]);
  });

  it("refuses a bad index", () => {
    expect(codeOf(() => nodesCompletedByAppend(-1))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => nodesCompletedByAppend(2.5))).toBe("LEDGER_BAD_SIZE");
  });
});

describe("appendLeaf and rootFromFrontier", () => {
  function appendAll(count: number): { frontiers: Frontier[]; stored: StoredNode[] } {
    const frontiers = [EMPTY_FRONTIER];
    const stored: StoredNode[] = [];
    for (const leaf of leaves.slice(0, count)) {
      const next = appendLeaf(frontiers.at(-1) as Frontier, leaf);
      frontiers.push(next.frontier);
      stored.push(...next.newNodes);
    }
    return { frontiers, stored };
  }
  const { frontiers, stored } = appendAll(leaves.length);

  it("gives the same root as the full tree at every size", () => {
    expect(rootFromFrontier(EMPTY_FRONTIER)).toEqual(emptyRoot());
    for (const frontier of frontiers) {
      expect(rootFromFrontier(frontier)).toEqual(merkleRoot(leaves.slice(0, frontier.size)));
    }
  });

  it("keeps one hash per set bit of the size", () => {
    for (const frontier of frontiers) {
      expect(frontier.hashes).toHaveLength(frontierCoords(frontier.size).length);
      expect(frontier.hashes.length).toBe(frontier.size.toString(2).replaceAll("0", "").length);
    }
  });

  it("returns, in order, exactly the nodes nodesCompletedByAppend names, with their true hashes", () => {
    let offset = 0;
    for (let index = 0; index < leaves.length; index++) {
      const expected = nodesCompletedByAppend(index);
      const got = stored.slice(offset, offset + expected.length);
      offset += expected.length;
      expect(got.map(({ level, index: i }) => ({ level, index: i }))).toEqual(expected);
      for (const node of got) {
        const first = node.index * 2 ** node.level;
        expect(node.hash).toEqual(merkleRoot(leaves.slice(first, first + 2 ** node.level)));
      }
    }
    expect(offset).toBe(stored.length);
  });

  it("stores every perfect node exactly once", () => {
    // A tree of n leaves has one perfect node per complete aligned block at each level.
    let expected = 0;
    for (let width = 1; width <= leaves.length; width *= 2) expected += Math.floor(leaves.length / width);
    expect(stored).toHaveLength(expected);
    expect(new Set(stored.map((n) => `${n.level}/${n.index}`)).size).toBe(expected);
  });

  it("does not change the frontier it is given", () => {
    const before = frontiers[7] as Frontier;
    const copy = before.hashes.map((h) => new Uint8Array(h));
    const a = appendLeaf(before, leaves[0] as Uint8Array);
    const b = appendLeaf(before, leaves[1] as Uint8Array);
    expect(before.hashes).toEqual(copy);
    expect(before.size).toBe(7);
    expect(rootFromFrontier(a.frontier)).not.toEqual(rootFromFrontier(b.frontier));
  });

  it("refuses a frontier whose hashes do not fit its size, and bad hashes", () => {
    const leaf = leaves[0] as Uint8Array;
    expect(codeOf(() => appendLeaf({ size: 3, hashes: [leaf] }, leaf))).toBe("LEDGER_BAD_FRONTIER");
    expect(codeOf(() => rootFromFrontier({ size: 0, hashes: [leaf] }))).toBe("LEDGER_BAD_FRONTIER");
    expect(codeOf(() => appendLeaf({ size: -1, hashes: [] }, leaf))).toBe("LEDGER_BAD_SIZE");
    expect(codeOf(() => appendLeaf({ size: 1, hashes: [new Uint8Array(4)] }, leaf))).toBe("LEDGER_BAD_HASH");
    expect(codeOf(() => appendLeaf(EMPTY_FRONTIER, new Uint8Array(31)))).toBe("LEDGER_BAD_HASH");
  });

  it("keeps the empty frontier immutable", () => {
    expect(Object.isFrozen(EMPTY_FRONTIER)).toBe(true);
    expect(Object.isFrozen(EMPTY_FRONTIER.hashes)).toBe(true);
  });
});
