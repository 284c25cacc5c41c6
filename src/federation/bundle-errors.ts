/** Errors of offline bundles: a file that is not a whole bundle, or not one from a trusted peer to us. */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type BundleErrorCode = Extract<ErrorCode, `BUNDLE_${string}`>;

export class BundleError extends CodedError<BundleErrorCode> {}
