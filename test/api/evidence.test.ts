/**
 * Evidence through the officers' API over real HTTP on 127.0.0.1: an executing officer uploads a
 * file in pieces (streamed, resumable), completes it, and opens it for a stated purpose; wrong
 * offsets, cut connections, other people's uploads, short uploads and malformed calls are refused
 * or recovered from without storing anything wrong.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse as parseDisposition } from "content-disposition";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/cases/roles.js";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { CSRF_HEADER } from "../../src/server/auth/install-auth.js";
import { SESSION_COOKIE } from "../../src/server/auth/session-cookie.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { receiveRequest } from "../../src/services/requests/receive-request.js";
import { ledgerSize } from "../../src/store/ledger-store.js";
import { addFakePeer } from "../support/fake-peer.js";
import { REPO } from "../support/run-cli.js";
import { startTestNode, type TestClient, type TestNode, type TestUser } from "../support/test-node.js";

const UNIT = "central-authority";
const FILE_NAME = "relevé «2024» (export).csv";
const UPLOAD = {
  fileName: FILE_NAME,
  mediaType: "text/csv",
  source: { kind: "service-provider", name: "ExampleMail Ltd", system: "accounts-db" },
  acquisition: { method: "production order, export by the provider" },
};
const PURPOSE = { use: "stated-proceedings", text: "checking the subscriber of the account" };

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes.
type Answer = { status: number; headers: IncomingHttpHeaders; bytes: Buffer; json(): any };

let node: TestNode;
let base: string;
let requestId: string;
let executing: TestClient;
let otherExecuting: TestClient;
let executingUser: TestUser;

beforeEach(async () => {
  node = await startTestNode();
  await addFakePeer(node.context, "XB");
  const person = async (role: "executing-officer" | "supervisor") => {
    const user = await node.createUser(role, UNIT);
    const actor: Actor = { kind: "user", id: user.id, role, unit: UNIT };
    return { user, actor, client: await node.login(user.username, user.password, user.totpSecret) };
  };
  const supervisor = await person("supervisor");
  const officer = await person("executing-officer");
  const other = await person("executing-officer");
  executing = officer.client;
  executingUser = officer.user;
  otherExecuting = other.client;
  const doc = JSON.parse(readFileSync(join(REPO, "examples", "valid", "stored-data.json"), "utf8"));
  const received = await receiveRequest({
    context: node.context,
    treaty: "uncc-2024",
    document: {
      ...doc,
      requestingState: "XB",
      requestedState: "XA",
      languages: { request: "fr" },
      dataLocation: { state: "XA" },
    },
    remoteRequestId: randomUUID(),
  });
  requestId = received.id;
  const act = (actor: Actor, action: string) =>
    performAction({ context: node.context, actor, requestId, action, input: { reason: "Granted." } });
  for (const action of ["acknowledge", "begin-review", "grant"]) await act(supervisor.actor, action);
  await act(officer.actor, "start-execution");
  await node.app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
});
afterEach(() => node.close());

/** One call over a real connection, with the client's session cookie and CSRF token. */
function call(
  client: TestClient,
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: Buffer | object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const payload = body === undefined || Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const all: Record<string, string> = {
    cookie: `${SESSION_COOKIE}=${client.cookie}`,
    [CSRF_HEADER]: client.csrfToken,
    ...(body === undefined
      ? {}
      : { "content-type": Buffer.isBuffer(body) ? "application/octet-stream" : "application/json" }),
    ...headers,
  };
  return new Promise((resolve, reject) => {
    const sent = httpRequest(new URL(path, base), { method, headers: all, agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("error", reject);
      response.on("end", () => {
        const bytes = Buffer.concat(parts);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          bytes,
          json: () => JSON.parse(bytes.toString("utf8")),
        });
      });
    });
    sent.on("error", reject);
    sent.end(payload);
  });
}

const start = async (details: object = UPLOAD) => {
  const answer = await call(executing, "POST", `/api/v1/requests/${requestId}/evidence/uploads`, details);
  expect(answer.status, answer.bytes.toString()).toBe(201);
  return answer.json().itemId as string;
};
const put = (client: TestClient, itemId: string, offset: number, data: Buffer) =>
  call(client, "PUT", `/api/v1/evidence/uploads/${itemId}?offset=${offset}`, data);
const standing = async (itemId: string): Promise<number> =>
  (await call(executing, "GET", `/api/v1/evidence/uploads/${itemId}`)).json().offset;
const complete = (client: TestClient, itemId: string) =>
  call(client, "POST", `/api/v1/evidence/uploads/${itemId}/complete`, {});
