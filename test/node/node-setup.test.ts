/**
 * `rogatory node init` and `node start` as processes: keys on disk with 0600, every configuration
 * problem reported at once with a fix, a key others can read refused, a second process refused.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNodeConfig } from "../../src/server/config.js";
import { nodePaths } from "../../src/store/node-files.js";
import { REPO, runCli } from "../support/run-cli.js";

let root: string;
let dataDir: string;
let initOutput: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rogatory-setup-"));
  dataDir = join(root, "xa");
  const result = runCli(["node", "init", "--state", "XA", "--data", dataDir, "--port", "16999"]);
  expect(result.code).toBe(0);
  initOutput = result.stdout;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe("rogatory node init", () => {
  it("writes private keys 0600 in a 0700 folder, and prints the fingerprint and a one-time password", () => {
    const paths = nodePaths(dataDir);
    expect(mode(paths.signingKey)).toBe(0o600);
    expect(mode(paths.encryptionKey)).toBe(0o600);
    expect(mode(paths.tlsKey)).toBe(0o600);
    expect(readFileSync(paths.tlsCertificate, "utf8")).toMatch(/BEGIN CERTIFICATE/);
    expect(mode(paths.keys)).toBe(0o700);
    expect(mode(dataDir)).toBe(0o700);
    expect(readFileSync(paths.signingKey, "utf8")).toMatch(/BEGIN PRIVATE KEY/);
    expect(initOutput).toMatch(/signing key fingerprint: ([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    expect(initOutput).toMatch(/password: \S{16,}/);
    expect(JSON.parse(readFileSync(paths.config, "utf8"))).toMatchObject({ state: "XA", port: 16999 });
    // Node-to-node traffic on its own port: the API port + 1 unless --federation-port says otherwise.
    expect(initOutput).toMatch(/TLS certificate \(SHA-256\): ([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    expect(initOutput).toContain("node-to-node (mutual TLS) on 127.0.0.1:17000");
  });

  it("refuses to initialise a directory twice", () => {
    const result = runCli(["node", "init", "--state", "XA", "--data", dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds a node already/);
  });

  it("refuses an invalid State code with a clear message and creates nothing", () => {
    const target = join(root, "bad");
    const result = runCli(["node", "init", "--state", "X1", "--data", target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/state/);
    expect(() => statSync(target)).toThrow();
  });
});

describe("configuration", () => {
  it("reports every problem at once, each with how to fix it", () => {
    const parsed = parseNodeConfig({
      state: "xa",
      port: 70000,
      colour: "blue",
      security: { lockoutThreshold: 0 },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path).sort()).toEqual(
      ["(the file)", "port", "security.lockoutThreshold", "state"].sort(),
    );
    for (const problem of parsed.problems) expect(problem.fix.length).toBeGreaterThan(10);
  });

  it("takes DATABASE_URL from the environment over the file", () => {
    const parsed = parseNodeConfig({ state: "XA" }, { DATABASE_URL: "postgres://u@h:5432/db" });
    expect(parsed.ok && parsed.config.databaseUrl).toBe("postgres://u@h:5432/db");
  });

  it("node start exits 2 listing all the problems of a broken config.json", () => {
    const broken = join(root, "broken");
    expect(runCli(["node", "init", "--state", "XB", "--data", broken]).code).toBe(0);
    writeFileSync(nodePaths(broken).config, JSON.stringify({ state: "xb", port: "eighty", extra: 1 }));
    const result = runCli(["node", "start", "--data", broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/3 problem\(s\)/);
    expect(result.stderr).toMatch(/state: /);
    expect(result.stderr).toMatch(/port: /);
    expect(result.stderr).toMatch(/fix: /);
  });

  it("node start refuses a private key that others can read", () => {
    const open = join(root, "open-key");
    expect(runCli(["node", "init", "--state", "XC", "--data", open]).code).toBe(0);
    chmodSync(nodePaths(open).signingKey, 0o644);
    const result = runCli(["node", "start", "--data", open]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/readable by others .*chmod 600/);
  });
});

describe("rogatory node start", () => {
  let first: ChildProcess | undefined;
  afterAll(() => first?.kill("SIGKILL"));

  it("serves the node, and a second process on the same data directory is refused", async () => {
    first = spawn(
      process.execPath,
      [resolve(REPO, "bin", "rogatory.js"), "node", "start", "--data", dataDir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await new Promise<void>((done, fail) => {
      let out = "";
      first?.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("listening on")) done();
      });
      first?.once("exit", (code) => fail(new Error(`exited ${code}: ${out}`)));
    });
    const health = await (await fetch("http://127.0.0.1:16999/api/v1/health")).json();
    expect(health).toMatchObject({ status: "ok", state: "XA", database: "sqlite" });
    const second = runCli(["node", "start", "--data", dataDir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/in use by another Rogatory process/);
  });
});
