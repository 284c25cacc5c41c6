import { describe, expect, it } from "vitest";
import { nodesCompletedByAppend } from "./frontier.js";
import { createLogVerifier, nodesCompletedByAppends, type VerifyLogResult } from "./log-verifier.js";
import { merkleRoot } from "./merkle.js";
import { type NodeCoord, nodeKey } from "./node-coord.js";
import { type NodeSource, nodeSourceFrom } from "./proof-plan.js";
import { sampleLog } from "./sample-log.js";
import { type SignedTreeHead, signTreeHead } from "./tree-head.js";
import { verifyLog } from "./verify-log.js";

const { privateKey, publicKey, LOG_ID, N, makeEntry, entries, leaves, storedRows, stored } = sampleLog();
const corrupt = nodeSourceFrom(
  storedRows.map((n) => (n.level === 2 && n.index === 2 ? { ...n, hash: leaves[0] as Uint8Array } : n)),
);

const headAt = (size: number, logId = LOG_ID): SignedTreeHead =>
  signTreeHead(
    { logId, size, timestamp: 1767225600000 + size, root: merkleRoot(leaves.slice(0, size)) },
    privateKey,
  );
const heads = [headAt(5), headAt(13), headAt(N)];

const edited = entries.map((e, i) => (i === 7 ? { ...e, data: { step: -1 } } : e));
const deleted = entries.filter((_, i) => i !== 9);
const renumbered = deleted.map((e, i) => ({ ...e, index: i }));
const inserted = [...entries.slice(0, 4), { ...makeEntry(4), subject: "case/forged" }, ...entries.slice(4)];
const swapped = entries.map((e, i) => (i === 3 ? entries[4] : i === 4 ? entries[3] : e));
const malformed = entries.map((e, i) => (i === 12 ? { ...e, type: "Not A Type" } : e));

type Scenario = {
  name: string;
  log: readonly unknown[];
  heads: readonly SignedTreeHead[];
  storedNodes?: NodeSource;
  logId?: string;
  expected: { code: string; firstBadIndex?: number } | "ok";
};

const scenarios: Scenario[] = [
  {
    name: "intact, with stored nodes",
    log: entries,
    heads,
    storedNodes: stored,
    logId: LOG_ID,
    expected: "ok",
  },
  { name: "intact, heads only", log: entries, heads, expected: "ok" },
  {
    name: "empty, head of size 0",
    log: [],
    heads: [headAt(0)],
    storedNodes: nodeSourceFrom([]),
    expected: "ok",
  },
  {
    name: "edited, with stored nodes",
    log: edited,
    heads,
    storedNodes: stored,
    expected: { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 7 },
  },
  { name: "edited, heads only", log: edited, heads, expected: { code: "LEDGER_ROOT_MISMATCH" } },
  { name: "deleted", log: deleted, heads, expected: { code: "LEDGER_BAD_INDEX", firstBadIndex: 9 } },
  {
    name: "deleted and renumbered",
    log: renumbered,
    heads,
    storedNodes: stored,
    expected: { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 9 },
  },
  {
    name: "inserted, with stored nodes",
    log: inserted,
    heads,
    storedNodes: stored,
    expected: { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 4 },
  },
  {
    name: "inserted, heads only",
    log: inserted,
    heads,
    expected: { code: "LEDGER_BAD_INDEX", firstBadIndex: 5 },
  },
  { name: "swapped", log: swapped, heads, expected: { code: "LEDGER_BAD_INDEX", firstBadIndex: 3 } },
  { name: "malformed", log: malformed, heads, expected: { code: "LEDGER_BAD_ENTRY", firstBadIndex: 12 } },
  {
    name: "truncated, caught by a head",
    log: entries.slice(0, 15),
    heads,
    expected: { code: "LEDGER_TRUNCATED", firstBadIndex: 15 },
  },
  {
    name: "truncated, caught by the stored leaves",
    log: entries.slice(0, 15),
    heads: heads.slice(0, 2),
    storedNodes: stored,
    expected: { code: "LEDGER_TRUNCATED", firstBadIndex: 15 },
  },
  {
    name: "corrupted stored node",
    log: entries,
    heads,
    storedNodes: corrupt,
    expected: { code: "LEDGER_HASH_MISMATCH", firstBadIndex: 8 },
  },
  {
    name: "forged head",
    log: entries,
    heads: [heads[0] as SignedTreeHead, { ...heads[1], size: 12 } as SignedTreeHead],
    expected: { code: "LEDGER_BAD_SIGNATURE" },
  },
  {
    name: "head of another log",
    log: entries,
    heads: [headAt(5, "XB/ledger-test")],
    logId: LOG_ID,
    expected: { code: "LEDGER_WRONG_LOG" },
  },
];

