import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LedgerError } from "./errors.js";
import {
  encodeTreeHead,
  type SignedTreeHead,
  signTreeHead,
  type TreeHead,
  verifyTreeHead,
} from "./tree-head.js";

// RFC 8032 §7.1 test key 1, so the golden values below can be reproduced with any Ed25519 library.
const hexToB64url = (hex: string) => Buffer.from(hex, "hex").toString("base64url");
const privateKey = createPrivateKey({
  key: {
    kty: "OKP",
    crv: "Ed25519",
    d: hexToB64url("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    x: hexToB64url("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
  },
  format: "jwk",
});
const publicKey = createPublicKey(privateKey);

// The example of docs/ledger.md: the root of its three example entries, at 2026-01-01T10:05:00Z.
// Recorded once from this implementation and checked against Python's hashlib and `cryptography`.
const root = new Uint8Array(
  Buffer.from("55987b19c4d062da2142327c1fcf5edfd8eee1f40b8709b4477e24f3ccc2db8a", "hex"),
);
const head: TreeHead = { logId: "XA/ledger-2026", size: 3, timestamp: 1767261900000, root };
const GOLDEN_BYTES =
  "726f6761746f72792d747265652d686561642d76310a" + // "rogatory-tree-head-v1\n"
  "0e" + // log id length 14
  "58412f6c65646765722d32303236" + // "XA/ledger-2026"
  "0000000000000003" + // size 3
  "0000019b79048ce0" + // 1767261900000 ms
  "55987b19c4d062da2142327c1fcf5edfd8eee1f40b8709b4477e24f3ccc2db8a"; // root
const GOLDEN_SIGNATURE =
  "uetU+FuQdCDobxPi5nzPxNmpMaeUjF5OKJ5C41hGftwjQ5C2Jz3Bz2VqHNVHRbID+UDEWtgfYt6Fzd87GHwjAQ==";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return (error as LedgerError).code;
  }
  return undefined;
};

