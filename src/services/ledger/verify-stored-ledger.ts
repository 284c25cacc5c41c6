/**
 * Verifies a node's whole ledger as stored: every entry recomputed, every stored hash and signed
 * tree head checked, and the head row compared with what the entries give. Used by
 * `rogatory ledger verify` and by the crash tests.
 */
import type { KeyObject } from "node:crypto";
import { bytesEqual } from "../../ledger/hash.js";
import { nodeSourceFrom } from "../../ledger/proof-plan.js";
import { type VerifyLogResult, verifyLog } from "../../ledger/verify-log.js";
import { type Executor, fromHex, readTreeHeads } from "../../store/ledger-store.js";

export type StoredLedgerReport = VerifyLogResult & { signedHeads: number };

export async function verifyStoredLedger(
  db: Executor,
  publicKey: KeyObject,
  logId?: string,
): Promise<StoredLedgerReport> {
  const rows = await db.selectFrom("ledger_entries").select(["idx", "entry"]).orderBy("idx").execute();
  const entries = rows.map((row) => parseOrKeep(row.entry));
  const nodes = await db.selectFrom("ledger_nodes").selectAll().execute();
  const storedNodes = nodeSourceFrom(
    nodes.map((n) => ({ level: Number(n.level), index: Number(n.idx), hash: fromHex(n.hash) })),
  );
  const heads = await readTreeHeads(db);
  const head = await db.selectFrom("ledger_head").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  const result = verifyLog(entries, heads, publicKey, logId ? { storedNodes, logId } : { storedNodes });
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
