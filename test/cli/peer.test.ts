/**
 * `rogatory peer …` as processes, on two real nodes made with `rogatory node init`: A's card is
 * exported, handed to B and imported with the fingerprint A's `node init` printed (the value an
 * administrator reads out by phone). Exit codes: 0 done, 1 invalid card or wrong fingerprint
 * (nothing stored), 2 usage or environment — a file that is missing or not JSON at all is 2, a JSON
 * file that is not a valid card is 1.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFingerprint } from "../../src/directory/node-card-keys.js";
import { nodePaths } from "../../src/store/node-files.js";
import { runCli } from "../support/run-cli.js";

let root: string;
let dirA: string;
let dirB: string;
let fingerprintA: string;
let initA: { stdout: string };
let cardA: string;

const init = (state: string, dir: string) => {
  const result = runCli([
    "node",
    "init",
    "--state",
    state,
    "--data",
    dir,
    "--admin-password",
    "correct horse battery",
  ]);
  expect(result.code).toBe(0);
  if (state === "XA") initA = result;
  return /signing key fingerprint: ([0-9a-f ]+)\n/.exec(result.stdout)?.[1] ?? "";
};

const listB = () => {
  const result = runCli(["peer", "list", "--data", dirB, "--json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as {
    state: string;
    status: string;
    sequence: number;
    tls: { fingerprint: string; current: boolean }[];
  }[];
};

/** What B's database holds, read directly from its file (faster than a process, and covers the ledger). */
function storedB(): { peers: number; peerCards: number; ledger: number } {
  const db = new Database(join(dirB, "rogatory.sqlite"));
  try {
    const n = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { peers: n("peers"), peerCards: n("peer_cards"), ledger: n("ledger_entries") };
  } finally {
    db.close();
  }
}

let initialB: ReturnType<typeof storedB>;

const importIntoB = (file: string, ...extra: string[]) =>
  runCli(["peer", "import", file, "--data", dirB, ...extra]);

