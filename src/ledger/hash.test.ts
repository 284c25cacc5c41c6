import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LedgerError } from "./errors.js";
import { bytesEqual, emptyRoot, isHash, leafHash, nodeHash, requireHash } from "./hash.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("RFC 9162 hashing", () => {
  it("hashes the empty tree as SHA-256 of the empty string", () => {
    expect(hex(emptyRoot())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("returns a fresh empty root each time, so one caller cannot corrupt another's", () => {
    const first = emptyRoot();
    first[0] = 0;
    expect(emptyRoot()[0]).toBe(0xe3);
  });

  it("prefixes leaves with 0x00", () => {
    // SHA-256 of the single byte 0x00: the leaf hash of empty data in RFC 6962 and 9162.
    expect(hex(leafHash(new Uint8Array(0)))).toBe(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    );
    const data = new TextEncoder().encode("entry");
    const expected = createHash("sha256").update(Uint8Array.of(0)).update(data).digest();
    expect(hex(leafHash(data))).toBe(expected.toString("hex"));
  });

  it("prefixes interior nodes with 0x01 and keeps the children in order", () => {
    const left = leafHash(Uint8Array.of(1));
    const right = leafHash(Uint8Array.of(2));
    const expected = createHash("sha256").update(Uint8Array.of(1)).update(left).update(right).digest();
    expect(hex(nodeHash(left, right))).toBe(expected.toString("hex"));
    expect(hex(nodeHash(right, left))).not.toBe(expected.toString("hex"));
  });

  it("returns plain Uint8Arrays, not Buffers", () => {
    expect(Object.getPrototypeOf(leafHash(Uint8Array.of(1)))).toBe(Uint8Array.prototype);
  });

  it("recognises only 32-byte Uint8Arrays as hashes", () => {
    expect(isHash(new Uint8Array(32))).toBe(true);
    expect(isHash(new Uint8Array(31))).toBe(false);
    expect(isHash(new Uint8Array(33))).toBe(false);
    expect(isHash(Array.from({ length: 32 }, () => 0))).toBe(false);
    expect(isHash("a".repeat(32))).toBe(false);
    expect(isHash(undefined)).toBe(false);
    expect(() => requireHash(new Uint8Array(3), "root")).toThrow(LedgerError);
    expect(() => requireHash(new Uint8Array(3), "root")).toThrow(
      expect.objectContaining({ code: "LEDGER_BAD_HASH" }),
    );
  });

  it("compares bytes exactly", () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), [1])).toBe(false);
    expect(bytesEqual(null, Uint8Array.of(1))).toBe(false);
  });
});

describe("nodeHash input checks", () => {
  it("refuses children that are not 32-byte hashes", () => {
    const good = leafHash(Uint8Array.of(1));
    expect(() => nodeHash(good, new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: "LEDGER_BAD_HASH" }),
    );
    expect(() => nodeHash(new Uint8Array(64), good)).toThrow(
      expect.objectContaining({ code: "LEDGER_BAD_HASH" }),
    );
  });

  it("does not let one result change when the next node is hashed", () => {
    const a = leafHash(Uint8Array.of(1));
    const b = leafHash(Uint8Array.of(2));
    const first = nodeHash(a, b);
    const copy = new Uint8Array(first);
    nodeHash(b, a);
    expect(first).toEqual(copy);
  });
});
