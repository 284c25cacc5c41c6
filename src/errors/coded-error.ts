/**
 * The base of every error Rogatory raises on purpose: a message written for people, and a code from
 * the catalogue for programs (the API's problem+json, the CLI's exit code, tests). Each part narrows
 * the codes it may raise: `class StoreError extends CodedError<StoreErrorCode> {}`.
 */
import type { ErrorCode } from "./catalogue.js";

export class CodedError<Code extends ErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
