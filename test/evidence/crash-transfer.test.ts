/**
 * The whole journey between two real node processes, through the officers' API only, with kill -9
 * on the way: XA asks XB for stored data; XB grants it; XB's executing officer uploads the file in
 * pieces (XB killed mid-upload, the upload resumed from the offset the node kept); two supervisors
 * review and release it; XA fetches the chunks (XA killed mid-transfer, the fetch resumed after
 * restart); XA opens it with a stated purpose and gets exactly the file; then, the nodes stopped,
 * XA exports the court bundle and `rogatory evidence verify` accepts it offline. Both ledgers verify.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { example } from "../federation/two-nodes.js";
import type { HttpClient } from "../support/http-client.js";
import { eventually, type Federation, type NodeProcess, startFederation } from "../support/node-process.js";

const UNIT = "central-authority";
/** Enough chunks that the fetch takes several delivery rounds (32 chunks per item and round). */
const FILE = randomBytes(96 * CHUNK_SIZE + 777);
const FILE_SHA256 = createHash("sha256").update(FILE).digest("hex");

let root: string;
let nodes: Federation;
let xa: NodeProcess;
let xb: NodeProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-evidence-e2e-"));
  nodes = await startFederation(root, ["XA", "XB"], {
    users: {
      XA: [{ role: "case-officer" }, { role: "supervisor" }],
      XB: [
        { role: "supervisor", unit: UNIT },
        { role: "supervisor", unit: UNIT, username: "reviewer" },
        { role: "executing-officer", unit: UNIT },
      ],
    },
  });
  xa = nodes.get("XA");
  xb = nodes.get("XB");
}, 180_000);

afterAll(async () => {
  await nodes?.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

type Item = { id: string; state: string; sha256: string | null; chunks: { present: number; total: number } };

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** XA's request, sent, granted by XB and in execution there: both ids. */
async function grantedRequest(): Promise<{ xaId: string; xbId: string }> {
  const officer = await xa.signIn("case-officer");
  const caseId = (await officer.expect("POST", "/api/v1/cases", 201, { reference: "XA-E-1", title: "Fraud" }))
    .id;
  const document = { ...example("stored-data"), reference: "XA-2026-EVID-0001" };
  const drafted = await officer.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document,
  });
  await officer.expect("POST", `/api/v1/requests/${drafted.id}/actions/submit`, 200, {});
  const supervisor = await xa.signIn("supervisor");
  await supervisor.expect("POST", `/api/v1/requests/${drafted.id}/actions/approve`, 200, {});
  const central = await xb.signIn("supervisor");
  const copy = await eventually("the request on XB", async () => {
    const listed = (await central.expect("GET", "/api/v1/requests?queue=all", 200)) as {
      id: string;
      reference: string;
    }[];
    return listed.find((r) => r.reference === "XA-2026-EVID-0001");
  }, [xa, xb]);
  for (const action of ["acknowledge", "begin-review"])
    await central.expect("POST", `/api/v1/requests/${copy.id}/actions/${action}`, 200, {});
  await central.expect("POST", `/api/v1/requests/${copy.id}/actions/grant`, 200, { reason: "Granted." });
  const executing = await xb.signIn("executing-officer");
  await executing.expect("POST", `/api/v1/requests/${copy.id}/actions/start-execution`, 200, {});
  return { xaId: drafted.id, xbId: copy.id };
}

const evidenceOn = async (client: HttpClient, requestId: string): Promise<Item[]> =>
  (await client.expect("GET", `/api/v1/requests/${requestId}/evidence`, 200)) as Item[];

