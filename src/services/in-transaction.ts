/**
 * Runs a service's change in a transaction: the caller's, when the context carries one (so an inbox
 * row and the request it creates commit together), or a new one.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../store/schema.js";

export function inTransaction<T>(
  context: { db: Kysely<Database>; trx?: Transaction<Database> | undefined },
  change: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return context.trx ? change(context.trx) : context.db.transaction().execute(change);
}

/** Where to read: inside the caller's transaction when there is one (SQLite has one connection; reading beside it would wait forever). */
export function executorOf(context: {
  db: Kysely<Database>;
  trx?: Transaction<Database> | undefined;
}): Kysely<Database> | Transaction<Database> {
  return context.trx ?? context.db;
}
