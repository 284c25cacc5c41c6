import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Entry } from "./entry.js";
import { rootFromFrontier } from "./frontier.js";
import { merkleRoot } from "./merkle.js";
import { nodeSourceFrom } from "./proof-plan.js";
import { sampleLog } from "./sample-log.js";
import { type SignedTreeHead, signTreeHead } from "./tree-head.js";
import { type VerifyLogResult, verifyLog } from "./verify-log.js";

const { privateKey, publicKey, LOG_ID, N, makeEntry, entries, leaves, storedRows, stored, frontier } =
  sampleLog();

const headAt = (size: number): SignedTreeHead =>
  signTreeHead(
    { logId: LOG_ID, size, timestamp: 1767225600000 + size, root: merkleRoot(leaves.slice(0, size)) },
    privateKey,
  );
const heads = [headAt(5), headAt(13), headAt(N)];

const failure = (result: VerifyLogResult) => {
  expect(result.ok).toBe(false);
  return result.ok ? undefined : { code: result.code, firstBadIndex: result.firstBadIndex };
};
const edited = (position: number) =>
  entries.map((e, i) => (i === position ? { ...e, data: { step: -1 } } : e));

describe("verifyLog on an intact log", () => {
  it("returns the size and the root", () => {
    const result = verifyLog(entries, heads, publicKey, { storedNodes: stored, logId: LOG_ID });
    expect(result).toEqual({ ok: true, size: N, root: rootFromFrontier(frontier) });
    expect(result.ok && result.root).toEqual(merkleRoot(leaves));
  });

  it("accepts an empty log, a head of size 0, and no heads at all", () => {
    expect(verifyLog([], [headAt(0)], publicKey)).toMatchObject({ ok: true, size: 0 });
    expect(verifyLog(entries, [], publicKey)).toMatchObject({ ok: true, size: N });
  });
});

describe("verifyLog finds tampering", () => {
  it("an edited entry: against stored hashes it names the entry", () => {
    expect(failure(verifyLog(edited(7), heads, publicKey, { storedNodes: stored }))).toEqual({
      code: "LEDGER_HASH_MISMATCH",
      firstBadIndex: 7,
    });
  });

  it("an edited entry: without stored hashes the signed root catches it", () => {
    expect(failure(verifyLog(edited(7), heads, publicKey))).toEqual({
      code: "LEDGER_ROOT_MISMATCH",
      firstBadIndex: undefined,
    });
  });

  it("a deleted entry", () => {
    const deleted = entries.filter((_, i) => i !== 9);
    expect(failure(verifyLog(deleted, heads, publicKey))).toEqual({
      code: "LEDGER_BAD_INDEX",
      firstBadIndex: 9,
    });
  });

  it("a deleted entry with the later ones renumbered", () => {
    const renumbered = entries.filter((_, i) => i !== 9).map((e, i) => ({ ...e, index: i }));
    expect(failure(verifyLog(renumbered, heads, publicKey, { storedNodes: stored }))).toEqual({
      code: "LEDGER_HASH_MISMATCH",
      firstBadIndex: 9,
    });
    expect(failure(verifyLog(renumbered, heads, publicKey))?.code).toBe("LEDGER_ROOT_MISMATCH");
  });

  it("an inserted entry", () => {
    const forged = { ...makeEntry(4), subject: "case/forged" };
    const inserted = [...entries.slice(0, 4), forged, ...entries.slice(4)];
    expect(failure(verifyLog(inserted, heads, publicKey))).toEqual({
      code: "LEDGER_BAD_INDEX",
      firstBadIndex: 5,
    });
    expect(failure(verifyLog(inserted, heads, publicKey, { storedNodes: stored }))).toEqual({
      code: "LEDGER_HASH_MISMATCH",
      firstBadIndex: 4,
    });
  });

  it("reordered entries", () => {
    const swapped = [...entries];
    [swapped[3], swapped[4]] = [swapped[4] as Entry, swapped[3] as Entry];
    expect(failure(verifyLog(swapped, heads, publicKey))).toEqual({
      code: "LEDGER_BAD_INDEX",
      firstBadIndex: 3,
    });
  });

  it("entries removed from the end, caught by a head", () => {
    expect(failure(verifyLog(entries.slice(0, 15), heads, publicKey))).toEqual({
      code: "LEDGER_TRUNCATED",
      firstBadIndex: 15,
    });
  });

  it("entries removed from the end, caught by the stored leaves", () => {
    expect(
      failure(verifyLog(entries.slice(0, 15), heads.slice(0, 2), publicKey, { storedNodes: stored })),
    ).toEqual({
      code: "LEDGER_TRUNCATED",
      firstBadIndex: 15,
    });
  });

  it("a corrupted stored interior node, naming its first leaf", () => {
    const corrupt = nodeSourceFrom(
      storedRows.map((n) => (n.level === 2 && n.index === 2 ? { ...n, hash: leaves[0] as Uint8Array } : n)),
    );
    expect(failure(verifyLog(entries, heads, publicKey, { storedNodes: corrupt }))).toEqual({
      code: "LEDGER_HASH_MISMATCH",
      firstBadIndex: 8,
    });
  });

  it("a malformed entry", () => {
    const bad = entries.map((e, i) => (i === 2 ? { ...e, type: "Not A Type" } : e));
    expect(failure(verifyLog(bad, heads, publicKey))).toEqual({ code: "LEDGER_BAD_ENTRY", firstBadIndex: 2 });
  });

  it("a head with a bad signature, or made with another key", () => {
    const forged = { ...heads[1], size: 12 } as SignedTreeHead;
    expect(failure(verifyLog(entries, [heads[0] as SignedTreeHead, forged], publicKey))?.code).toBe(
      "LEDGER_BAD_SIGNATURE",
    );
    const other = generateKeyPairSync("ed25519").publicKey;
    expect(failure(verifyLog(entries, heads, other))?.code).toBe("LEDGER_BAD_SIGNATURE");
  });

  it("a validly signed head over a different history", () => {
    const rewritten = signTreeHead(
      { logId: LOG_ID, size: 13, timestamp: 1, root: merkleRoot(leaves.slice(1, 14)) },
      privateKey,
    );
    expect(failure(verifyLog(entries, [rewritten], publicKey))).toEqual({
      code: "LEDGER_ROOT_MISMATCH",
      firstBadIndex: undefined,
    });
  });

  it("a head of another log", () => {
    expect(failure(verifyLog(entries, heads, publicKey, { logId: "XB/ledger-test" }))?.code).toBe(
      "LEDGER_WRONG_LOG",
    );
  });

  it("reports a message that says where", () => {
    const result = verifyLog(entries.slice(0, 15), heads, publicKey);
    expect(result.ok ? "" : result.message).toBe("tree head #2 covers 20 entries but the log has 15");
  });
});
