/**
 * Brings a database's schema up to date. The migrations are listed here in code, not discovered on
 * disk, so a bundled or relocated build cannot lose one; the same list runs on SQLite and PostgreSQL.
 */
import { type Kysely, type Migration, Migrator } from "kysely";
import { StoreError } from "./errors.js";
import * as initial from "./migrations/0001-initial.js";
import * as peers from "./migrations/0002-peers.js";
import * as federation from "./migrations/0003-federation.js";
import * as remoteRequests from "./migrations/0004-remote-requests.js";
import * as bundles from "./migrations/0005-bundles.js";
import * as peerHeads from "./migrations/0006-peer-heads.js";
import * as evidence from "./migrations/0007-evidence.js";

export type NamedMigration = readonly [name: string, migration: Migration];

/**
 * Every migration, oldest first. Kysely applies them in the sort order of their names, so a new one
 * takes the next zero-padded number; a test checks that this list is already in that order.
 */
export const MIGRATIONS: readonly NamedMigration[] = [
  ["0001-initial", initial],
  ["0002-peers", peers],
  ["0003-federation", federation],
  ["0004-remote-requests", remoteRequests],
  ["0005-bundles", bundles],
  ["0006-peer-heads", peerHeads],
  ["0007-evidence", evidence],
];

/**
 * Applies every pending migration and returns the names applied (none when already up to date).
 * Throws `MIGRATION_FAILED` naming the migration that failed; what that run did is rolled back
 * (see the SQLite adapter in database.ts for why that holds on SQLite too).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
export async function migrateToLatest(db: Kysely<any>, migrations = MIGRATIONS): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => Object.fromEntries(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    // No failed migration means Kysely refused before running any: typically the database records
    // a migration this build does not know, i.e. a newer Rogatory has used it.
    const message =
      failed === undefined
        ? `cannot migrate the database: ${reason} (was it used by a newer Rogatory version?)`
        : `database migration ${failed} failed: ${reason}`;
    throw new StoreError("MIGRATION_FAILED", message, { cause: error });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
