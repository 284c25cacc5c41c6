import { describe, expect, it } from "vitest";
import { LedgerError } from "./errors.js";
import { half, isCount, isPowerOfTwo, nodeKey, rangeCoords, requireCount, splitPoint } from "./node-coord.js";

describe("size arithmetic", () => {
  it("accepts only non-negative safe integers as counts", () => {
    expect(isCount(0)).toBe(true);
    expect(isCount(Number.MAX_SAFE_INTEGER)).toBe(true);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "3", null, 3n]) {
      expect(isCount(bad)).toBe(false);
    }
    expect(() => requireCount(-1, "size")).toThrow(expect.objectContaining({ code: "LEDGER_BAD_SIZE" }));
    expect(() => requireCount(0.5, "size")).toThrow(LedgerError);
  });

  it("shifts and splits beyond 32 bits", () => {
    expect(half(2 ** 40 + 3)).toBe(2 ** 39 + 1);
    expect(splitPoint(2)).toBe(1);
    expect(splitPoint(3)).toBe(2);
    expect(splitPoint(4)).toBe(2);
    expect(splitPoint(5)).toBe(4);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect([0, 1, 2, 3, 4, 6, 8, 2 ** 40, 2 ** 40 + 2].map(isPowerOfTwo)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it("covers a prefix with one perfect node per set bit, largest first", () => {
    expect(rangeCoords(0, 0)).toEqual([]);
    expect(rangeCoords(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rangeCoords(8, 13)).toEqual([
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rangeCoords(2 ** 41, 2 ** 41 + 2 ** 33 + 1)).toEqual([
      { level: 33, index: 2 ** 8 },
      { level: 0, index: 2 ** 41 + 2 ** 33 },
    ]);
  });

  it("keys nodes by level and index", () => {
    expect(nodeKey({ level: 3, index: 12 })).toBe("3/12");
    expect(nodeKey({ level: 31, index: 2 })).not.toBe(nodeKey({ level: 3, index: 12 }));
  });
});