describe("evidence between two real nodes, with kill -9 on both sides", () => {
  let ids: { xaId: string; xbId: string };
  let itemId: string;

  it("XB's upload survives a kill -9 of XB: it resumes from the node's offset and seals the file", async () => {
    ids = await grantedRequest();
    let executing = await xb.signIn("executing-officer");
    const started = await executing.expect("POST", `/api/v1/requests/${ids.xbId}/evidence/uploads`, 201, {
      fileName: "mailbox-export.mbox",
      mediaType: "application/mbox",
      size: FILE.length,
      source: { kind: "service-provider", name: "ExampleMail Ltd", system: "mail store" },
      acquisition: { method: "production order; export by the provider" },
    });
    itemId = started.itemId;
    // 40 whole chunks and part of the 41st, then the node dies: the part was never stored.
    const sent = 40 * CHUNK_SIZE + 1000;
    const first = await executing.putBytes(
      `/api/v1/evidence/uploads/${itemId}?offset=0`,
      FILE.subarray(0, sent),
    );
    expect(first.status).toBe(200);
    await xb.kill9();
    await xb.start();
    executing = await xb.signIn("executing-officer");
    const standing = await executing.expect("GET", `/api/v1/evidence/uploads/${itemId}`, 200);
    expect(standing.offset).toBe(40 * CHUNK_SIZE);
    const rest = await executing.putBytes(
      `/api/v1/evidence/uploads/${itemId}?offset=${standing.offset}`,
      FILE.subarray(standing.offset),
    );
    expect(rest.status).toBe(200);
    const sealed = await executing.expect("POST", `/api/v1/evidence/uploads/${itemId}/complete`, 200, {});
    expect(sealed).toMatchObject({ state: "sealed", size: FILE.length, sha256: FILE_SHA256 });
  }, 120_000);

  it("XA's fetch survives a kill -9 of XA mid-transfer: nothing corrupt is kept and the item completes", async () => {
    const reviewer = await xb.signIn("reviewer");
    await reviewer.expect("POST", `/api/v1/evidence/${itemId}/review`, 200, { note: "matches the order" });
    const central = await xb.signIn("supervisor");
    await central.expect("POST", `/api/v1/evidence/${itemId}/release`, 200, {});

    let officer = await xa.signIn("case-officer");
    // Watch closely (not `eventually`: its pace could miss the middle) for a part-fetched item.
    let seen: Item | undefined;
    for (let i = 0; i < 3000 && seen === undefined; i += 1) {
      const [item] = await evidenceOn(officer, ids.xaId);
      if (item !== undefined && item.chunks.present > 0) seen = item;
      else await pause(20);
    }
    expect(seen, "XA started fetching").toBeDefined();
    expect(seen?.chunks.present, "the kill comes mid-transfer").toBeLessThan(seen?.chunks.total ?? 0);
    await xa.kill9();
    await xa.start();
    officer = await xa.signIn("case-officer");
    const received = await eventually(
      "the item received on XA",
      async () => {
        const [item] = await evidenceOn(officer, ids.xaId);
        return item?.state === "received" ? item : undefined;
      },
      [xa, xb],
      120_000,
    );
    expect(received).toMatchObject({ id: itemId, sha256: FILE_SHA256, chunks: { present: 97, total: 97 } });
    const opened = await officer.post(`/api/v1/evidence/${itemId}/open`, {
      purpose: { use: "stated-proceedings", text: "Analysis for case XA-E-1" },
    });
    expect(opened.status).toBe(200);
    expect(opened.headers["x-content-sha256"]).toBe(FILE_SHA256);
    expect(opened.bytes.equals(FILE)).toBe(true);
    const request = await officer.expect("GET", `/api/v1/requests/${ids.xaId}`, 200);
    expect(request.state).toBe("evidence-received");
  }, 240_000);

  it("XA's court bundle, exported with the node stopped, verifies offline; both ledgers verify", async () => {
    await nodes.stopAll();
    const out = join(root, "court-bundle.tar");
    const exported = xa.cli([
      "evidence",
      "export",
      "--request",
      ids.xaId,
      "--out",
      out,
      "--data",
      xa.dataDir,
      "--as",
      "case-officer",
      "--purpose",
      "Trial of case XA-E-1",
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const verified = xa.cli(["evidence", "verify", out]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain(itemId);
    expect(xa.verifyLedger().code).toBe(0);
    expect(xb.verifyLedger().code).toBe(0);
  }, 120_000);
});