const open = (itemId: string, body: object | undefined) =>
  call(executing, "POST", `/api/v1/evidence/${itemId}/open`, body);

const storedChunks = async (itemId: string) =>
  (
    await node.context.db
      .selectFrom("evidence_chunks")
      .select(["idx", "last"])
      .where("item_id", "=", itemId)
      .orderBy("idx")
      .execute()
  ).map((c) => `${c.idx}${c.last === 1 ? " last" : ""}`);

async function blobFiles(): Promise<number> {
  const root = node.context.blobs?.root ?? "";
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

/** Polls a condition the server reaches on its own (a cut connection noticed); never a timing assertion. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never reached: ${what}`);
}

function pieces(data: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(data.subarray(at, at + size));
    at += size;
  }
  expect(at).toBe(data.length);
  return out;
}

describe("uploading and opening evidence", () => {
  const cases: [string, number, number[]][] = [
    ["0 bytes", 0, [0]],
    ["1 byte", 1, [1]],
    ["exactly one chunk", CHUNK_SIZE, [CHUNK_SIZE / 2, CHUNK_SIZE / 2]],
    ["one chunk and one byte, cut at the chunk's end", CHUNK_SIZE + 1, [CHUNK_SIZE, 1]],
    [
      "three chunks and five bytes",
      3 * CHUNK_SIZE + 5,
      [1_000_000, 1_000_000, 1_000_000, 3 * CHUNK_SIZE + 5 - 3_000_000],
    ],
  ];

  it.each(cases)("%s: sent in pieces, sealed, and read back byte for byte", async (_, size, sizes) => {
    const data = randomBytes(size);
    const itemId = await start({ ...UPLOAD, size });
    let sent = 0;
    for (const part of pieces(data, sizes)) {
      const answer = await put(executing, itemId, sent, part);
      expect(answer.status, answer.bytes.toString()).toBe(200);
      sent += part.length;
      expect(answer.json()).toMatchObject({ itemId, state: "uploading", offset: sent });
      expect(await standing(itemId)).toBe(sent);
    }
    const sealed = await complete(executing, itemId);
    expect(sealed.status, sealed.bytes.toString()).toBe(200);
    expect(sealed.json()).toMatchObject({
      itemId,
      state: "sealed",
      offset: size,
      size,
      sha256: sha256(data),
    });
    const count = Math.max(1, Math.ceil(size / CHUNK_SIZE));
    const chunks = [...Array(count).keys()].map((i) => (i === count - 1 ? `${i} last` : `${i}`));
    expect(await storedChunks(itemId)).toEqual(chunks);

    const opened = await open(itemId, { purpose: PURPOSE });
    expect(opened.status, opened.bytes.toString()).toBe(200);
    expect(opened.bytes.equals(data)).toBe(true);
    expect(opened.headers["x-content-sha256"]).toBe(sha256(data));
    expect(opened.headers["content-type"]).toBe("text/csv");
    expect(opened.headers["content-length"]).toBe(String(size));
    expect(opened.headers["cache-control"]).toBe("no-store");
    const disposition = String(opened.headers["content-disposition"]);
    expect(disposition).toMatch(/^attachment; filename="[ -~]+"; filename\*=UTF-8''/);
    expect(parseDisposition(disposition).parameters.filename).toBe(FILE_NAME);
  });

  it("records each opening in the item's custody with the purpose stated, and lists it", async () => {
    const itemId = await start();
    await put(executing, itemId, 0, Buffer.from("subscriber,ip\nalice,192.0.2.1\n"));
    await complete(executing, itemId);
    expect((await open(itemId, { purpose: PURPOSE })).status).toBe(200);

    const listed = await call(executing, "GET", `/api/v1/requests/${requestId}/evidence`);
    expect(listed.status).toBe(200);
    const [item] = listed.json();
    expect(item).toMatchObject({
      id: itemId,
      direction: "held",
      state: "sealed",
      fileName: FILE_NAME,
      mediaType: "text/csv",
      size: 30,
      originState: "XA",
      senderCustody: null,
    });
    expect(item.custody.map((e: { event: string }) => e.event)).toEqual(["acquired", "sealed", "opened"]);
    expect(item.custody[2]).toMatchObject({
      actor: `user:${executingUser.id}`,
      purpose: `stated-proceedings: ${PURPOSE.text}`,
    });
    const entry = await node.context.db
      .selectFrom("ledger_entries")
      .select("entry")
      .where("idx", "=", item.custody[2].ledgerIndex)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.entry)).toMatchObject({
      type: "evidence.opened",
      subject: itemId,
      data: { purpose: `stated-proceedings: ${PURPOSE.text}`, state: "XA" },
    });
  });
});

describe("refusals and recovery", () => {
  it("a piece from the wrong offset is refused with 409 and the right offset, and nothing of it is kept", async () => {
    const data = randomBytes(2 * CHUNK_SIZE + 3);
    const itemId = await start({ ...UPLOAD, size: data.length });
    const first = CHUNK_SIZE + 10;
    expect((await put(executing, itemId, 0, data.subarray(0, first))).json().offset).toBe(first);
    expect(await storedChunks(itemId)).toEqual(["0"]);
    const blobs = await blobFiles();

    for (const offset of [0, first - 1, first + 1]) {
      const refused = await put(executing, itemId, offset, data.subarray(offset, offset + CHUNK_SIZE + 5));
      expect(refused.status).toBe(409);
      expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code: "EVIDENCE_UPLOAD_OFFSET", offset: first });
    }
    expect(await storedChunks(itemId)).toEqual(["0"]);
    expect(await blobFiles()).toBe(blobs);
    expect(await standing(itemId)).toBe(first);

    expect((await put(executing, itemId, first, data.subarray(first))).status).toBe(200);
    expect((await complete(executing, itemId)).json()).toMatchObject({
      state: "sealed",
      sha256: sha256(data),
    });
  });

  it("a piece cut off mid-way keeps its whole chunks; the upload resumes from where it stands", async () => {
    const data = randomBytes(3 * CHUNK_SIZE + 5);
    const itemId = await start({ ...UPLOAD, size: data.length });
    const sentBeforeCut = CHUNK_SIZE + 1000;
    const cut = httpRequest(new URL(`/api/v1/evidence/uploads/${itemId}?offset=0`, base), {
      method: "PUT",
      agent: false,
      headers: {
        cookie: `${SESSION_COOKIE}=${executing.cookie}`,
        [CSRF_HEADER]: executing.csrfToken,
        "content-type": "application/octet-stream",
        "content-length": String(data.length),
      },
    });
    const gone = new Promise<void>((resolve) => cut.on("error", () => resolve()));
    cut.write(data.subarray(0, sentBeforeCut));
    // Cut only once the node has taken in every byte sent, so what it keeps is known exactly.
    await until("the node took in the first part", async () => (await standing(itemId)) === sentBeforeCut);
    cut.destroy();
    await gone;

    // The bytes after the last whole chunk are forgotten: the upload stands at that chunk's end.
    await until("the node noticed the cut", async () => (await standing(itemId)) !== sentBeforeCut);
    expect(await standing(itemId)).toBe(CHUNK_SIZE);
    expect(await storedChunks(itemId)).toEqual(["0"]);

    const rest = await put(executing, itemId, CHUNK_SIZE, data.subarray(CHUNK_SIZE));
    expect(rest.status, rest.bytes.toString()).toBe(200);
    const sealed = (await complete(executing, itemId)).json();
    expect(sealed).toMatchObject({ state: "sealed", size: data.length, sha256: sha256(data) });
    expect((await open(itemId, { purpose: PURPOSE })).bytes.equals(data)).toBe(true);
  });

  it("only the person who started an upload continues or completes it", async () => {
    const itemId = await start();
    await put(executing, itemId, 0, Buffer.from("first part,"));
    const before = await storedChunks(itemId);
    const refused = await put(otherExecuting, itemId, 11, Buffer.from("not mine"));
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: "FORBIDDEN" });
    expect((await complete(otherExecuting, itemId)).status).toBe(403);
    expect(await standing(itemId)).toBe(11);
    expect(await storedChunks(itemId)).toEqual(before);
    expect((await put(executing, itemId, 11, Buffer.from("second part"))).status).toBe(200);
    expect((await complete(executing, itemId)).json()).toMatchObject({
      state: "sealed",
      sha256: sha256(Buffer.from("first part,second part")),
    });
  });

  it("completing with fewer bytes than announced is refused with 409 and the offset to send from", async () => {
    const data = randomBytes(5000);
    const itemId = await start({ ...UPLOAD, size: data.length });
    await put(executing, itemId, 0, data.subarray(0, 3000));
    const early = await complete(executing, itemId);
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({ code: "EVIDENCE_UPLOAD_OFFSET", offset: 3000 });
    expect(await storedChunks(itemId)).toEqual([]);
    await put(executing, itemId, 3000, data.subarray(3000));
    expect((await complete(executing, itemId)).json()).toMatchObject({
      state: "sealed",
      sha256: sha256(data),
    });
    // A sealed file takes no more bytes.
    const late = await put(executing, itemId, 5000, Buffer.from("more"));
    expect(late.status).toBe(409);
    expect(late.json()).toMatchObject({ code: "EVIDENCE_NOT_READY" });
  });

  it("a piece announced over the 1 GiB limit is refused before any byte is read", async () => {
    const itemId = await start();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        new URL(`/api/v1/evidence/uploads/${itemId}?offset=0`, base),
        {
          method: "PUT",
          agent: false,
          headers: {
            cookie: `${SESSION_COOKIE}=${executing.cookie}`,
            [CSRF_HEADER]: executing.csrfToken,
            "content-type": "application/octet-stream",
            "content-length": String(1024 ** 3 + 1),
          },
        },
        (response) => {
          let body = "";
          response.on("data", (part: Buffer) => {
            body += part.toString();
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      sent.on("error", reject);
      sent.write(Buffer.alloc(1000));
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "BAD_REQUEST" });
    expect(await standing(itemId)).toBe(0);
    expect(await storedChunks(itemId)).toEqual([]);
  });

  it("malformed upload starts are refused with 400 and leave no trace", async () => {
    const ledgerBefore = await ledgerSize(node.context.db);
    const bad: object[] = [
      {},
      { ...UPLOAD, fileName: "../etc/passwd" },
      { ...UPLOAD, fileName: ".." },
      { ...UPLOAD, fileName: "a\u0000b.csv" },
      { ...UPLOAD, fileName: "" },
      { ...UPLOAD, mediaType: "text" },
      { ...UPLOAD, size: -1 },
      { ...UPLOAD, size: 1.5 },
      { ...UPLOAD, source: { kind: "neighbour", name: "X" } },
      { ...UPLOAD, acquisition: { method: "order", at: "yesterday" } },
      { ...UPLOAD, extra: true },
    ];
    for (const body of bad) {
      const answer = await call(executing, "POST", `/api/v1/requests/${requestId}/evidence/uploads`, body);
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
      expect(answer.json()).toMatchObject({ code: "BAD_REQUEST" });
    }
    const notJson = await call(
      executing,
      "POST",
      `/api/v1/requests/${requestId}/evidence/uploads`,
      Buffer.from("{not json"),
      { "content-type": "application/json" },
    );
    expect(notJson.status).toBe(400);
    expect(await node.context.db.selectFrom("evidence_items").select("id").execute()).toEqual([]);
    expect(await ledgerSize(node.context.db)).toBe(ledgerBefore);
  });

  it("bytes past the announced size are refused (413) and what stood before is kept", async () => {
    const itemId = await start({ ...UPLOAD, size: CHUNK_SIZE + 10 });
    const tooMuch = await put(executing, itemId, 0, randomBytes(CHUNK_SIZE + 11));
    expect(tooMuch.status).toBe(413);
    expect(tooMuch.json()).toMatchObject({ code: "EVIDENCE_TOO_LARGE" });
    expect(await standing(itemId)).toBe(0);
    const huge = await call(executing, "POST", `/api/v1/requests/${requestId}/evidence/uploads`, {
      ...UPLOAD,
      size: 9 * 1024 ** 3,
    });
    expect(huge.status).toBe(413);
  });

  it("a piece sent as anything but application/octet-stream is refused with 400 and takes nothing", async () => {
    const itemId = await start();
    const asJson = await call(executing, "PUT", `/api/v1/evidence/uploads/${itemId}?offset=0`, {
      bytes: "abc",
    });
    expect(asJson.status).toBe(400);
    expect(asJson.json()).toMatchObject({ code: "BAD_REQUEST" });
    const standing = await call(executing, "GET", `/api/v1/evidence/uploads/${itemId}`);
    expect(standing.json()).toMatchObject({ offset: 0 });
  });

  it("opening without a stated purpose is refused with 400 and records nothing", async () => {
    const itemId = await start();
    await put(executing, itemId, 0, Buffer.from("records"));
    await complete(executing, itemId);
    const events = () =>
      node.context.db.selectFrom("custody_events").select("event").where("item_id", "=", itemId).execute();
    const before = await events();
    for (const body of [
      undefined,
      {},
      { purpose: { use: "stated-proceedings" } },
      { purpose: { use: "curiosity", text: "just looking" } },
      { purpose: { use: "stated-proceedings", text: "  " } },
      { purpose: "the trial" },
    ]) {
      const answer = await open(itemId, body);
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect(await events()).toEqual(before);
  });
});
