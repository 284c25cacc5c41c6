/**
 * `rogatory bundle export|import` as processes, on three nodes made with `rogatory node init` and
 * introduced with `peer card` / `peer import`: XA trusts XB and XC, XB trusts XA, XC trusts no one.
 * An approved request goes XA → XB on a file, XB's receipt comes back on another, and XA's request
 * is delivered; importing again changes nothing; a truncated file, a changed byte, a bundle for
 * another State and one from an unknown State are each refused (exit 1) with the database unchanged.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNode } from "../../src/server/node-runtime.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { draftRequest } from "../../src/services/requests/draft-request.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { example, user } from "../federation/two-nodes.js";
import { sqliteFileRows } from "../support/db-snapshot.js";
import { runCli } from "../support/run-cli.js";

let root: string;
const dir = (state: string) => join(root, state.toLowerCase());
const file = (name: string) => join(root, name);

function init(state: string): string {
  const result = runCli([
    "node",
    "init",
    "--state",
    state,
    "--data",
    dir(state),
    "--admin-password",
    "pw-long-enough-1",
    // Never started here, but two peers may not share an endpoint: one port each.
    "--port",
    String(PORTS[state]),
  ]);
  expect(result.code).toBe(0);
  return /signing key fingerprint: ([0-9a-f ]+)\n/.exec(result.stdout)?.[1] ?? "";
}

const PORTS: Record<string, number> = { XA: 7610, XB: 7620, XC: 7630 };

/** `trusting` imports `state`'s card with the fingerprint its `node init` printed. */
function introduce(state: string, fingerprint: string, trusting: string): void {
  const card = file(`${state}-card.json`);
  expect(runCli(["peer", "card", "--data", dir(state), "--out", card]).code).toBe(0);
  const imported = runCli(["peer", "import", card, "--data", dir(trusting), "--fingerprint", fingerprint]);
  expect(imported).toMatchObject({ code: 0 });
}

/** Every row of every table of a node, read straight from its database file. */
const snapshot = (state: string) => sqliteFileRows(dir(state));

const rows = (state: string, table: string) => snapshot(state)[table] as Record<string, unknown>[];

/** Drafted and approved through the services, as an officer and a supervisor would in the UI. */
async function approveRequestOnXa(): Promise<string> {
  const node = await openNode(dir("XA"));
  try {
    const { context } = node;
    const officer = user("officer-1", "case-officer");
    const created = await createCase({ context, actor: officer, reference: "C-1", title: "Phishing" });
    const drafted = await draftRequest({
      context,
      actor: officer,
      caseId: created.id,
      treaty: "uncc-2024",
      document: example("preservation"),
    });
    await performAction({ context, actor: officer, requestId: drafted.id, action: "submit" });
    await performAction({
      context,
      actor: user("supervisor-1", "supervisor"),
      requestId: drafted.id,
      action: "approve",
    });
    return drafted.id;
  } finally {
    await node.close();
  }
}

const exportBundle = (from: string, to: string, out: string) =>
  runCli(["bundle", "export", "--data", dir(from), "--to", to, "--out", out]);
const importBundle = (into: string, bundle: string) =>
  runCli(["bundle", "import", "--data", dir(into), bundle]);

/** Imports `bundle` into `state` expecting a refusal: exit 1, the message, nothing changed. */
function refused(state: string, bundle: string, message: RegExp): void {
  const before = snapshot(state);
  const result = importBundle(state, bundle);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain("nothing was imported");
  expect(snapshot(state)).toEqual(before);
}

