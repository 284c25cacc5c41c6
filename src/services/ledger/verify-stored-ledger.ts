/**
 * Verifies a node's whole ledger as stored: every entry recomputed, every stored hash and signed
 * tree head checked, and the head row compared with what the entries give. Used by
 * `rogatory ledger verify` and by the crash tests.
 *
 * It streams: entries are read a page at a time (keyset pagination on the index) and fed to the
 * incremental verifier with only the stored nodes that page's appends complete, so memory stays
 * flat however long the log is (`docs/ledger.md` §3). The result is the one `verifyLog` gives for
 * the whole log at once, whatever the page size.
 */
import type { KeyObject } from "node:crypto";
import { bytesEqual } from "../../ledger/hash.js";
import { createLogVerifier, nodesCompletedByAppends } from "../../ledger/log-verifier.js";
import type { VerifyLogResult } from "../../ledger/verify-log.js";
import {
  type Executor,
  fetchNodeRanges,
  fetchNodes,
  fromHex,
  ledgerSize,
  readEntryRows,
  readTreeHeads,
} from "../../store/ledger-store.js";

export type StoredLedgerReport = VerifyLogResult & { signedHeads: number };

export type VerifyStoredLedgerOptions = {
  /** Entries read and checked per page; 10,000 unless given. */
  readonly pageSize?: number;
  /** Called after each non-empty page with the entries checked so far and the head row's size. */
  readonly onProgress?: (verified: number, expected: number) => void;
};

export const DEFAULT_VERIFY_PAGE_SIZE = 10_000;

export async function verifyStoredLedger(
  db: Executor,
  publicKey: KeyObject,
  logId?: string,
  options: VerifyStoredLedgerOptions = {},
): Promise<StoredLedgerReport> {
  const pageSize = options.pageSize ?? DEFAULT_VERIFY_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`pageSize must be a positive integer, not ${pageSize}`);
  }
  const heads = await readTreeHeads(db);
  const verifier = createLogVerifier(heads, publicKey, logId ? { logId } : {});
  // Bad heads fail before any entry is read.
  const headProblem = verifier.addEntries([]);
  if (headProblem) return { ...headProblem, signedHeads: heads.length };

  const expected = options.onProgress ? await ledgerSize(db) : 0;
  let position = 0;
  let after: number | undefined;
  for (;;) {
    const rows = await readEntryRows(db, after, pageSize);
    if (rows.length === 0) break;
    const stored = await fetchNodeRanges(db, nodesCompletedByAppends(position, rows.length));
    const failure = verifier.addEntries(
      rows.map((row) => parseOrKeep(row.entry)),
      stored,
    );
    if (failure) return { ...failure, signedHeads: heads.length };
    position += rows.length;
    options.onProgress?.(position, expected);
    if (rows.length < pageSize) break;
    after = rows.at(-1)?.idx;
  }
  const result = verifier.finish(await fetchNodes(db, [{ level: 0, index: position }]));

  const head = await db.selectFrom("ledger_head").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  if (result.ok && (Number(head.size) !== result.size || !bytesEqual(fromHex(head.root), result.root))) {
    return {
      ok: false,
      code: "LEDGER_ROOT_MISMATCH",
      message: `the stored head (size ${head.size}) does not match the ${result.size} stored entries`,
      firstBadIndex: Math.min(Number(head.size), result.size),
      signedHeads: heads.length,
    };
  }
  return { ...result, signedHeads: heads.length };
}

/** A row whose JSON was damaged is kept as its raw text, so that verification names that entry. */
function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
