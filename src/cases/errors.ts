/** Errors of the cases domain. Each code maps to one HTTP status in the server's error table. */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";
import type { Citation } from "../treaty/citation.js";
import type { Finding } from "../treaty/finding.js";

export type CasesErrorCode = Extract<
  ErrorCode,
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "TRANSITION_NOT_ALLOWED"
  | "FOUR_EYES"
  | "VALIDATION_BLOCKS"
  | "INPUT_REQUIRED"
  | "CONFLICT"
>;

export class CasesError extends CodedError<CasesErrorCode> {
  /** The treaty provision behind the refusal, where there is one. */
  readonly citation: Citation | undefined;
  /** Treaty findings, when validation is what blocked the action. */
  readonly findings: readonly Finding[] | undefined;
  constructor(
    code: CasesErrorCode,
    message: string,
    extra: { citation?: Citation; findings?: readonly Finding[] } = {},
  ) {
    super(code, message);
    this.citation = extra.citation;
    this.findings = extra.findings;
  }
}