describe("encodeTreeHead", () => {
  it("lays the fields out as documented", () => {
    expect(Buffer.from(encodeTreeHead(head)).toString("hex")).toBe(GOLDEN_BYTES);
  });

  it("encodes sizes and timestamps past 2^32 as full 64-bit big-endian", () => {
    const bytes = encodeTreeHead({ ...head, size: 2 ** 40 + 1, timestamp: Number.MAX_SAFE_INTEGER });
    const view = new DataView(bytes.buffer);
    expect(view.getBigUint64(37)).toBe(2n ** 40n + 1n);
    expect(view.getBigUint64(45)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it("refuses heads it cannot encode unambiguously", () => {
    const bad: unknown[] = [
      { ...head, logId: "xa/ledger" },
      { ...head, logId: "XA" },
      { ...head, logId: "XA/" },
      { ...head, logId: `XA/${"k".repeat(65)}` },
      { ...head, logId: "XA/clé" },
      { ...head, size: -1 },
      { ...head, size: 1.5 },
      { ...head, size: 2 ** 53 },
      { ...head, timestamp: -5 },
      { ...head, timestamp: "2026-01-01" },
      { ...head, root: root.slice(1) },
      { ...head, root: Buffer.from(root).toString("hex") },
      null,
    ];
    for (const value of bad)
      expect(codeOf(() => encodeTreeHead(value as TreeHead))).toBe("LEDGER_BAD_TREE_HEAD");
  });
});

describe("signTreeHead and verifyTreeHead", () => {
  const signed = signTreeHead(head, privateKey);

  it("signs deterministically (Ed25519) and matches the documented example", () => {
    expect(signed.signature).toBe(GOLDEN_SIGNATURE);
    expect(signed).toMatchObject({ logId: head.logId, size: 3, timestamp: head.timestamp });
    expect(signed.root).toEqual(root);
  });

  it("verifies its own heads", () => {
    expect(verifyTreeHead(signed, publicKey)).toBe(true);
  });

  it("can be checked with nothing but the documented layout and a plain Ed25519 verify", () => {
    const label = Buffer.from("rogatory-tree-head-v1\n", "ascii");
    const id = Buffer.from(head.logId, "ascii");
    const numbers = Buffer.alloc(16);
    numbers.writeBigUInt64BE(BigInt(head.size), 0);
    numbers.writeBigUInt64BE(BigInt(head.timestamp), 8);
    const message = Buffer.concat([label, Buffer.of(id.length), id, numbers, root]);
    expect(verify(null, message, publicKey, Buffer.from(signed.signature, "base64"))).toBe(true);
  });

  it("fails when any field changes", () => {
    const flippedRoot = new Uint8Array(root);
    flippedRoot[31] = (flippedRoot[31] as number) ^ 1;
    const changed: SignedTreeHead[] = [
      { ...signed, logId: "XA/ledger-2027" },
      { ...signed, logId: "XB/ledger-2026" },
      { ...signed, size: 4 },
      { ...signed, size: 2 },
      { ...signed, timestamp: head.timestamp + 1 },
      { ...signed, root: flippedRoot },
    ];
    for (const head of changed) expect(verifyTreeHead(head, publicKey)).toBe(false);
  });

  it("fails when any bit of the signature changes", () => {
    const raw = Buffer.from(signed.signature, "base64");
    for (let i = 0; i < raw.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const tampered = Buffer.from(raw);
        tampered[i] = (tampered[i] as number) ^ bit;
        expect(verifyTreeHead({ ...signed, signature: tampered.toString("base64") }, publicKey)).toBe(false);
      }
    }
  });

  it("fails with another key", () => {
    const other = generateKeyPairSync("ed25519").publicKey;
    expect(verifyTreeHead(signed, other)).toBe(false);
  });

  it("returns false for malformed heads and signatures instead of throwing", () => {
    const last = signed.signature.at(-3) as string;
    const malformed: unknown[] = [
      { ...signed, signature: "" },
      { ...signed, signature: signed.signature.slice(0, -2) },
      { ...signed, signature: `${signed.signature}AA==` },
      { ...signed, signature: signed.signature.replace("+", "-") },
      // Same bytes, different spelling: the unused low bits of the last character set.
      { ...signed, signature: `${signed.signature.slice(0, -3)}${last === "Q" ? "R" : "Q"}==` },
      { ...signed, signature: Buffer.from(signed.signature, "base64") },
      { ...signed, signature: undefined },
      { ...signed, root: "not bytes" },
      { ...signed, size: -1 },
      { ...signed, logId: 7 },
      null,
      "head",
    ];
    for (const value of malformed) expect(verifyTreeHead(value as SignedTreeHead, publicKey)).toBe(false);
  });

  it("does not alias the caller's root", () => {
    const mine = new Uint8Array(root);
    const out = signTreeHead({ ...head, root: mine }, privateKey);
    mine[0] = 0;
    expect(out.root[0]).toBe(root[0]);
  });

  it("refuses keys of the wrong kind as misuse", () => {
    const x25519 = generateKeyPairSync("x25519");
    expect(codeOf(() => signTreeHead(head, x25519.privateKey))).toBe("LEDGER_BAD_KEY");
    expect(codeOf(() => signTreeHead(head, publicKey))).toBe("LEDGER_BAD_KEY");
    expect(codeOf(() => verifyTreeHead(signed, x25519.publicKey))).toBe("LEDGER_BAD_KEY");
    expect(codeOf(() => verifyTreeHead(signed, null as never))).toBe("LEDGER_BAD_KEY");
    expect(codeOf(() => signTreeHead({ ...head, size: -1 }, privateKey))).toBe("LEDGER_BAD_TREE_HEAD");
  });

  it("accepts the private key for verification, as Node derives the public half", () => {
    expect(verifyTreeHead(signed, privateKey)).toBe(true);
  });
});
