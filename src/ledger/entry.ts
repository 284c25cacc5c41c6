/**
 * A ledger entry: one recorded state change. Its leaf is the RFC 8785 canonical JSON of the
 * entry in UTF-8, so anyone can recompute a leaf hash from the entry with any JCS library.
 * The schema is strict: an unknown field would otherwise be hashed by one party and dropped by another.
 */
import { z } from "zod";
import { CanonicalJsonError, canonicalJson } from "../crypto/canonical-json.js";
import { LedgerError } from "./errors.js";
import { leafHash } from "./hash.js";

/** Dotted lower-case event names such as `request.created` or `evidence.custody-transferred`. */
export const ENTRY_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export const EntrySchema = z.strictObject({
  /** Position in the log, from 0; it must equal the leaf index. */
  index: z.int().nonnegative(),
  /** When the change happened, UTC, e.g. 2025-03-01T12:00:00.000Z. Hashed as written. */
  time: z.iso.datetime(),
  /** Who made the change: a user or node identifier. */
  actor: z.string().min(1),
  type: z.string().regex(ENTRY_TYPE_PATTERN, "a dotted lower-case event type such as request.created"),
  /** What changed: a case, request, evidence item or key identifier. */
  subject: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type Entry = z.infer<typeof EntrySchema>;

/** Parses untrusted input into an entry, or throws LedgerError LEDGER_BAD_ENTRY. */
export function parseEntry(input: unknown): Entry {
  const result = EntrySchema.safeParse(input);
  if (!result.success) {
    throw new LedgerError("LEDGER_BAD_ENTRY", `invalid ledger entry: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

/** UTF-8 of the canonical JSON of the entry: the bytes the leaf hash covers. */
export function encodeEntry(entry: Entry): Uint8Array {
  const checked = parseEntry(entry);
  try {
    return new TextEncoder().encode(canonicalJson(checked));
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw new LedgerError(
      "LEDGER_BAD_ENTRY",
      `entry ${checked.index} has data JSON cannot hold: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

/** RFC 9162 leaf hash of the encoded entry. */
export function entryLeafHash(entry: Entry): Uint8Array {
  return leafHash(encodeEntry(entry));
}
