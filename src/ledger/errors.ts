/**
 * Errors raised by the ledger core. Verification of untrusted proofs, heads and logs reports
 * failure as a value (`false` or a result object); a `LedgerError` means the caller misused the
 * API (a size out of range, a missing stored node, a malformed value it should have validated).
 * Each failure has its own code so the CLI, API and tests can tell them apart.
 */

export type LedgerErrorCode =
  /** A tree size, leaf index or node coordinate is negative, fractional, unsafe or out of range. */
  | "LEDGER_BAD_SIZE"
  /** A hash is not a 32-byte Uint8Array. */
  | "LEDGER_BAD_HASH"
  /** A frontier's hashes do not match its size (one hash per set bit of the size). */
  | "LEDGER_BAD_FRONTIER"
  /** The store did not supply a node that a proof plan asked for. */
  | "LEDGER_MISSING_NODE"
  /** An entry does not match the entry schema or cannot be canonically encoded. */
  | "LEDGER_BAD_ENTRY"
  /** An entry's `index` field does not match its position in the log. */
  | "LEDGER_BAD_INDEX"
  /** A recomputed leaf or node hash differs from the stored one. */
  | "LEDGER_HASH_MISMATCH"
  /** A tree head's fields cannot be encoded (bad log id, size, timestamp or root). */
  | "LEDGER_BAD_TREE_HEAD"
  /** A key is not an Ed25519 key of the expected kind. */
  | "LEDGER_BAD_KEY"
  /** A tree head's signature does not verify, or the head is malformed. */
  | "LEDGER_BAD_SIGNATURE"
  /** A tree head names another log than the one being verified. */
  | "LEDGER_WRONG_LOG"
  /** A signed root differs from the root recomputed from the entries. */
  | "LEDGER_ROOT_MISMATCH"
  /** A signed head covers more entries than the log holds: entries were removed from the end. */
  | "LEDGER_TRUNCATED";

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "LedgerError";
    this.code = code;
  }
}