/** Flips one hex digit: a fingerprint off by one character, as a mishearing would make it. */
const misheard = (fp: string) => fp.replace(/^(.)/, (c) => (c === "0" ? "1" : "0"));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rogatory-peer-"));
  dirA = join(root, "a");
  dirB = join(root, "b");
  fingerprintA = init("XA", dirA);
  init("XB", dirB);
  initialB = storedB();
  cardA = join(root, "xa-card.json");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("rogatory peer (card, import, list, revoke)", () => {
  it("writes A's signed card and prints the fingerprint node init printed", () => {
    const result = runCli([
      "peer",
      "card",
      "--data",
      dirA,
      "--out",
      cardA,
      "--endpoint",
      "https://xa.example:7400",
    ]);
    expect(result.code).toBe(0);
    expect(fingerprintA).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(result.stdout).toContain(`fingerprint: ${fingerprintA}`);
    const file = JSON.parse(readFileSync(cardA, "utf8"));
    expect(file.card).toMatchObject({ state: "XA", sequence: 1, endpoint: "https://xa.example:7400" });
    expect(file.signature.kid).toBe(fingerprintA.replaceAll(" ", "").slice(0, 16));
    // The card pins A's TLS certificate, the one `node init` wrote and printed.
    const certificate = new X509Certificate(readFileSync(nodePaths(dirA).tlsCertificate));
    const tlsFingerprint = formatFingerprint(certificate.fingerprint256.replaceAll(":", "").toLowerCase());
    expect(file.card.tls).toEqual([
      expect.objectContaining({ certificate: certificate.raw.toString("base64") }),
    ]);
    expect(result.stdout).toContain(`TLS certificate (SHA-256): ${tlsFingerprint}`);
    expect(initA.stdout).toContain(`TLS certificate (SHA-256): ${tlsFingerprint}`);
  });

  it("prints the same card on standard output, and the fingerprint on standard error", () => {
    const result = runCli(["peer", "card", "--data", dirA]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(cardA, "utf8")));
    expect(result.stderr).toContain(`fingerprint: ${fingerprintA}`);
  });

  it("exits 1 for a wrong fingerprint, says nothing was stored, and B lists no peer", () => {
    const result = importIntoB(cardA, "--fingerprint", misheard(fingerprintA));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nothing was stored");
    expect(storedB()).toEqual(initialB);
    expect(listB()).toEqual([]);
    expect(runCli(["peer", "list", "--data", dirB]).stdout).toBe("no peers\n");
  });

  it("exits 2 without a fingerprint for a new peer, or with one that is not 64 hex digits", () => {
    expect(importIntoB(cardA)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("give the fingerprint"),
    });
    expect(importIntoB(cardA, "--fingerprint", "abcd")).toMatchObject({ code: 2 });
    expect(storedB()).toEqual(initialB);
  });

  it("exits 2 for a missing file or one that is not JSON, and 1 for JSON that is not a valid card", () => {
    const garbage = join(root, "garbage.bin");
    writeFileSync(garbage, "\u0000\u00ff not json at all");
    const notJson = importIntoB(garbage, "--fingerprint", fingerprintA);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("is not JSON");
    expect(importIntoB(join(root, "absent.json"), "--fingerprint", fingerprintA)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no such file"),
    });
    const wrongJson = join(root, "wrong.json");
    writeFileSync(wrongJson, JSON.stringify({ hello: "world" }));
    const notACard = importIntoB(wrongJson, "--fingerprint", fingerprintA);
    expect(notACard.code).toBe(1);
    expect(notACard.stderr).toContain("not a valid signed node card");
    expect(storedB()).toEqual(initialB);
  });

  it("exits 1 for a card altered after signing, even with the right fingerprint", () => {
    const altered = JSON.parse(readFileSync(cardA, "utf8"));
    altered.card.endpoint = "https://attacker.example";
    const file = join(root, "altered.json");
    writeFileSync(file, JSON.stringify(altered));
    const result = importIntoB(file, "--fingerprint", fingerprintA);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("altered or forged");
    expect(storedB()).toEqual(initialB);
  });

  it("exits 0 and adds A to B with the right fingerprint; B's ledger stays intact", () => {
    const result = importIntoB(cardA, "--fingerprint", fingerprintA.toUpperCase());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("peer XA added");
    const tlsFingerprint = formatFingerprint(JSON.parse(readFileSync(cardA, "utf8")).card.tls[0].sha256);
    expect(result.stdout).toContain(`TLS certificate(s): ${tlsFingerprint}`);
    expect(listB()).toEqual([expect.objectContaining({ state: "XA", status: "active", sequence: 1 })]);
    expect(listB()[0]?.tls).toEqual([
      expect.objectContaining({ fingerprint: tlsFingerprint, current: true }),
    ]);
    expect(runCli(["peer", "list", "--data", dirB]).stdout).toContain(
      `TLS certificate(s): ${tlsFingerprint}`,
    );
    expect(runCli(["ledger", "verify", "--data", dirB]).code).toBe(0);
  });

  it("applies A's next card without a new ceremony", () => {
    const next = join(root, "xa-card-2.json");
    expect(
      runCli(["peer", "card", "--data", dirA, "--out", next, "--declarations-version", "2031-01-01"]).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(next, "utf8")).card.sequence).toBe(2);
    const result = importIntoB(next);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("peer XA updated") });
    expect(listB()[0]?.sequence).toBe(2);
    // The first card again is a replay now.
    expect(importIntoB(cardA)).toMatchObject({ code: 1, stderr: expect.stringContaining("sequence 1") });
  });

  it("revokes A; importing it again then needs a fingerprint", () => {
    expect(runCli(["peer", "revoke", "xa", "--data", dirB, "--reason", "test"]).code).toBe(0);
    expect(listB()[0]?.status).toBe("revoked");
    expect(importIntoB(cardA)).toMatchObject({ code: 2, stderr: expect.stringContaining("was revoked") });
  });

  it("exits 2 for an unknown --as user or an invalid option, and for a directory that is not a node", () => {
    expect(runCli(["peer", "list", "--data", dirB, "--as", "nobody"])).toMatchObject({ code: 2 });
    expect(runCli(["peer", "card", "--data", dirA, "--endpoint", "not a url"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--endpoint"),
    });
    expect(runCli(["peer", "list", "--data", join(root, "nowhere")])).toMatchObject({ code: 2 });
  });
});