let requestId: string;
const outward = () => file("xa-to-xb.bundle");
const back = () => file("xb-to-xa.bundle");

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-bundle-"));
  const fingerprints = Object.fromEntries(["XA", "XB", "XC"].map((s) => [s, init(s)]));
  introduce("XB", fingerprints.XB ?? "", "XA");
  introduce("XC", fingerprints.XC ?? "", "XA");
  introduce("XA", fingerprints.XA ?? "", "XB");
  requestId = await approveRequestOnXa();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("rogatory bundle export | import", { timeout: 120_000 }, () => {
  it("exports XA's approved request for XB into a 0600 file; XA's request waits for the receipt", () => {
    const result = exportBundle("XA", "XB", outward());
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`bundle from XA to XB written to ${outward()}: 1 message, 0 receipts`);
    expect(statSync(outward()).mode & 0o777).toBe(0o600);
    const [outbox] = rows("XA", "outbox");
    expect(JSON.parse(readFileSync(outward(), "utf8")).envelopes).toEqual([outbox?.sealed]);
    expect(outbox).toMatchObject({ delivered_at: null, request_id: requestId });
    expect(rows("XA", "requests")[0]).toMatchObject({ id: requestId, state: "sent" });
  });

  it("imports it on XB: the incoming request is created, in the 24/7 queue", () => {
    const result = importBundle("XB", outward());
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("messages: 1 new, 0 already received");
    expect(result.stdout).toContain("rogatory bundle export --to XA");
    expect(rows("XB", "requests")).toMatchObject([
      { direction: "incoming", state: "received", requesting_state: "XA", urgent_queue: 1 },
    ]);
    expect(rows("XB", "bundle_receipts")).toHaveLength(1);
  });

  it("importing the same bundle again changes nothing and says so", () => {
    const before = snapshot("XB");
    const result = importBundle("XB", outward());
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("messages: 0 new, 1 already received");
    expect(snapshot("XB")).toEqual(before);
  });

  it("carries XB's receipt back; on import XA records delivery and the request is delivered", () => {
    const exported = exportBundle("XB", "XA", back());
    expect(exported.stdout).toContain("0 messages, 1 receipt");
    const [inbox] = rows("XB", "inbox");
    expect(JSON.parse(readFileSync(back(), "utf8")).receipts).toEqual([inbox?.receipt]);

    const result = importBundle("XA", back());
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("receipts: 1 recorded, 0 already recorded");
    expect(rows("XA", "requests")[0]).toMatchObject({ id: requestId, state: "delivered" });
    const [outbox] = rows("XA", "outbox");
    expect(outbox?.delivered_at).not.toBeNull();
    expect(JSON.parse(String(outbox?.receipt))).toMatchObject({ sealed: inbox?.receipt });

    const before = snapshot("XA");
    const again = importBundle("XA", back());
    expect(again.stdout).toContain("receipts: 0 recorded, 1 already recorded");
    expect(snapshot("XA")).toEqual(before);
    // Nothing pending any more: the next bundle is empty, and says so.
    expect(exportBundle("XA", "XB", file("empty.bundle")).stdout).toContain("nothing is pending for XB");
  });

  it("refuses a truncated file and a file with one byte changed", () => {
    const text = readFileSync(outward(), "utf8");
    writeFileSync(file("truncated.bundle"), text.slice(0, Math.floor(text.length * 0.7)));
    refused("XB", file("truncated.bundle"), /truncated/);
    const envelope = (JSON.parse(text) as { envelopes: string[] }).envelopes[0] ?? "";
    const at = text.indexOf(envelope) + 100;
    writeFileSync(
      file("altered.bundle"),
      `${text.slice(0, at)}${text[at] === "x" ? "y" : "x"}${text.slice(at + 1)}`,
    );
    refused("XB", file("altered.bundle"), /signature does not verify.*altered or forged/);
  });

  it("refuses a bundle addressed to another State, and one from a State that is not a peer", () => {
    refused("XC", outward(), /addressed to XB, and this node is XC/);
    expect(exportBundle("XA", "XC", file("xa-to-xc.bundle")).code).toBe(0);
    refused("XC", file("xa-to-xc.bundle"), /comes from XA, which is not an active peer of XC/);
  });

  it("exits 2 for an unknown peer, a missing file, or a node that is running", () => {
    expect(exportBundle("XA", "XD", file("x.bundle"))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("XD is not an active peer of XA"),
    });
    expect(importBundle("XB", file("absent.bundle"))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no such file"),
    });
    // A running node holds the embedded database's exclusive lock; so does this handle.
    const holder = new Database(join(dir("XB"), "rogatory.sqlite"));
    try {
      holder.pragma("locking_mode = EXCLUSIVE");
      holder.exec("begin immediate; commit");
      const result = importBundle("XB", outward());
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("in use by another Rogatory process; stop it first");
    } finally {
      holder.close();
    }
  });

  it("leaves both ledgers intact", () => {
    expect(runCli(["ledger", "verify", "--data", dir("XA")]).code).toBe(0);
    expect(runCli(["ledger", "verify", "--data", dir("XB")]).code).toBe(0);
  });
});
