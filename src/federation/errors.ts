/**
 * Errors of federation itself (the envelope's own checks raise EnvelopeError): a peer that cannot
 * be written to, a receipt that proves nothing, an authentic message that cannot take effect.
 */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type FederationErrorCode = Extract<ErrorCode, `FEDERATION_${string}`>;

export class FederationError extends CodedError<FederationErrorCode> {}
