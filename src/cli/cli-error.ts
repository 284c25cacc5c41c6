/** An error the CLI reports as one clear line and a documented exit code. */
import { ERROR_CATALOGUE, type ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class CliError extends CodedError<ErrorCode> {
  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit;
  }
}
