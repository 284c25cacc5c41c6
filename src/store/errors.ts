/** Errors of the storage layer: packs and declarations on disk, the database, the data directory. */
import type { ErrorCode } from "../errors/catalogue.js";
import { CodedError } from "../errors/coded-error.js";

export type StoreErrorCode = Extract<
  ErrorCode,
  | "PACK_NOT_FOUND"
  | "PACK_INVALID"
  | "DATA_DIR_IN_USE"
  | "DATA_DIR_UNUSABLE"
  | "DATABASE_UNREACHABLE"
  | "MIGRATION_FAILED"
>;

export class StoreError extends CodedError<StoreErrorCode> {}
