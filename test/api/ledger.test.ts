/**
 * The ledger through the real API, as an auditor would use it: read the entries, have the node
 * sign its head, and check — with the node's public key and our own hashing of the entries, not
 * the hashes the node sends — that each entry is in the signed tree and that a later head extends
 * an earlier one. Malformed or out-of-range proof requests are refused and change nothing.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { type Entry, entryLeafHash } from "../../src/ledger/entry.js";
import { merkleRoot } from "../../src/ledger/merkle.js";
import { type SignedTreeHead, verifyTreeHead } from "../../src/ledger/tree-head.js";
import { verifyConsistency, verifyInclusion } from "../../src/ledger/verify-proof.js";
import { fromHex, toHex } from "../../src/store/ledger-store.js";
import { describeEachBackend } from "../support/backends.js";
import { startTestNode, type TestClient, type TestNode } from "../support/test-node.js";

type HeadJson = Omit<SignedTreeHead, "root"> & { root: string };

describeEachBackend("ledger API", (backend) => {
  let node: TestNode;
  let officer: TestClient;
  let auditor: TestClient;

  beforeEach(async () => {
    node = await startTestNode({ backend });
    const officerUser = await node.createUser("case-officer", "cyber");
    const auditorUser = await node.createUser("auditor", "audit");
    officer = await node.login(officerUser.username, officerUser.password, officerUser.totpSecret);
    auditor = await node.login(auditorUser.username, auditorUser.password, auditorUser.totpSecret);
    await openCases(3);
  });
  afterEach(() => node.close());

  let opened = 0;
  async function openCases(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      opened += 1;
      const response = await officer.post("/api/v1/cases", { reference: `CASE-${opened}`, title: "Fraud" });
      expect(response.statusCode).toBe(201);
    }
  }

  async function entries(): Promise<Entry[]> {
    const response = await auditor.get("/api/v1/ledger/entries?limit=1000");
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  /** Signs the current head through the API and checks its signature with the node's public key. */
  async function signHead(): Promise<SignedTreeHead> {
    const response = await auditor.post("/api/v1/ledger/heads");
    expect(response.statusCode).toBe(201);
    const json = response.json() as HeadJson;
    const head = { ...json, root: fromHex(json.root) };
    expect(head.logId).toBe(node.context.keys.logId);
    expect(verifyTreeHead(head, node.context.keys.signingPublic)).toBe(true);
    // The signature covers the root: another root under the same signature must fail.
    expect(verifyTreeHead({ ...head, root: new Uint8Array(32) }, node.context.keys.signingPublic)).toBe(
      false,
    );
    return head;
  }

  async function healthLedgerSize(): Promise<number> {
    const response = await node.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.statusCode).toBe(200);
    return response.json().ledgerSize;
  }

  it("serves entries and a signed head whose root is the Merkle root of those entries", async () => {
    const log = await entries();
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));
    expect(log.filter((e) => e.type === "case.created")).toHaveLength(3);
    expect(await healthLedgerSize()).toBe(log.length);

    const head = await signHead();
    expect(head.size).toBe(log.length);
    expect(toHex(head.root)).toBe(toHex(merkleRoot(log.map(entryLeafHash))));
    // Signing again with nothing appended gives back the same head.
    expect((await auditor.post("/api/v1/ledger/heads")).json()).toEqual({ ...head, root: toHex(head.root) });
  });

  it("proves every entry is in the signed tree, and a later head consistent with an earlier one", async () => {
    const first = await signHead();
    const log = await entries();
    for (const entry of log) {
      const response = await auditor.get(
        `/api/v1/ledger/proofs/inclusion?index=${entry.index}&size=${first.size}`,
      );
      expect(response.statusCode).toBe(200);
      const { leafHash, root, proof } = response.json();
      const ours = entryLeafHash(entry);
      expect(leafHash).toBe(toHex(ours));
      expect(root).toBe(toHex(first.root));
      expect(verifyInclusion(entry.index, first.size, ours, proof.map(fromHex), first.root)).toBe(true);
    }

    await openCases(2);
    const second = await signHead();
    expect(second.size).toBe(first.size + 2);
    expect(await healthLedgerSize()).toBe(second.size);
    const consistency = await auditor.get(
      `/api/v1/ledger/proofs/consistency?from=${first.size}&to=${second.size}`,
    );
    expect(consistency.statusCode).toBe(200);
    const { proof } = consistency.json();
    expect(verifyConsistency(first.size, second.size, proof.map(fromHex), first.root, second.root)).toBe(
      true,
    );
    // The same proof does not tie the later head to some other earlier root.
    expect(verifyConsistency(first.size, second.size, proof.map(fromHex), second.root, second.root)).toBe(
      false,
    );

    // An entry appended after the first head is proved against the second, with the default size.
    const newest = (await entries()).at(-1) as Entry;
    expect(newest.type).toBe("case.created");
    const inclusion = (await auditor.get(`/api/v1/ledger/proofs/inclusion?index=${newest.index}`)).json();
    expect(inclusion.size).toBe(second.size);
    expect(
      verifyInclusion(
        newest.index,
        second.size,
        entryLeafHash(newest),
        inclusion.proof.map(fromHex),
        second.root,
      ),
    ).toBe(true);
    expect((await auditor.get("/api/v1/ledger/head")).json()).toEqual({
      ...second,
      root: toHex(second.root),
    });
  });

  it("answers out-of-range and malformed proof requests with 400 problem+json and changes nothing", async () => {
    await signHead();
    const size = await healthLedgerSize();
    const before = await ledgerTables(node);
    const refused = [
      `/api/v1/ledger/proofs/inclusion?index=${size}`,
      `/api/v1/ledger/proofs/inclusion?index=0&size=${size + 1}`,
      `/api/v1/ledger/proofs/inclusion?index=3&size=3`,
      "/api/v1/ledger/proofs/inclusion?index=0&size=0",
      "/api/v1/ledger/proofs/inclusion?index=-1",
      "/api/v1/ledger/proofs/inclusion?index=1.5",
      "/api/v1/ledger/proofs/inclusion?index=first",
      "/api/v1/ledger/proofs/inclusion",
      "/api/v1/ledger/proofs/consistency?from=0",
      `/api/v1/ledger/proofs/consistency?from=${size + 1}`,
      `/api/v1/ledger/proofs/consistency?from=1&to=${size + 1}`,
      "/api/v1/ledger/proofs/consistency?from=3&to=2",
      "/api/v1/ledger/proofs/consistency?from=-2",
      "/api/v1/ledger/entries?from=-1",
      "/api/v1/ledger/entries?limit=0",
    ];
    for (const url of refused) {
      const response = await auditor.get(url);
      expect({ url, status: response.statusCode, type: response.headers["content-type"] }).toEqual({
        url,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(response.json()).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    }
    expect(await ledgerTables(node)).toEqual(before);
    expect(await healthLedgerSize()).toBe(size);
  });
});

/** Every ledger table's rows, to show a refused call changed nothing. */
async function ledgerTables(node: TestNode) {
  const { db } = node.context;
  return {
    head: await db.selectFrom("ledger_head").selectAll().execute(),
    entries: await db.selectFrom("ledger_entries").select(["idx", "leaf_hash"]).orderBy("idx").execute(),
    nodes: await db.selectFrom("ledger_nodes").selectAll().orderBy("level").orderBy("idx").execute(),
    heads: await db.selectFrom("tree_heads").selectAll().orderBy("size").execute(),
  };
}
