/**
 * Errors raised by the ledger core. Verification of untrusted proofs, heads and logs reports
 * failure as a value (`false` or a result object); a `LedgerError` means the caller misused the
 * API (a size out of range, a missing stored node, a malformed value it should have validated).
 * Each failure has its own code so the CLI, API and tests can tell them apart; the codes and
 * their meanings are in the error catalogue (src/errors/catalogue.ts, docs/errors.md).
 */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type LedgerErrorCode = Extract<ErrorCode, `LEDGER_${string}`>;

export class LedgerError extends CodedError<LedgerErrorCode> {}
