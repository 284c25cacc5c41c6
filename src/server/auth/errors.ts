/**
 * Errors of authentication and user management: no session, no second factor, no CSRF token, too
 * many tries, and the few refusals of the users service (unknown user, username taken, weak password).
 */
import type { ErrorCode } from "../../errors/catalogue.js";
import { CodedError } from "../../errors/coded-error.js";

export type AuthErrorCode = Extract<
  ErrorCode,
  | "UNAUTHENTICATED"
  | "MFA_REQUIRED"
  | "CSRF"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "CONFLICT"
>;

export class AuthError extends CodedError<AuthErrorCode> {}
