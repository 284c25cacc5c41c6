/**
 * `rogatory evidence add` and `rogatory evidence export` as processes, on a node made with
 * `rogatory node init`. The incoming request is set up in-process on the same data directory
 * (received from XB, acknowledged, granted, in execution), then the node is closed and the CLI runs.
 *
 * Files at the chunk boundaries go in with one command and their SHA-256 is printed; a missing file
 * is a usage error and a case officer is refused, with the database unchanged; an add killed with
 * SIGKILL mid-file is resumed by the same command, ends with exactly one sealed item whose hash is
 * the file's, and the ledger still verifies; the export writes a bundle `evidence verify` accepts.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, Role } from "../../src/cases/roles.js";
import { SYSTEM } from "../../src/cases/roles.js";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { openNode } from "../../src/server/node-runtime.js";
import { appendUpload, startUpload } from "../../src/services/evidence/upload.js";
import { operatorActor } from "../../src/services/peers/operator-actor.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { receiveRequest } from "../../src/services/requests/receive-request.js";
import { createUser } from "../../src/services/users/create-user.js";
import { example } from "../federation/two-nodes.js";
import { sqliteFileRows } from "../support/db-snapshot.js";
import { initNodeProcess, introduce } from "../support/node-process.js";
import { REPO, runCli } from "../support/run-cli.js";

const BIN = resolve(REPO, "bin", "rogatory.js");
const MIB = 1024 * 1024;
/** Large enough that the add is still running when the first progress lines are printed. */
const LARGE = 48 * MIB;

let root: string;
let dataDir: string;
let requestId: string;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const file = (name: string) => join(root, name);

function writeRandom(name: string, size: number): { path: string; sha256: string } {
  const data = randomBytes(size);
  writeFileSync(file(name), data);
  return { path: file(name), sha256: sha256(data) };
}

const SOURCE = [
  ...["--source-kind", "service-provider", "--source", "ExampleMail Ltd", "--system", "accounts-db"],
  ...["--method", "production order, export by the provider"],
];
const addArgs = (as: string, paths: string[]) => [
  ...["evidence", "add", ...paths, "--request", requestId, "--data", dataDir, "--as", as],
  ...SOURCE,
];

/** Every row of every table, read straight from the database file (the CLI closed it). */
const snapshot = () => sqliteFileRows(dataDir);

type ItemRow = { id: string; file_name: string; state: string; sha256: string | null; media_type: string };
function items(): ItemRow[] {
  const db = new Database(join(dataDir, "rogatory.sqlite"), { readonly: true });
  try {
    return db
      .prepare("select id, file_name, state, sha256, media_type from evidence_items order by created_at")
      .all() as ItemRow[];
  } finally {
    db.close();
  }
}

