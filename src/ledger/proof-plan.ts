/**
 * Proofs and historical roots from stored perfect nodes, for logs too large to load. A plan says
 * which perfect nodes (level, index) to fetch; assembling combines the fetched hashes into exactly
 * what `merkle.ts` computes from all the leaves. Each proof hash is one plan step: a single perfect
 * node, or, on the right edge of the tree, the few perfect nodes covering a non-perfect subtree,
 * folded from the right. A plan for size n only names nodes that were complete at size n, so it
 * works on a store that has grown since.
 */
import { LedgerError } from "./errors.js";
import { foldRight } from "./frontier.js";
import { requireHash } from "./hash.js";
import { type NodeCoord, nodeKey, rangeCoords, requireCount, splitPoint } from "./node-coord.js";

/** The perfect nodes whose right fold gives one hash of a proof, largest first. */
export type PlanStep = readonly NodeCoord[];
/** One step per proof hash, in proof order (from the leaf upwards). */
export type ProofPlan = readonly PlanStep[];
/** Looks up a stored node's hash; `undefined` when the store lacks it. */
export type NodeSource = (coord: NodeCoord) => Uint8Array | undefined;

/** Every coordinate a plan needs, each once: what the store should fetch in one query. */
export function planNodes(plan: ProofPlan): NodeCoord[] {
  const seen = new Map<string, NodeCoord>();
  for (const coord of plan.flat()) seen.set(nodeKey(coord), coord);
  return [...seen.values()];
}

/** Builds a NodeSource from fetched rows. */
export function nodeSourceFrom(nodes: Iterable<NodeCoord & { readonly hash: Uint8Array }>): NodeSource {
  const byKey = new Map<string, Uint8Array>();
  for (const node of nodes) byKey.set(nodeKey(node), node.hash);
  return (coord) => byKey.get(nodeKey(coord));
}

/** The perfect nodes whose right fold is the root of the tree of `size` (none for the empty tree). */
export function rootPlan(size: number): PlanStep {
  return rangeCoords(0, requireCount(size, "tree size"));
}

/** Mirrors PATH(m, D[n]) of RFC 9162 §2.1.3.1 on ranges instead of hashes. */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  requireCount(index, "leaf index");
  requireCount(size, "tree size");
  if (index >= size)
    throw new LedgerError("LEDGER_BAD_SIZE", `leaf index ${index} is outside a tree of size ${size}`);
  const topDown: PlanStep[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      topDown.push(rangeCoords(mid, hi));
      hi = mid;
    } else {
      topDown.push(rangeCoords(lo, mid));
      lo = mid;
    }
  }
  return topDown.reverse();
}

/** Mirrors PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1, for 0 < size1 ≤ size2 (empty when equal). */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  requireCount(size1, "size1");
  requireCount(size2, "size2");
  if (size1 === 0 || size1 > size2)
    throw new LedgerError("LEDGER_BAD_SIZE", `size1 ${size1} must be in 1..${size2}`);
  const topDown: PlanStep[] = [];
  let lo = 0;
  let hi = size2;
  let whole = true;
  while (size1 !== hi) {
    const mid = lo + splitPoint(hi - lo);
    if (size1 <= mid) {
      topDown.push(rangeCoords(mid, hi));
      hi = mid;
    } else {
      topDown.push(rangeCoords(lo, mid));
      lo = mid;
      whole = false;
    }
  }
  if (!whole) topDown.push(rangeCoords(lo, hi));
  return topDown.reverse();
}

function fetchStep(step: PlanStep, nodes: NodeSource): Uint8Array[] {
  return step.map((coord) => {
    const hash = nodes(coord);
    if (hash === undefined) {
      throw new LedgerError(
        "LEDGER_MISSING_NODE",
        `the store has no node at level ${coord.level}, index ${coord.index}`,
      );
    }
    return requireHash(hash, `stored node ${nodeKey(coord)}`);
  });
}

/** Turns a plan and the fetched nodes into proof hashes. */
export function assembleProof(plan: ProofPlan, nodes: NodeSource): Uint8Array[] {
  return plan.map((step) => foldRight(fetchStep(step, nodes)));
}

export const assembleInclusionProof: (plan: ProofPlan, nodes: NodeSource) => Uint8Array[] = assembleProof;
export const assembleConsistencyProof: (plan: ProofPlan, nodes: NodeSource) => Uint8Array[] = assembleProof;

/** The root of the tree `rootPlan(size)` describes; the empty-tree hash for an empty plan. */
export function assembleRoot(plan: PlanStep, nodes: NodeSource): Uint8Array {
  return foldRight(fetchStep(plan, nodes));
}
