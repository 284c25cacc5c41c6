/**
 * `/api/v1/treaties`: the packs this node holds, one pack as loaded and the States' declarations
 * under it, for every signed-in role and for nobody else. The answers are compared with the
 * files on disk, and the declarations listed are those the node holds, not a fixed list of States.
 */
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/cases/roles.js";
import { buildApp } from "../../src/server/app.js";
import { DEFAULT_PACKS_DIR, loadTreatyRegistry } from "../../src/store/pack-files.js";
import {
  createTestUser,
  signIn,
  startTestNode,
  type TestClient,
  type TestNode,
} from "../support/test-node.js";

const onDisk = (...path: string[]) => JSON.parse(readFileSync(join(DEFAULT_PACKS_DIR, ...path), "utf8"));

let node: TestNode;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  node = await startTestNode();
  for (const role of ROLES) {
    const user = await node.createUser(role, "cyber");
    clients.set(role, await node.login(user.username, user.password, user.totpSecret));
  }
});
afterAll(() => node.close());

const client = (role: string) => clients.get(role) as TestClient;

describe("GET /api/v1/treaties", () => {
  it.each(ROLES)("lists every pack with its title and version, to a %s", async (role) => {
    const response = await client(role).get("/api/v1/treaties");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      ["budapest-2001", "uncc-2024"].map((id) => {
        const pack = onDisk(`${id}.json`);
        return { id, title: pack.title, version: pack.version };
      }),
    );
  });

  it("answers 401 to a caller who is not signed in, for each of the three routes", async () => {
    for (const url of [
      "/api/v1/treaties",
      "/api/v1/treaties/uncc-2024",
      "/api/v1/treaties/uncc-2024/declarations",
    ]) {
      const response = await node.app.inject({ method: "GET", url });
      expect([url, response.statusCode]).toEqual([url, 401]);
      expect(response.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
  });
});

describe("GET /api/v1/treaties/:id", () => {
  it("answers the pack exactly as the file holds it: kinds, mandatory contents, grounds, offences, procedures", async () => {
    const response = await client("case-officer").get("/api/v1/treaties/uncc-2024");
    expect(response.statusCode).toBe(200);
    const pack = response.json();
    expect(pack).toEqual(onDisk("uncc-2024.json"));
    const preservation = pack.kinds.find((k: { id: string }) => k.id === "preservation");
    expect(preservation).toMatchObject({ urgentQueue: true, title: { en: expect.any(String) } });
    expect(preservation.mandatory.length).toBeGreaterThan(0);
    expect(preservation.mandatory[0]).toEqual({
      id: expect.any(String),
      path: expect.stringMatching(/^\$\./),
      citation: expect.objectContaining({ treaty: "uncc-2024" }),
      label: expect.objectContaining({ en: expect.any(String), ar: expect.any(String) }),
    });
  });

  it("answers 404 for a treaty the node does not hold and 400 for an id that cannot be one", async () => {
    const unknown = await client("auditor").get("/api/v1/treaties/hague-1970");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "NOT_FOUND" });
    const malformed = await client("auditor").get("/api/v1/treaties/UNCC%202024");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "BAD_REQUEST" });
    const declarations = await client("auditor").get("/api/v1/treaties/hague-1970/declarations");
    expect(declarations.statusCode).toBe(404);
  });
});

describe("GET /api/v1/treaties/:id/declarations", () => {
  it("answers each State's declarations as filed, this node's own included, sorted by State", async () => {
    for (const treaty of ["uncc-2024", "budapest-2001"]) {
      const response = await client("administrator").get(`/api/v1/treaties/${treaty}/declarations`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(
        ["XA", "XB", "XC"].map((state) => onDisk("declarations", state, `${treaty}.json`)),
      );
    }
    const xb = (await client("case-officer").get("/api/v1/treaties/uncc-2024/declarations"))
      .json()
      .find((d: { state: string }) => d.state === "XB");
    // What the wizard shows before the officer writes: languages and reservations with their citations.
    expect(xb.languages).toEqual(["fr", "es"]);
    expect(xb.reservations.length).toBeGreaterThan(0);
    expect(xb.reservations[0]).toMatchObject({
      citation: { treaty: "uncc-2024" },
      text: { en: expect.any(String) },
    });
  });

  it("lists only the States whose declarations under that treaty the node holds", async () => {
    // A packs folder where XA filed under UNCC only, XB under Budapest only, XC under both.
    const dir = await mkdtemp(join(tmpdir(), "rogatory-packs-"));
    try {
      for (const id of ["uncc-2024", "budapest-2001"])
        await cp(join(DEFAULT_PACKS_DIR, `${id}.json`), join(dir, `${id}.json`));
      const filed: [string, string][] = [
        ["XA", "uncc-2024"],
        ["XB", "budapest-2001"],
        ["XC", "uncc-2024"],
        ["XC", "budapest-2001"],
      ];
      for (const [state, treaty] of filed) {
        await mkdir(join(dir, "declarations", state), { recursive: true });
        await cp(
          join(DEFAULT_PACKS_DIR, "declarations", state, `${treaty}.json`),
          join(dir, "declarations", state, `${treaty}.json`),
        );
      }
      const context = { ...node.context, treaties: loadTreatyRegistry(dir) };
      const app = await buildApp(context);
      try {
        const user = await createTestUser(context, "case-officer", "cyber", {}, 900);
        const reader = await signIn(app, context, user.username, user.password);
        const states = async (treaty: string) =>
          (await reader.get(`/api/v1/treaties/${treaty}/declarations`))
            .json()
            .map((d: { state: string }) => d.state);
        expect(await states("uncc-2024")).toEqual(["XA", "XC"]);
        expect(await states("budapest-2001")).toEqual(["XB", "XC"]);
      } finally {
        await app.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
