/**
 * The embedded database's data directory: one node process at a time, durable settings, survival of
 * a killed process, and a clear refusal when the directory cannot be used. Other processes are real
 * child processes, since the lock under test is between processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, SQLITE_FILE, type Store } from "./database.js";
import { StoreError } from "./errors.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const DATABASE_MODULE = pathToFileURL(join(import.meta.dirname, "database.ts")).href;

/**
 * A child that opens the store in ROGATORY_TEST_DIR and prints one JSON line: `{"ok":true}` (after
 * committing a case when told to hold, then staying alive until killed) or `{"code","message"}`.
 */
const CHILD = `
const { openStore } = await import(${JSON.stringify(DATABASE_MODULE)});
const hold = process.env.ROGATORY_TEST_HOLD === "1";
try {
  const store = await openStore({ dataDir: process.env.ROGATORY_TEST_DIR });
  if (hold) {
    await store.db.insertInto("cases").values({ id: "from-child", reference: "R", title: "t", unit: "u",
      created_by: "child", created_at: "2025-01-01T00:00:00.000Z" }).execute();
  }
  console.log(JSON.stringify({ ok: true }));
  if (hold) setInterval(() => {}, 60_000); else await store.close();
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message }));
}
`;

/** The conventional uid of `nobody`, used to drop root's right to write anywhere. */
const NOBODY = 65534;

type ChildReport = { ok?: true; code?: string; message?: string };

const children: ChildProcess[] = [];
const dirs: string[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rogatory-sqlite-"));
  dirs.push(dir);
  return dir;
}

async function open(dataDir: string): Promise<Store> {
  const store = await openStore({ dataDir });
  stores.push(store);
  return store;
}

/** Starts a child that opens `dataDir`; resolves with its report (its first line of output). */
async function childOpens(
  dataDir: string,
  options: { hold?: boolean; uid?: number } = {},
): Promise<{ child: ChildProcess; report: ChildReport }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    cwd: ROOT,
    env: { ...process.env, ROGATORY_TEST_DIR: dataDir, ROGATORY_TEST_HOLD: options.hold ? "1" : "0" },
    stdio: ["ignore", "pipe", "inherit"],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  children.push(child);
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  for await (const line of lines) return { child, report: JSON.parse(line) as ChildReport };
  await exited;
  return expect.fail(`the child printed nothing (exit ${child.exitCode})`);
}

describe("SQLite data directory", () => {
  it("uses WAL, fsyncs every commit, enforces foreign keys and holds an exclusive lock", async () => {
    const { db } = await open(await tempDir());
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(2); // FULL
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("locking_mode")).toBe("exclusive");
  });

  it("creates the database file readable by its owner only", async () => {
    const dataDir = await tempDir();
    await open(dataDir);
    expect((await stat(join(dataDir, SQLITE_FILE))).mode & 0o077).toBe(0);
  });

  it("refuses a second process while a store is open, and admits one after it closes", async () => {
    const dataDir = await tempDir();
    const first = await open(dataDir);

    const refused = await childOpens(dataDir);
    expect(refused.report.code).toBe("DATA_DIR_IN_USE");
    expect(refused.report.message).toContain(
      `the data directory ${dataDir} is in use by another Rogatory process`,
    );
    // The refused attempt did not disturb the holder.
    await first.db.insertInto("ledger_nodes").values({ level: 0, idx: 0, hash: "h" }).execute();

    await first.close();
    const admitted = await childOpens(dataDir);
    expect(admitted.report).toEqual({ ok: true });
  });

  it("refuses a second open in the same process too", async () => {
    const dataDir = await tempDir();
    await open(dataDir);
    await expect(openStore({ dataDir })).rejects.toMatchObject({ code: "DATA_DIR_IN_USE" });
  });

  it("opens after the holder was killed with SIGKILL, keeping what it had committed", async () => {
    const dataDir = await tempDir();
    const { child, report } = await childOpens(dataDir, { hold: true });
    expect(report).toEqual({ ok: true });
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;

    const { db } = await open(dataDir);
    expect(await db.selectFrom("cases").select("id").execute()).toEqual([{ id: "from-child" }]);
  });

  it("reports a missing data directory with what to do", async () => {
    const dataDir = join(await tempDir(), "missing");
    const error = await openStore({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "DATA_DIR_UNUSABLE" });
    expect((error as Error).message).toContain(`mkdir -p ${dataDir}`);
  });

  it("reports a data directory it may not write to", async () => {
    const dataDir = await tempDir();
    await chmod(dataDir, 0o555);
    // Root writes anywhere, so as root the attempt is made by a child running as `nobody`.
    const asRoot = process.getuid?.() === 0;
    const report: ChildReport = asRoot
      ? (await childOpens(dataDir, { uid: NOBODY })).report
      : await open(dataDir).then(
          () => ({ ok: true }),
          (e: StoreError) => ({ code: e.code, message: e.message }),
        );
    expect(report).toMatchObject({ code: "DATA_DIR_UNUSABLE" });
    expect(report.message).toContain(`the data directory ${dataDir} is not writable`);
  });

  it("reports a data directory that is a file", async () => {
    const dataDir = join(await tempDir(), "file");
    await writeFile(dataDir, "");
    await expect(openStore({ dataDir })).rejects.toMatchObject({ code: "DATA_DIR_UNUSABLE" });
  });

  it("reports a database file that is not SQLite", async () => {
    const dataDir = await tempDir();
    await writeFile(
      join(dataDir, SQLITE_FILE),
      "this is not a database, but it is long enough to have a header".repeat(20),
    );
    const error = await openStore({ dataDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DATA_DIR_UNUSABLE" });
    expect((error as Error).message).toContain("is not a usable SQLite database");
  });
});
