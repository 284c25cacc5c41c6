/**
 * `rogatory peer list` flags a peer that showed two histories, on a real node made with
 * `rogatory node init`: the node's own code records two heads the peer signed with its real card
 * key (same size, different roots) and audits them, then the command, as a separate process,
 * shows the flag and, with --json, the evidence; a role that may not see peers is refused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/roles.js";
import { fingerprint, generateNodeKeys, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { signCard } from "../../src/directory/node-card-sign.js";
import { keysOf, makeCard, tlsFixture } from "../../src/directory/node-card-test-kit.js";
import { httpTransport } from "../../src/federation/http-transport.js";
import { auditPeerHeads, recordPeerHead } from "../../src/federation/peer-heads.js";
import { signTreeHead } from "../../src/ledger/tree-head.js";
import { systemClock } from "../../src/server/clock.js";
import { parseNodeConfig } from "../../src/server/config.js";
import { buildNodeContext } from "../../src/server/node-context.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { createUser } from "../../src/services/users/create-user.js";
import { openStore } from "../../src/store/database.js";
import { readConfigFile, readNodeKeys } from "../../src/store/node-files.js";
import { loadTreatyRegistry } from "../../src/store/pack-files.js";
import { runCli } from "../support/run-cli.js";

let root: string;
let dir: string;
const OFFICER_PASSWORD = "a long enough password 1";

/** A head of XB's log at `size` with the given root, signed with XB's card key. */
function headOf(keys: NodeKeySet, size: number, rootByte: number) {
  const head = signTreeHead(
    { logId: "XB/ledger", size, timestamp: Date.now(), root: new Uint8Array(32).fill(rootByte) },
    keys.signing.privateKey,
  );
  return { ...head, root: Buffer.from(head.root).toString("base64") };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-split-"));
  dir = join(root, "xa");
  const init = runCli([
    "node",
    "init",
    "--state",
    "XA",
    "--data",
    dir,
    "--admin-password",
    "correct horse battery",
  ]);
  expect(init.code).toBe(0);

  const parsed = parseNodeConfig(readConfigFile(dir));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const store = await openStore({ dataDir: dir });
  try {
    const context = buildNodeContext({
      config: parsed.config,
      store,
      clock: systemClock,
      treaties: loadTreatyRegistry(),
      keys: readNodeKeys(dir),
      version: "test",
    });
    const xb = generateNodeKeys();
    const validity = { notBefore: "2020-01-01T00:00:00.000Z" };
    const card = makeCard(xb, {
      state: "XB",
      endpoint: "https://127.0.0.1:9",
      keys: keysOf(xb, validity),
      tls: [tlsFixture(0, validity)],
      issued: validity.notBefore,
    });
    const admin = { kind: "user", id: "admin", role: "administrator", unit: "admin" } as const;
    await importPeerCard({
      context,
      actor: admin,
      ownState: "XA",
      card: signCard(card, xb.signing.privateKey),
      fingerprint: fingerprint(xb.signing.publicKey),
    });
    await createUser({
      context,
      actor: SYSTEM,
      username: "officer",
      displayName: "An Officer",
      role: "case-officer",
      unit: "cyber",
      password: OFFICER_PASSWORD,
    });
    const heads = [headOf(xb, 7, 1), headOf(xb, 7, 2)];
    for (const [i, head] of heads.entries()) {
      await store.db.transaction().execute((trx) =>
        recordPeerHead(trx, {
          peerState: "XB",
          messageId: `message-${i}`,
          head,
          receivedAt: `2026-01-01T00:00:0${i}.000Z`,
        }),
      );
    }
    // Same size, different roots: judged without the network (the endpoint is closed).
    const transport = httpTransport({ context });
    expect(await auditPeerHeads(context, transport)).toEqual({
      consistent: 1,
      splitViews: 1,
      deferred: 0,
    });
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("rogatory peer list and split views", () => {
  it("shows the flag", () => {
    const result = runCli(["peer", "list", "--data", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^XB {2}active/m);
    expect(result.stdout).toMatch(
      /SPLIT VIEW detected .* \(same-size-different-root\): heads of size 7 and 7/,
    );
  });

  it("gives the evidence with --json: both signed heads", () => {
    const result = runCli(["peer", "list", "--data", dir, "--json"]);
    expect(result.code).toBe(0);
    const [xb] = JSON.parse(result.stdout) as {
      splitViews: {
        reason: string;
        firstHead: { root: string; signature: string };
        secondHead: { root: string };
      }[];
    }[];
    expect(xb?.splitViews).toHaveLength(1);
    expect(xb?.splitViews[0]).toMatchObject({
      reason: "same-size-different-root",
      firstHead: { root: "01".repeat(32) },
      secondHead: { root: "02".repeat(32) },
    });
  });

  it("is refused to a role that may not see peers", () => {
    const result = runCli(["peer", "list", "--data", dir, "--as", "officer"]);
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain("SPLIT VIEW");
    expect(result.stderr).toMatch(/FORBIDDEN|administrator/);
  });
});
