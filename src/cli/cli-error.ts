/** An error the CLI reports as one clear line and a documented exit code. */
import { ERROR_CATALOGUE, type ErrorCode } from "../errors/catalogue.js";

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class CliError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
    this.code = code;
  }
  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit;
  }
}
