/**
 * Refusals of the peers services that are not about a card's content (those are CardError, from the
 * domain): not allowed, no such peer, a lost race, a missing or malformed confirmation.
 */
import type { ErrorCode } from "../../errors/catalogue.js";
import { CodedError } from "../../errors/coded-error.js";

export type PeerErrorCode = Extract<
  ErrorCode,
  "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "INPUT_REQUIRED"
>;

export class PeerError extends CodedError<PeerErrorCode> {}
