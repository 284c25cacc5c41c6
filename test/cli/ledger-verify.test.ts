/**
 * `rogatory ledger verify` against a real node's data directory, untouched and then tampered with
 * directly in the database file: an entry edited, deleted, inserted or reordered, a signed tree
 * head that does not match. Exit 1 naming the first bad entry; exit 0 when intact.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import { openNode } from "../../src/server/node-runtime.js";
import { signLedgerHead } from "../../src/services/ledger/sign-ledger-head.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { runCli } from "../support/run-cli.js";

let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-ledger-"));
  template = join(root, "template");
  expect(
    runCli(["node", "init", "--state", "XA", "--data", template, "--admin-password", "correct horse battery"])
      .code,
  ).toBe(0);
  const node = await openNode(template);
  try {
    for (let i = 0; i < 8; i++) {
      await createCase({
        context: node.context,
        actor: SYSTEM,
        reference: `CASE-${i}`,
        title: `Case ${i}`,
        unit: "cyber",
      });
    }
    await signLedgerHead({ context: node.context });
  } finally {
    await node.close();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the node's data directory, tampered with through SQL on the file itself. */
function tampered(name: string, change: (db: Database.Database) => void): string {
  const dir = join(root, name);
  cpSync(template, dir, { recursive: true });
  const db = new Database(join(dir, "rogatory.sqlite"));
  try {
    change(db);
  } finally {
    db.close();
  }
  return dir;
}

const entryAt = (db: Database.Database, idx: number) =>
  JSON.parse(
    (db.prepare("select entry from ledger_entries where idx = ?").get(idx) as { entry: string }).entry,
  );
const setEntry = (db: Database.Database, idx: number, entry: unknown) =>
  db.prepare("update ledger_entries set entry = ? where idx = ?").run(JSON.stringify(entry), idx);

function verify(dir: string) {
  const result = runCli(["ledger", "verify", "--data", dir, "--json"]);
  return { code: result.code, report: JSON.parse(result.stdout || "{}") };
}

describe("rogatory ledger verify", () => {
  it("exits 0 for an intact ledger and says how much it checked", () => {
    const { code, report } = verify(template);
    expect(code).toBe(0);
    expect(report).toMatchObject({ intact: true, size: 10, signedHeads: 1 });
    expect(runCli(["ledger", "verify", "--data", template]).stdout).toMatch(/^ledger intact: 10 entries/);
  });

  it.each([
    [
      "an edited entry",
      (db: Database.Database) => setEntry(db, 4, { ...entryAt(db, 4), actor: "user:mallory" }),
      4,
    ],
    [
      "a deleted entry",
      (db: Database.Database) => db.prepare("delete from ledger_entries where idx = 6").run(),
      6,
    ],
    [
      "an inserted entry",
      (db: Database.Database) => {
        const rows = db
          .prepare("select idx, entry from ledger_entries where idx >= 3 order by idx desc")
          .all() as { idx: number; entry: string }[];
        for (const row of rows)
          db.prepare("update ledger_entries set idx = ? where idx = ?").run(row.idx + 1, row.idx);
        setEntryRaw(db, 3, { ...entryAt(db, 4), index: 3, subject: "forged" });
      },
      3,
    ],
    [
      "two entries swapped",
      (db: Database.Database) => {
        const [a, b] = [entryAt(db, 2), entryAt(db, 7)];
        setEntry(db, 2, b);
        setEntry(db, 7, a);
      },
      2,
    ],
    [
      "an entry renumbered to hide a swap",
      (db: Database.Database) => setEntry(db, 5, { ...entryAt(db, 6), index: 5 }),
      5,
    ],
  ])("exits 1 naming the first bad entry for %s", (name, change, firstBad) => {
    const { code, report } = verify(tampered(name.replaceAll(" ", "-"), change));
    expect(code).toBe(1);
    expect(report).toMatchObject({ intact: false, firstBadIndex: firstBad });
    expect(runCli(["ledger", "verify", "--data", join(root, name.replaceAll(" ", "-"))]).stdout).toContain(
      `at entry ${firstBad}`,
    );
  });

  it("exits 1 when a signed tree head does not match the entries", () => {
    const dir = tampered("bad-head", (db) =>
      db.prepare("update tree_heads set root = ?").run("00".repeat(32)),
    );
    const { code, report } = verify(dir);
    expect(code).toBe(1);
    expect(report.intact).toBe(false);
    expect(report.code).toMatch(/LEDGER_/);
  });

  it("exits 1 when a tree head's signature was forged", () => {
    const dir = tampered("bad-signature", (db) => {
      const head = db.prepare("select signature from tree_heads").get() as { signature: string };
      const bytes = Buffer.from(head.signature, "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      db.prepare("update tree_heads set signature = ?").run(bytes.toString("base64"));
    });
    expect(verify(dir).code).toBe(1);
  });

  it("exits 2 for a directory that holds no node", () => {
    const result = runCli(["ledger", "verify", "--data", join(root, "nothing-here")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a node's data directory/);
  });
});

function setEntryRaw(db: Database.Database, idx: number, entry: unknown) {
  db.prepare("insert into ledger_entries (idx, leaf_hash, entry) values (?, ?, ?)").run(
    idx,
    "00".repeat(32),
    JSON.stringify(entry),
  );
}
