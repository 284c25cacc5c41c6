/**
 * The database backends every store test runs on: SQLite always, PostgreSQL when
 * `TEST_DATABASE_URL` names a server whose user may create databases. Each test gets fresh, empty
 * stores and they are closed and removed after it. In CI (`CI=true`) a missing PostgreSQL fails the
 * suite at import: CI must never pass by silently testing one backend.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe } from "vitest";
import { type OpenStoreOptions, openStore, type Store } from "../../src/store/database.js";

const POSTGRES_URL = process.env.TEST_DATABASE_URL || undefined;

if (process.env.CI === "true" && POSTGRES_URL === undefined) {
  throw new Error(
    "CI=true but TEST_DATABASE_URL is not set: the store suite must also run on PostgreSQL in CI " +
      "(.ci/run starts a server and exports it)",
  );
}

export type BackendKind = Store["kind"];

/** Where a store lives; pass it to `open` more than once to reopen the same database. */
export type StoreLocation = OpenStoreOptions;

export type TestBackend = {
  readonly kind: BackendKind;
  /** Opens a store at `location`, or at a fresh empty one; it is closed after the test. */
  open(location?: StoreLocation): Promise<Store>;
  /** A fresh empty location (a new data directory, and on PostgreSQL a new database). */
  newLocation(): Promise<StoreLocation>;
};

type Cleanup = () => Promise<void>;

export const BACKENDS: readonly BackendKind[] =
  POSTGRES_URL === undefined ? ["sqlite"] : ["sqlite", "postgres"];

/** Runs `body` once per backend, inside a `describe` titled with the backend's name. */
export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  for (const kind of BACKENDS) {
    describe(`${title} [${kind}]`, () => {
      // Stores close before their locations go, and later ones first: a database cannot be
      // dropped while a pool holds it open.
      const cleanups: Cleanup[] = [];
      afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });
      const newLocation = async (): Promise<StoreLocation> => {
        const { location, remove } = await createLocation(kind);
        cleanups.push(remove);
        return location;
      };
      body({
        kind,
        newLocation,
        open: async (location) => {
          const store = await openStore(location ?? (await newLocation()));
          cleanups.push(() => store.close());
          return store;
        },
      });
    });
  }
}

async function createLocation(kind: BackendKind): Promise<{ location: StoreLocation; remove: Cleanup }> {
  const dataDir = await mkdtemp(join(tmpdir(), "rogatory-store-"));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (kind === "sqlite" || POSTGRES_URL === undefined) return { location: { dataDir }, remove: removeDir };
  const name = `rogatory_t_${randomBytes(6).toString("hex")}`;
  await admin(POSTGRES_URL, `create database ${name}`).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    location: { dataDir, databaseUrl: url.toString() },
    remove: async () => {
      // FORCE: a test that failed before closing its store must not leave the database behind.
      await admin(POSTGRES_URL, `drop database if exists ${name} with (force)`);
      await removeDir();
    },
  };
}

/** One statement on a short-lived connection: CREATE/DROP DATABASE cannot run in a pool's transaction. */
async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (cause) {
    const { hostname, port } = new URL(url);
    throw new Error(
      `cannot reach the test PostgreSQL (TEST_DATABASE_URL, ${hostname}:${port}): ${String(cause)}`,
      {
        cause,
      },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
