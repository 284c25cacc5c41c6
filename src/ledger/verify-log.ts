/**
 * Offline check of a whole log: recompute every leaf from its entry, rebuild the tree with the
 * frontier, and compare with the signed tree heads and, when given, with the hashes the store
 * holds. The first problem found is reported with, where one can be named, the first entry
 * position that is wrong. Pure: entries, heads, key and stored hashes are all passed in.
 *
 * This is the incremental verifier of `log-verifier.ts` fed the whole log as one batch; a caller
 * that cannot hold the log in memory feeds that verifier in pages instead (`verifyStoredLedger`).
 */
import type { KeyObject } from "node:crypto";
import { createLogVerifier, type VerifyLogResult } from "./log-verifier.js";
import type { NodeSource } from "./proof-plan.js";
import type { SignedTreeHead } from "./tree-head.js";

export type { VerifyLogFailure, VerifyLogResult } from "./log-verifier.js";

export type VerifyLogOptions = {
  /** Leaf (level 0) and perfect-node hashes the store holds; `undefined` for a node it does not hold. */
  readonly storedNodes?: NodeSource;
  /** When given, every head must name this log. */
  readonly logId?: string;
};

/** Verifies `entries` (the whole log, in order) against signed `heads` made with `publicKey`. */
export function verifyLog(
  entries: readonly unknown[],
  heads: readonly SignedTreeHead[],
  publicKey: KeyObject,
  options: VerifyLogOptions = {},
): VerifyLogResult {
  const verifier = createLogVerifier(
    heads,
    publicKey,
    options.logId === undefined ? {} : { logId: options.logId },
  );
  verifier.addEntries(entries, options.storedNodes);
  return verifier.finish(options.storedNodes);
}
