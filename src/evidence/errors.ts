/**
 * Errors raised while handling evidence files. Each way a sealed file can be wrong has its own code
 * (a chunk that does not authenticate, a file cut short, data after its end), so a transfer can fetch
 * a chunk again, a court report can name the fault and tests can tell them apart; the codes and their
 * meanings are in the error catalogue (src/errors/catalogue.ts, docs/errors.md).
 */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type EvidenceErrorCode = Extract<ErrorCode, `EVIDENCE_${string}`>;

export class EvidenceError extends CodedError<EvidenceErrorCode> {}
