/**
 * Errors of node cards. Every reason to refuse a card has its own code, so the CLI, the API and
 * tests can tell a forgery from a replay or a takeover attempt; the codes and their meanings are
 * in the error catalogue (src/errors/catalogue.ts, docs/errors.md).
 */
import type { ErrorCode } from "../errors/catalogue.js";

export type CardErrorCode = Extract<ErrorCode, `CARD_${string}`>;

export class CardError extends Error {
  readonly code: CardErrorCode;

  constructor(code: CardErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CardError";
    this.code = code;
  }
}
