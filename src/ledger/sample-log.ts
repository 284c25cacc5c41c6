/**
 * A small ledger for tests of verification: twenty entries, their leaves, and every perfect node a
 * store would hold after appending them, plus a fresh Ed25519 key to sign heads with.
 */
import { generateKeyPairSync } from "node:crypto";
import { type Entry, entryLeafHash } from "./entry.js";
import { appendLeaf, EMPTY_FRONTIER, type StoredNode } from "./frontier.js";
import { nodeSourceFrom } from "./proof-plan.js";

export function sampleLog(size = 20) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const makeEntry = (index: number): Entry => ({
    index,
    time: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    actor: "XA/user/clerk",
    type: "case.updated",
    subject: `case/${index % 4}`,
    data: { step: index },
  });
  const entries = Array.from({ length: size }, (_, i) => makeEntry(i));
  const leaves = entries.map(entryLeafHash);
  const storedRows: StoredNode[] = [];
  let frontier = EMPTY_FRONTIER;
  for (const leaf of leaves) {
    const next = appendLeaf(frontier, leaf);
    frontier = next.frontier;
    storedRows.push(...next.newNodes);
  }
  return {
    privateKey,
    publicKey,
    LOG_ID: "XA/ledger-test",
    N: size,
    makeEntry,
    entries,
    leaves,
    storedRows,
    stored: nodeSourceFrom(storedRows),
    frontier,
  };
}
