/**
 * Errors of node cards. Every reason to refuse a card has its own code, so the CLI, the API and
 * tests can tell a forgery from a replay or a takeover attempt; the codes and their meanings are
 * in the error catalogue (src/errors/catalogue.ts, docs/errors.md).
 */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type CardErrorCode = Extract<ErrorCode, `CARD_${string}`>;

export class CardError extends CodedError<CardErrorCode> {}
