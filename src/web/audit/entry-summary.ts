/**
 * A one-line summary of a ledger entry for the table: its subject and the first few plain values
 * of its data. Entries carry no personal data beyond identifiers (the services keep it out), so
 * the values are shown as recorded; the full entry is one click away.
 */
import type { LedgerEntry } from "../admin/admin-types.js";

const MAX_FIELDS = 3;
const MAX_VALUE = 60;

const isPlain = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

const shorten = (text: string): string =>
  text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;

/** `nameOf` gives the username of a `user:<id>` subject when the reader may know it. */
export function entrySummary(entry: LedgerEntry, nameOf: (actor: string) => string | undefined): string {
  const fields = Object.entries(entry.data)
    .filter(([, value]) => isPlain(value))
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => `${key}: ${shorten(String(value))}`);
  const username = nameOf(entry.subject);
  const subject = username === undefined ? entry.subject : `${username} (${entry.subject})`;
  return [subject, ...fields].join(" · ");
}
