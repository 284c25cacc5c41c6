/**
 * `POST /api/v1/requests/:id/evidence/export`: the court bundle as a download, between two real
 * nodes. XA asked XB for stored data; XB granted it with a use limitation and sent a file; XA's
 * case officer downloads the bundle over the API, which the offline verifier accepts and which
 * holds the very bytes XB sent. A purpose the use limitation refuses, a role or unit that may not
 * export, a malformed purpose and a call without the CSRF token are refused and change nothing —
 * not a row, not a ledger entry, not a folder made. One export runs at a time per node; the
 * bundle is written in a 0700 folder as a 0600 file; the file name keeps to [A-Za-z0-9._-].
 * (Leftovers of a crash are swept when the node starts: test/node/export-sweep.test.ts.)
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, Role } from "../../src/cases/roles.js";
import { verifyCourtBundle } from "../../src/evidence/court-bundle-verify.js";
import { buildApp } from "../../src/server/app.js";
import { CSRF_HEADER } from "../../src/server/auth/install-auth.js";
import { newExportFolder, takeExportSlot } from "../../src/server/export-folder.js";
import { courtBundleFileName } from "../../src/server/routes/evidence-export.js";
import { exportCourtBundle } from "../../src/services/evidence/export-court-bundle.js";
import {
  custodyOf,
  exchange,
  randomFile,
  requestInExecution,
  reviewAndRelease,
  uploadOnXb,
} from "../evidence/transfer-kit.js";
import { type FederatedNode, startPair } from "../federation/two-nodes.js";
import { tableRows } from "../support/db-snapshot.js";
import { createTestUser, signIn, type TestClient } from "../support/test-node.js";

const CONDITION = "Only for the proceedings in case XA-2026-0042";
const STATED = { use: "stated-proceedings", text: "Trial of case XA-2026-0042" } as const;

let xa: FederatedNode;
let xb: FederatedNode;
let app: FastifyInstance;
let xaId: string;
let itemId: string;
let data: Buffer;
const clients = new Map<string, TestClient>();
let officer: Actor;

beforeAll(async () => {
  ({ xa, xb } = await startPair());
  const ids = await requestInExecution(xa, xb, [{ type: "use-limitation", text: CONDITION }]);
  xaId = ids.xaId;
  data = randomFile(70_000);
  itemId = await uploadOnXb(xb, ids.xbId, data);
  await reviewAndRelease(xb, itemId);
  await exchange(xa, xb);
  expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);

  app = await buildApp(xa.context);
  const people: [string, Role, string][] = [
    ["officer", "case-officer", "cyber"],
    ["supervisor", "supervisor", "cyber"],
    ["executing", "executing-officer", "cyber"],
    ["auditor", "auditor", "audit"],
    ["other-unit officer", "case-officer", "fraud"],
  ];
  for (const [i, [name, role, unit]] of people.entries()) {
    const user = await createTestUser(xa.context, role, unit, {}, i);
    if (name === "officer") officer = { kind: "user", id: user.id, role, unit };
    clients.set(name, await signIn(app, xa.context, user.username, user.password, user.totpSecret));
  }
});
afterAll(async () => {
  await app?.close();
  await xa?.close();
  await xb?.close();
});

const client = (name: string) => clients.get(name) as TestClient;
const exportUrl = () => `/api/v1/requests/${xaId}/evidence/export`;
/** Where the API writes bundles before sending them: the data directory's `exports/`. */
const exportsDir = () => join(dirname(xa.context.blobs?.root ?? ""), "exports");
const leftovers = async () =>
  existsSync(exportsDir()) ? await readdir(exportsDir(), { recursive: true }) : [];

/** Every row of XA's database but the sessions, which each call touches. */
async function xaState(): Promise<string> {
  const { sessions: _, ...rows } = await tableRows(xa.context);
  return JSON.stringify(rows);
}

