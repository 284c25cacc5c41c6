/**
 * Opens the node's database: embedded SQLite in the data directory by default, PostgreSQL when a
 * database URL is configured. Either way the schema is brought up to date before the store is
 * returned, so no caller ever sees a half-migrated database, and every failure to open is a
 * `StoreError` that says what to do.
 */
import { accessSync, chmodSync, constants, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type DialectAdapter, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from "kysely";
import pg from "pg";
import { StoreError } from "./errors.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

export type Store = { db: Kysely<Database>; kind: "sqlite" | "postgres"; close(): Promise<void> };

export type OpenStoreOptions = { dataDir: string; databaseUrl?: string | undefined };

/** The embedded database's file name inside the data directory. */
export const SQLITE_FILE = "rogatory.sqlite";

/**
 * How long an open waits for another process's lock. Only the open can contend (the lock is then
 * held until close), so this just lets a node that is still shutting down finish during a restart,
 * while a real conflict is still reported within seconds.
 */
const LOCK_WAIT_MS = 2_000;

/** How long PostgreSQL may take to accept a connection before the open is reported as failed. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store =
    options.databaseUrl === undefined ? openSqlite(options.dataDir) : await openPostgres(options.databaseUrl);
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    // Release the data directory lock or the pool: the caller gets no store to close.
    await store.close();
    throw error;
  }
  return store;
}

/** True when a database error is a unique-constraint violation, on either backend. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

// ---------------------------------------------------------------------------------------------
// SQLite

function openSqlite(dataDir: string): Store {
  assertUsableDir(dataDir);
  const file = join(dataDir, SQLITE_FILE);
  const created = !existsSync(file);
  let sqlite: SqliteDatabase.Database;
  try {
    // `timeout` is SQLite's busy_timeout: how long a locked database is waited for.
    sqlite = new SqliteDatabase(file, { timeout: LOCK_WAIT_MS });
  } catch (cause) {
    throw sqliteOpenError(dataDir, file, cause);
  }
  try {
    configureAndLock(sqlite);
  } catch (cause) {
    sqlite.close();
    throw cause instanceof StoreError ? cause : sqliteOpenError(dataDir, file, cause);
  }
  // The file holds password hashes and TOTP secrets: readable by the node's user only. SQLite gives
  // the -wal file the same mode as the database file.
  if (created) chmodSync(file, 0o600);
  const db = new Kysely<Database>({ dialect: new AtomicMigrationsSqliteDialect({ database: sqlite }) });
  return { db, kind: "sqlite", close: once(() => db.destroy()) };
}

function configureAndLock(sqlite: SqliteDatabase.Database): void {
  // EXCLUSIVE before WAL: the WAL index then lives in this process's memory rather than a shared
  // -shm file, and a lock once taken is held until close. The OS drops it if the process dies.
  sqlite.pragma("locking_mode = EXCLUSIVE");
  const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
  if (mode !== "wal") {
    throw new StoreError("DATA_DIR_UNUSABLE", `SQLite refused WAL mode (journal_mode is ${String(mode)})`);
  }
  // FULL: every commit is fsynced, so an acknowledged write survives a power cut.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // Take the write lock now, so that a second process is refused at open, not at its first write.
  sqlite.exec("BEGIN IMMEDIATE; COMMIT");
}

function assertUsableDir(dataDir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dataDir).isDirectory();
  } catch (cause) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      `the data directory ${dataDir} does not exist or cannot be read; create it (mkdir -p ${dataDir}) or choose another`,
      { cause },
    );
  }
  if (!isDir) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      `the data directory ${dataDir} is not a directory; choose a directory`,
    );
  }
  try {
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (cause) {
    throw notWritable(dataDir, cause);
  }
}

function sqliteOpenError(dataDir: string, file: string, cause: unknown): StoreError {
  const code = String((cause as { code?: unknown }).code ?? "");
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new StoreError(
      "DATA_DIR_IN_USE",
      `the data directory ${dataDir} is in use by another Rogatory process; stop it first ` +
        "(only one node process may use an embedded database)",
      { cause },
    );
  }
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    return new StoreError(
      "DATA_DIR_UNUSABLE",
      `${file} is not a usable SQLite database; restore it from a backup or move it away`,
      { cause },
    );
  }
  return notWritable(dataDir, cause);
}

function notWritable(dataDir: string, cause: unknown): StoreError {
  const reason = cause instanceof Error ? `: ${cause.message}` : "";
  return new StoreError(
    "DATA_DIR_UNUSABLE",
    `the data directory ${dataDir} is not writable${reason}; give the node's user write access to it or choose another`,
    { cause },
  );
}

/**
 * SQLite does run DDL inside transactions; Kysely's adapter declines only because a few PRAGMAs
 * (notably `foreign_keys`) are ignored inside one (kysely-org/kysely#56). Claiming it makes the
 * Migrator run each migration and its record in one transaction, so a crash mid-migration cannot
 * leave tables that the next start then fails to create again. A migration that rebuilds a table
 * must therefore use `PRAGMA defer_foreign_keys = ON`, not `foreign_keys = OFF`.
 */
class AtomicMigrationsSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class AtomicMigrationsSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new AtomicMigrationsSqliteAdapter();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function openPostgres(databaseUrl: string): Promise<Store> {
  const where = describeServer(databaseUrl);
  if (where === undefined) {
    // No cause attached: a URL parse error carries the whole input, password included.
    throw new StoreError(
      "DATABASE_UNREACHABLE",
      "the database URL does not parse; write it as postgres://user:password@host:port/database",
    );
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: { getTypeParser: parseInt8AsNumber },
  });
  // An idle client that loses its server emits on the pool; unhandled, that would kill the node.
  // The next query gets a fresh client and reports the problem to its caller instead.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end();
    const reason = cause instanceof Error && cause.message ? cause.message : String(cause);
    throw new StoreError(
      "DATABASE_UNREACHABLE",
      `cannot connect to PostgreSQL at ${where}: ${reason}; check that the server runs and the database URL`,
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "postgres", close: once(() => db.destroy()) };
}

const INT8_OID = 20;

/**
 * bigint (int8) arrives as text by default, since it can exceed 2^53; ours are ledger sizes,
 * indexes and millisecond timestamps, far below that, and the schema types them as numbers.
 * Set per pool, not through `pg.types.setTypeParser`, so no other pg user in the process changes.
 */
const parseInt8AsNumber: typeof pg.types.getTypeParser = ((oid: number, format?: "text" | "binary") =>
  oid === INT8_OID && format !== "binary"
    ? (value: string) => Number(value)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/** host:port/database from the URL, for messages: never the user's password. */
function describeServer(databaseUrl: string): string | undefined {
  if (!URL.canParse(databaseUrl)) return undefined;
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return undefined;
  // A `host` parameter (a socket directory, say) overrides the URL's host, as in libpq.
  const host = url.searchParams.get("host") ?? (url.hostname || "localhost");
  return `${host}:${url.port || "5432"}${url.pathname}`;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