/** A lookup that answers only for `allowed` and fails the test if asked for anything else. */
function only(source: NodeSource, allowed: readonly NodeCoord[]): NodeSource {
  const keys = new Set(allowed.map(nodeKey));
  return (coord) => {
    if (!keys.has(nodeKey(coord))) throw new Error(`asked for node ${nodeKey(coord)} outside the batch`);
    return source(coord);
  };
}

/** Feeds `log` in batches of `batch`, each with a lookup restricted to that batch's coordinates. */
function streamed(s: Scenario, batch: number): VerifyLogResult {
  const verifier = createLogVerifier(s.heads, publicKey, s.logId === undefined ? {} : { logId: s.logId });
  for (let start = 0; start < s.log.length; start += batch) {
    const page = s.log.slice(start, start + batch);
    const coords = nodesCompletedByAppends(start, page.length).flatMap((r) =>
      Array.from({ length: r.to - r.from + 1 }, (_, k) => ({ level: r.level, index: r.from + k })),
    );
    if (verifier.addEntries(page, s.storedNodes && only(s.storedNodes, coords))) break;
  }
  return verifier.finish(s.storedNodes && only(s.storedNodes, [{ level: 0, index: s.log.length }]));
}

const summary = (result: VerifyLogResult) =>
  result.ok
    ? "ok"
    : result.firstBadIndex === undefined
      ? { code: result.code }
      : { code: result.code, firstBadIndex: result.firstBadIndex };

describe("createLogVerifier fed in batches", () => {
  it.each(scenarios)("$name: every batch size gives verifyLog's result", (s) => {
    const whole = verifyLog(s.log, s.heads, publicKey, {
      ...(s.storedNodes ? { storedNodes: s.storedNodes } : {}),
      ...(s.logId === undefined ? {} : { logId: s.logId }),
    });
    expect(summary(whole)).toEqual(s.expected);
    for (let batch = 1; batch <= N + 1; batch++) expect(streamed(s, batch)).toEqual(whole);
  });

  it("reports the first failure again once found, and refuses entries after finish", () => {
    const verifier = createLogVerifier(heads, publicKey);
    expect(verifier.addEntries(swapped.slice(0, 2))).toBeUndefined();
    const failure = verifier.addEntries(swapped.slice(2, 6));
    expect(failure).toMatchObject({ code: "LEDGER_BAD_INDEX", firstBadIndex: 3 });
    // Later entries are not checked: an entry that would fail differently changes nothing.
    expect(verifier.addEntries(["not an entry"])).toBe(failure);
    expect(verifier.finish()).toBe(failure);
    expect(verifier.finish()).toBe(failure);
    expect(() => verifier.addEntries([])).toThrow(/finished/);
  });

  it("reports bad heads before any entry", () => {
    const verifier = createLogVerifier([{ ...headAt(3), root: new Uint8Array(32) }], publicKey);
    expect(verifier.addEntries([])).toMatchObject({ code: "LEDGER_BAD_SIGNATURE" });
  });
});

describe("nodesCompletedByAppends", () => {
  it("is the union of nodesCompletedByAppend over the range", () => {
    for (let start = 0; start <= 70; start++) {
      for (let count = 0; count <= 40; count++) {
        const ranges = nodesCompletedByAppends(start, count);
        const fromRanges = ranges.flatMap((r) =>
          Array.from({ length: r.to - r.from + 1 }, (_, k) => nodeKey({ level: r.level, index: r.from + k })),
        );
        const expected = Array.from({ length: count }, (_, k) => nodesCompletedByAppend(start + k))
          .flat()
          .map(nodeKey);
        expect(fromRanges.toSorted()).toEqual(expected.toSorted());
        expect(ranges.every((r) => r.from <= r.to)).toBe(true);
      }
    }
  });

  it("works past 2^32 and refuses bad sizes", () => {
    const start = 2 ** 40 - 2;
    expect(nodesCompletedByAppends(start, 2).at(-1)).toEqual({ level: 40, from: 0, to: 0 });
    expect(nodesCompletedByAppends(start, 2)).toHaveLength(41);
    expect(() => nodesCompletedByAppends(-1, 2)).toThrow(/non-negative/);
    expect(() => nodesCompletedByAppends(0, 1.5)).toThrow(/non-negative/);
  });
});
