/**
 * Signs the ledger's current head (size, root, time) with the node's key and keeps it. Run on
 * demand by an auditor or administrator and on a schedule by the node; a head for a size already
 * signed is not signed again.
 */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import { type Actor, SYSTEM } from "../../cases/roles.js";
import { type SignedTreeHead, signTreeHead } from "../../ledger/tree-head.js";
import type { NodeContext } from "../../server/node-context.js";
import { fromHex, latestTreeHead, storeTreeHead } from "../../store/ledger-store.js";
import { executorOf } from "../in-transaction.js";

export async function signLedgerHead(options: {
  context: NodeContext;
  actor?: Actor;
}): Promise<SignedTreeHead> {
  const { context } = options;
  if (!can(options.actor ?? SYSTEM, "ledger.sign"))
    throw new CasesError("FORBIDDEN", "your role may not sign tree heads");
  // Inside the caller's transaction when there is one: a receipt signs the head its entry just grew.
  const db = executorOf(context);
  const head = await db
    .selectFrom("ledger_head")
    .select(["size", "root"])
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const latest = await latestTreeHead(db);
  if (latest && latest.size === Number(head.size)) return latest;
  const signed = signTreeHead(
    {
      logId: context.keys.logId,
      size: Number(head.size),
      timestamp: context.clock.now().getTime(),
      root: fromHex(head.root),
    },
    context.keys.signingPrivate,
  );
  await storeTreeHead(db, signed);
  return signed;
}