/** An incoming stored-data request from XB, granted and in execution, and the people who act on it. */
async function setUp(): Promise<void> {
  const node = await openNode(dataDir, { env: {} });
  try {
    const { context } = node;
    const people = new Map<string, Actor>();
    const person = async (username: string, role: Role) => {
      const { user } = await createUser({
        context,
        actor: SYSTEM,
        username,
        displayName: `XA ${username}`,
        role,
        unit: "central-authority",
        password: "officer password 1",
      });
      people.set(username, { kind: "user", id: user.id, role, unit: user.unit });
    };
    await person("supervisor", "supervisor");
    await person("executing", "executing-officer");
    await person("officer", "case-officer");
    const received = await receiveRequest({
      context,
      treaty: "uncc-2024",
      document: {
        ...example("stored-data"),
        requestingState: "XB",
        requestedState: "XA",
        dataLocation: { state: "XA" },
      },
    });
    requestId = received.id;
    const act = (who: string, action: string, input: object = {}) =>
      performAction({ context, actor: people.get(who) as Actor, requestId, action, input });
    await act("supervisor", "acknowledge");
    await act("supervisor", "begin-review");
    await act("supervisor", "grant", { reason: "Granted." });
    await act("executing", "start-execution");
  } finally {
    await node.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-evidence-cli-"));
  const xa = await initNodeProcess(root, "XA");
  dataDir = xa.dataDir;
  // XA trusts XB, whose request it executes, and has a signed card of its own: the bundle carries
  // both cards for the court to check the signatures with.
  introduce(await initNodeProcess(root, "XB"), xa);
  expect(runCli(["peer", "card", "--data", dataDir, "--out", file("xa-card.json")]).code).toBe(0);
  await setUp();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("rogatory evidence add", () => {
  it("takes in files of 0, 1, one chunk, one chunk plus one and several chunks in one command", () => {
    const files = [
      writeRandom("empty.bin", 0),
      writeRandom("one-byte.txt", 1),
      writeRandom("one-chunk.csv", CHUNK_SIZE),
      writeRandom("chunk-plus-one.pdf", CHUNK_SIZE + 1),
      writeRandom("several.bin", 3 * CHUNK_SIZE + 12_345),
    ];
    const result = runCli(
      addArgs(
        "executing",
        files.map((f) => f.path),
      ),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(files.length);
    const stored = items();
    files.forEach((f, i) => {
      const printed = /^(\S+) {2}(\d+) bytes {2}sha256 ([0-9a-f]{64}) {2}item (\S+)$/.exec(lines[i] ?? "");
      expect(printed?.slice(1, 4)).toEqual([f.path, String(statSync(f.path).size), f.sha256]);
      const item = stored.find((row) => row.id === printed?.[4]);
      expect(item).toMatchObject({ state: "sealed", sha256: f.sha256 });
    });
    expect(stored.map((row) => row.media_type)).toEqual([
      "application/octet-stream",
      "text/plain",
      "text/csv",
      "application/pdf",
      "application/octet-stream",
    ]);
  }, 120_000);

  it("a missing file is a usage error and nothing is stored, not even the files that exist", () => {
    const present = writeRandom("present.bin", 10);
    const before = snapshot();
    const result = runCli(addArgs("executing", [present.path, file("absent.bin")]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("absent.bin");
    expect(snapshot()).toEqual(before);
  });

  it("a case officer may not add evidence: refused (exit 1), nothing stored", () => {
    const f = writeRandom("by-officer.bin", 100);
    const before = snapshot();
    const result = runCli(addArgs("officer", [f.path]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`refused ${f.path}: FORBIDDEN`);
    expect(snapshot()).toEqual(before);
  });

  it("an unknown user and bad options are usage errors", () => {
    const f = writeRandom("usage.bin", 100);
    const before = snapshot();
    expect(runCli(addArgs("nobody", [f.path])).code).toBe(2);
    const badKind = runCli([...addArgs("executing", [f.path]), "--source-kind", "neighbour"]);
    expect(badKind.code).toBe(2);
    const badTime = runCli([...addArgs("executing", [f.path]), "--acquired-at", "yesterday"]);
    expect(badTime.code).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it("killed with SIGKILL mid-file, the same command resumes it and seals one item equal to the file", async () => {
    const large = writeRandom("large.bin", LARGE);
    const args = [...addArgs("executing", [large.path]), "--progress"];
    const bytesSeen = await killOnceProgressed(spawn(process.execPath, [BIN, ...args], { cwd: REPO }));
    expect(bytesSeen).toBeGreaterThan(0);
    expect(bytesSeen).toBeLessThan(LARGE);

    const resumed = runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    const at = Number(/resuming \S+ at (\d+) bytes/.exec(resumed.stdout)?.[1]);
    // Everything up to the last whole chunk the killed run stored is kept, never sent again.
    expect(at).toBeGreaterThan(0);
    expect(at % CHUNK_SIZE).toBe(0);
    expect(resumed.stdout).toContain(`${large.path}  ${LARGE} bytes  sha256 ${large.sha256}`);
    const forFile = items().filter((row) => row.file_name === "large.bin");
    expect(forFile).toEqual([expect.objectContaining({ state: "sealed", sha256: large.sha256 })]);

    const ledger = runCli(["ledger", "verify", "--data", dataDir]);
    expect(ledger.code, ledger.stdout + ledger.stderr).toBe(0);
  }, 180_000);
  it("an interrupted upload of another file with the same name and size is not continued: a new item is sealed", async () => {
    const half = randomBytes(3 * CHUNK_SIZE);
    const node = await openNode(dataDir, { env: {} });
    let stale: string;
    try {
      const actor = await operatorActor(node.context.db, "executing");
      const started = await startUpload(node.context, actor, requestId, {
        fileName: "same-name.bin",
        size: 4 * CHUNK_SIZE,
        source: { kind: "custodian", name: "Someone" },
        acquisition: { method: "copy" },
      });
      stale = started.itemId;
      await appendUpload(
        node.context,
        actor,
        stale,
        0,
        (async function* () {
          yield half;
        })(),
      );
    } finally {
      await node.close();
    }
    const other = writeRandom("same-name.bin", 4 * CHUNK_SIZE);
    const result = runCli(addArgs("executing", [other.path]));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("resuming");
    expect(result.stderr).toContain(`the interrupted upload ${stale} named same-name.bin holds other bytes`);
    const named = items().filter((row) => row.file_name === "same-name.bin");
    expect(named).toEqual([
      expect.objectContaining({ id: stale, state: "uploading", sha256: null }),
      expect.objectContaining({ state: "sealed", sha256: other.sha256 }),
    ]);
  }, 120_000);
});

describe("rogatory evidence export", () => {
  it("writes a court bundle that evidence verify accepts, and prints its SHA-256", () => {
    const out = file("court.tar");
    const result = runCli([
      ...["evidence", "export", "--request", requestId, "--out", out, "--data", dataDir],
      ...["--as", "supervisor", "--purpose", "Trial of the account holder"],
    ]);
    expect(result.code, result.stderr).toBe(0);
    const sealed = items().filter((row) => row.state === "sealed");
    expect(result.stdout).toContain(`court bundle written to ${out}: ${sealed.length} items`);
    expect(result.stdout).toContain(`sha256 ${sha256(readFileSync(out))}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const verified = runCli(["evidence", "verify", out]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  }, 120_000);

  it("an executing officer may not export, and a purpose of nothing is a usage error: no file, nothing recorded", () => {
    const out = file("refused.tar");
    const before = snapshot();
    const common = ["evidence", "export", "--request", requestId, "--out", out, "--data", dataDir];
    const refused = runCli([...common, "--as", "executing", "--purpose", "Trial of the account holder"]);
    expect(refused.stderr).toContain("may not export");
    expect(refused.code).toBe(2);
    expect(runCli([...common, "--as", "supervisor", "--purpose", " "]).code).toBe(2);
    expect(() => statSync(out)).toThrow();
    expect(snapshot()).toEqual(before);
  });
});

/**
 * Waits until the add's progress lines show some bytes stored (but not all), then SIGKILLs it.
 * Returns the bytes the last line showed.
 */
function killOnceProgressed(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    let output = "";
    let seen = 0;
    child.stderr?.on("data", (data: Buffer) => {
      output += data.toString();
      for (const match of output.matchAll(/ (\d+\.\d)\/(\d+\.\d) MiB/g)) {
        seen = Math.max(seen, Number(match[1]) * MIB);
      }
      if (seen > 0 && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    child.once("exit", (code, signal) => {
      if (signal === "SIGKILL") done(seen);
      else fail(new Error(`the add ended (code ${code}) before it could be killed:\n${output}`));
    });
  });
}
