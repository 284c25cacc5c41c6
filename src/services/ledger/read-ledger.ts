/**
 * What auditors (and other nodes, later) read of the ledger: entries, the latest signed head, and
 * inclusion and consistency proofs computed from the stored perfect subtrees, never from every leaf.
 */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { Entry } from "../../ledger/entry.js";
import { LedgerError } from "../../ledger/errors.js";
import {
  assembleProof,
  assembleRoot,
  consistencyProofPlan,
  inclusionProofPlan,
  planNodes,
  rootPlan,
} from "../../ledger/proof-plan.js";
import type { NodeContext } from "../../server/node-context.js";
import { fetchNodes, ledgerSize, readEntries, toHex } from "../../store/ledger-store.js";
import { executorOf } from "../in-transaction.js";
import type { ConsistencyProof, InclusionProof } from "./ledger-views.js";

function assertMayRead(actor: Actor): void {
  if (!can(actor, "ledger.read")) throw new CasesError("FORBIDDEN", "your role may not read the ledger");
}

export async function listLedgerEntries(options: {
  context: NodeContext;
  actor: Actor;
  from: number;
  limit: number;
}): Promise<Entry[]> {
  assertMayRead(options.actor);
  return readEntries(options.context.db, options.from, options.limit);
}

async function checkedSize(context: NodeContext, size: number | undefined): Promise<number> {
  const current = await ledgerSize(executorOf(context));
  const chosen = size ?? current;
  if (chosen > current)
    throw new CasesError("BAD_REQUEST", `the ledger has ${current} entries, not ${chosen}`);
  return chosen;
}

export async function inclusionProof(options: {
  context: NodeContext;
  actor: Actor;
  index: number;
  size?: number | undefined;
}): Promise<InclusionProof> {
  assertMayRead(options.actor);
  const { context, index } = options;
  const size = await checkedSize(context, options.size);
  if (index >= size) throw new CasesError("BAD_REQUEST", `entry ${index} is not in a tree of size ${size}`);
  const plan = inclusionProofPlan(index, size);
  const roots = rootPlan(size);
  const nodes = await fetchNodes(executorOf(context), [...planNodes(plan), ...roots, { level: 0, index }]);
  const leaf = nodes({ level: 0, index });
  if (!leaf) throw new LedgerError("LEDGER_MISSING_NODE", `the store has no leaf ${index}`);
  return {
    index,
    size,
    leafHash: toHex(leaf),
    root: toHex(assembleRoot(roots, nodes)),
    proof: assembleProof(plan, nodes).map(toHex),
  };
}

export async function consistencyProof(options: {
  context: NodeContext;
  actor: Actor;
  from: number;
  to?: number | undefined;
}): Promise<ConsistencyProof> {
  assertMayRead(options.actor);
  const { context, from } = options;
  const to = await checkedSize(context, options.to);
  if (from < 1 || from > to) throw new CasesError("BAD_REQUEST", `from must be between 1 and ${to}`);
  const plan = consistencyProofPlan(from, to);
  const fromPlan = rootPlan(from);
  const toPlan = rootPlan(to);
  const nodes = await fetchNodes(context.db, [...planNodes(plan), ...fromPlan, ...toPlan]);
  return {
    from,
    to,
    fromRoot: toHex(assembleRoot(fromPlan, nodes)),
    toRoot: toHex(assembleRoot(toPlan, nodes)),
    proof: assembleProof(plan, nodes).map(toHex),
  };
}
