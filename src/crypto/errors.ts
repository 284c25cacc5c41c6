/**
 * Errors raised by the message envelope (seal and open). Every reason to refuse an incoming
 * message has its own code, so the inbox can log it, the API can answer with the right status and
 * tests can tell a forgery from a replay; the codes and their meanings are in the error catalogue
 * (src/errors/catalogue.ts, docs/errors.md).
 */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type EnvelopeErrorCode = Extract<ErrorCode, `ENVELOPE_${string}`>;

export class EnvelopeError extends CodedError<EnvelopeErrorCode> {}