async function membersOf(tar: Buffer): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    const parts: Buffer[] = [];
    stream.on("data", (part: unknown) => parts.push(part as Buffer));
    stream.on("end", () => {
      members.set(header.name, Buffer.concat(parts));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  Readable.from([tar]).pipe(reader);
  await done;
  return members;
}

describe("exporting the court bundle over the API", () => {
  it("refuses what may not be exported before touching the disk, changing nothing and making no folder", async () => {
    expect(existsSync(exportsDir())).toBe(false);
    const before = await xaState();
    const attempts: [string, TestClient, unknown, number, string][] = [
      // Art 40(19): XB consented to no other use.
      [
        "other proceedings without consent",
        client("officer"),
        { purpose: { use: "other-proceedings", text: "Prosecution of a related fraud" } },
        403,
        "EVIDENCE_USE_REFUSED",
      ],
      ["an executing officer", client("executing"), { purpose: STATED }, 403, "FORBIDDEN"],
      ["an auditor", client("auditor"), { purpose: STATED }, 403, "FORBIDDEN"],
      // Need-to-know: another unit's request answers as one that does not exist.
      ["another unit's officer", client("other-unit officer"), { purpose: STATED }, 404, "NOT_FOUND"],
      ["no purpose", client("officer"), {}, 400, "BAD_REQUEST"],
      [
        "a purpose of no words",
        client("officer"),
        { purpose: { use: "stated-proceedings", text: " " } },
        400,
        "BAD_REQUEST",
      ],
    ];
    for (const [who, caller, body, status, code] of attempts) {
      const response = await caller.post(exportUrl(), body);
      expect([who, response.statusCode]).toEqual([who, status]);
      expect(response.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect([who, response.json().code]).toEqual([who, code]);
    }
    const refused = await client("officer").post(exportUrl(), {
      purpose: { use: "other-proceedings", text: "Prosecution of a related fraud" },
    });
    expect(refused.json().detail).toContain(CONDITION);
    const noCsrf = await client("officer").request("POST", exportUrl(), {
      body: { purpose: STATED },
      headers: { [CSRF_HEADER]: undefined },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("CSRF");

    expect(await xaState()).toBe(before);
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
    // The checks ran before anything was written: not even `exports/` was made.
    expect(existsSync(exportsDir())).toBe(false);
  });

  it("answers the bundle as a tar download that the offline verifier accepts, holding the bytes XB sent", async () => {
    const response = await client("officer").post(exportUrl(), { purpose: STATED });
    expect(response.statusCode, response.body).toBe(200);
    const bundle = response.rawPayload;
    const reference = (
      await xa.context.db
        .selectFrom("requests")
        .select("reference")
        .where("id", "=", xaId)
        .executeTakeFirstOrThrow()
    ).reference;
    expect(response.headers["content-type"]).toBe("application/x-tar");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename=court-bundle-${reference}.tar`,
    );
    expect(Number(response.headers["content-length"])).toBe(bundle.length);
    expect(response.headers["x-content-sha256"]).toBe(createHash("sha256").update(bundle).digest("hex"));
    expect(response.headers["cache-control"]).toBe("no-store");

    const dir = await mkdtemp(join(tmpdir(), "rogatory-download-"));
    try {
      const file = join(dir, "bundle.tar");
      await writeFile(file, bundle);
      const report = await verifyCourtBundle(file);
      expect(report.failures).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.export).toMatchObject({ state: "XA", purpose: `stated-proceedings: ${STATED.text}` });
      expect(report.request).toMatchObject({
        id: xaId,
        reference,
        requestingState: "XA",
        requestedState: "XB",
      });
      // Both nodes' custody is in it, proven against their own ledgers.
      expect(report.checks.some((c) => c.subject.startsWith("ledger/XB/"))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const members = await membersOf(bundle);
    const evidence = [...members.entries()].filter(([name]) => name.startsWith(`evidence/${itemId}/file/`));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.[1].equals(data)).toBe(true);

    // The export is in the custody, with the purpose stated; the bundle written on the way is gone.
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified", "exported"]);
    expect(await readdir(exportsDir())).toEqual([]);
  });

  it("gives the requested State the bundle of the evidence it sent, which verifies too", async () => {
    const xbApp = await buildApp(xb.context);
    try {
      const user = await createTestUser(xb.context, "case-officer", "central-authority", {}, 1);
      const officer = await signIn(xbApp, xb.context, user.username, user.password);
      const xbId = (
        await xb.context.db
          .selectFrom("requests")
          .select("id")
          .where("remote_request_id", "=", xaId)
          .executeTakeFirstOrThrow()
      ).id;
      const response = await officer.post(`/api/v1/requests/${xbId}/evidence/export`, {
        purpose: { use: "stated-proceedings", text: "Record of the execution for XA" },
      });
      expect(response.statusCode, response.body).toBe(200);
      const dir = await mkdtemp(join(tmpdir(), "rogatory-download-"));
      try {
        await writeFile(join(dir, "bundle.tar"), response.rawPayload);
        const report = await verifyCourtBundle(join(dir, "bundle.tar"));
        expect(report.failures).toEqual([]);
        // XB's own id, and the id the two States share (XA's), which the manifest names.
        expect(report.request).toMatchObject({ id: xbId, remoteRequestId: xaId });
        expect(report.export).toMatchObject({ state: "XB" });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const members = await membersOf(response.rawPayload);
      const file = [...members].find(([name]) => name.startsWith(`evidence/${itemId}/file/`));
      expect(file?.[1].equals(data)).toBe(true);
    } finally {
      await xbApp.close();
    }
  });
});

describe("the export's place on disk, its slot and its file name", () => {
  it("runs one export at a time per node: a second is refused with EVIDENCE_EXPORT_BUSY and changes nothing", async () => {
    const custodyBefore = await custodyOf(xa, itemId);
    // Another export holds the node's slot (between its checks and the end of its download).
    const release = takeExportSlot(xa.context);
    try {
      const before = await xaState();
      const files = await leftovers();
      const busy = await client("officer").post(exportUrl(), { purpose: STATED });
      expect(busy.statusCode).toBe(409);
      expect(busy.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(busy.json()).toMatchObject({ code: "EVIDENCE_EXPORT_BUSY" });
      expect(busy.json().detail).toContain("try again once it has downloaded");
      // Who may not export is told so first, busy or not: the checks come before the slot.
      const forbidden = await client("executing").post(exportUrl(), { purpose: STATED });
      expect(forbidden.json().code).toBe("FORBIDDEN");
      expect(await xaState()).toBe(before);
      expect(await custodyOf(xa, itemId)).toEqual(custodyBefore);
      expect(await leftovers()).toEqual(files);
    } finally {
      release();
    }
    // Given back, the slot serves the next export; and each download gives it back when it ends.
    for (let i = 0; i < 2; i++) {
      const response = await client("officer").post(exportUrl(), { purpose: STATED });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await leftovers()).toEqual([]);
  });

  it("names the download from the reference kept to [A-Za-z0-9._-], whatever the reference holds", async () => {
    expect(courtBundleFileName("XA-2026-STOR-0042")).toBe("court-bundle-XA-2026-STOR-0042.tar");
    expect(courtBundleFileName("../XA/2026 STOR:0042\\é")).toBe("court-bundle-..-XA-2026-STOR-0042--.tar");
    // One `-` per character, not per UTF-16 unit.
    expect(courtBundleFileName("A\u{1F4C1}B")).toBe("court-bundle-A-B.tar");

    // A reference is the requesting State's free text; the examples' have no `/`, so one is set here.
    const requests = () => xa.context.db.updateTable("requests").where("id", "=", xaId);
    const { reference } = await xa.context.db
      .selectFrom("requests")
      .select("reference")
      .where("id", "=", xaId)
      .executeTakeFirstOrThrow();
    await requests().set({ reference: "XA/2026/STOR 0042" }).execute();
    try {
      const response = await client("officer").post(exportUrl(), { purpose: STATED });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers["content-disposition"]).toBe(
        "attachment; filename=court-bundle-XA-2026-STOR-0042.tar",
      );
    } finally {
      await requests().set({ reference }).execute();
    }
  });

  it("writes the bundle in a 0700 folder of its own under a 0700 exports/, as a 0600 file", async () => {
    const folder = await newExportFolder(xa.context);
    try {
      const mode = async (path: string) => (await stat(path)).mode & 0o777;
      expect(dirname(folder)).toBe(exportsDir());
      expect(await mode(exportsDir())).toBe(0o700);
      expect(await mode(folder)).toBe(0o700);
      // The route's own steps: the service writes the bundle into the folder it was given.
      const path = join(folder, "court-bundle.tar");
      await exportCourtBundle(xa.context, officer, xaId, STATED, path);
      expect(await mode(path)).toBe(0o600);
      expect(await readdir(folder)).toEqual(["court-bundle.tar"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
