/**
 * `rogatory evidence verify` as a court expert runs it: a real process on a real bundle written
 * from real parts. Exit 0 with a readable report (or JSON) for a good bundle, 1 naming the altered
 * member for a tampered one or a file that is not a bundle, 2 for a path that cannot be read or a
 * malformed command line.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlePaths } from "../../src/evidence/court-bundle-format.js";
import { type BundleFixture, buildBundleFixture } from "../../src/evidence/court-bundle-test-kit.js";
import { writeCourtBundle } from "../../src/evidence/court-bundle-write.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
let fixture: BundleFixture;
let good: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rogatory-evidence-verify-"));
  fixture = await buildBundleFixture(dir);
  good = join(dir, "court.tar");
  await writeCourtBundle(fixture.contents, good);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rogatory evidence verify", () => {
  it("exits 0 on a good bundle and prints every check and the node key fingerprints", () => {
    const result = runCli(["evidence", "verify", good]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Node signing keys — compare these fingerprints");
    expect(result.stdout).toMatch(new RegExp(`XB  ${fixture.xb.kid}  ([0-9a-f]{4} ){15}[0-9a-f]{4}`));
    const item = fixture.items[0] as BundleFixture["items"][number];
    expect(result.stdout).toContain(`✓ ${bundlePaths.file(item.itemId, item.fileName)}: `);
    expect(result.stdout).toContain(`✓ custody of item ${item.itemId}: acquired → sealed`);
    expect(result.stdout).not.toContain("✗");
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(/^VALID: all \d+ checks passed$/);
  });

  it("prints the report as JSON with --json", () => {
    const result = runCli(["evidence", "verify", good, "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.nodes.map((n: { state: string }) => n.state)).toEqual(["XA", "XB"]);
    expect(report.checks.length).toBeGreaterThan(10);
  });

  it("exits 1 naming the altered evidence file when one byte changed", async () => {
    const item = fixture.items[1] as BundleFixture["items"][number];
    const bytes = await readFile(good);
    // The one-byte file's data block is the 512 bytes after its tar header, which holds its name NUL-terminated.
    const header = bytes.indexOf(Buffer.from(`${bundlePaths.file(item.itemId, item.fileName)}\0`));
    expect(header).toBeGreaterThan(0);
    const at = header + 512;
    expect(bytes[at]).toBe(item.bytes[0]);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    const bad = join(dir, "bad.tar");
    await writeFile(bad, bytes);
    const text = runCli(["evidence", "verify", bad]);
    expect(text.code).toBe(1);
    const failure = `${bundlePaths.file(item.itemId, item.fileName)}: SHA-256 differs from manifest`;
    expect(text.stdout).toContain(`✗ ${failure}`);
    expect(text.stdout).toMatch(/^INVALID: \d+ checks? failed — /m);
    const json = runCli(["evidence", "verify", bad, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.failures.some((f: string) => f.startsWith(failure))).toBe(true);
  });

  it("exits 1 for a file that is not a bundle", async () => {
    const notBundle = join(dir, "notes.txt");
    await writeFile(notBundle, "these are not the files you are looking for\n".repeat(20));
    const result = runCli(["evidence", "verify", notBundle]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ bundle: not a readable tar file/);
  });

  it("exits 2 for a missing file, a folder, or no argument", () => {
    const missing = runCli(["evidence", "verify", join(dir, "no-such.tar")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such readable file");
    expect(missing.stdout).toBe("");
    expect(runCli(["evidence", "verify", dir]).code).toBe(2);
    expect(runCli(["evidence", "verify"]).code).toBe(2);
  });
});
