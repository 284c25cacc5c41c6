/** Cross-cutting HTTP behaviour: health, security headers, API answers never cached, problem+json for bad input, and faults that reveal nothing. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { REPO } from "../support/run-cli.js";
import { startTestNode, type TestNode } from "../support/test-node.js";

let node: TestNode;
beforeEach(async () => {
  node = await startTestNode();
});
afterEach(() => node.close());

describe("the HTTP API", () => {
  it("answers health without a session, with state, version, database and ledger size", async () => {
    const response = await node.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.json()).toEqual({
      status: "ok",
      state: "XA",
      version: "test",
      database: "sqlite",
      ledgerSize: 0,
    });
  });

  it("sends security headers on every answer", async () => {
    const response = await node.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
    expect(response.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
  });

  it("marks every API answer no-store unless its route set its own cache-control", async () => {
    const officer = await node.createUser("case-officer", "cyber");
    const auditor = await node.createUser("auditor", "audit");
    const client = await node.login(officer.username, officer.password, officer.totpSecret);
    const audit = await node.login(auditor.username, auditor.password, auditor.totpSecret);
    const created = await client.post("/api/v1/cases", { reference: "CACHE-1", title: "Phishing" });
    const document = JSON.parse(readFileSync(join(REPO, "examples", "valid", "preservation.json"), "utf8"));
    const drafted = await client.post(`/api/v1/cases/${created.json().id}/requests`, {
      treaty: "uncc-2024",
      document,
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const answers = {
      "a new case": created,
      "a new request": drafted,
      "a request's detail": await client.get(`/api/v1/requests/${drafted.json().id}`),
      "a list": await client.get("/api/v1/cases"),
      statistics: await audit.get("/api/v1/statistics"),
      "statistics as CSV": await audit.get("/api/v1/statistics.csv"),
      health: await node.app.inject({ method: "GET", url: "/api/v1/health" }),
      "the OpenAPI document": await node.app.inject({ method: "GET", url: "/api/openapi.json" }),
      "a refusal": await client.get("/api/v1/statistics"),
      "no session": await node.app.inject({ method: "GET", url: "/api/v1/cases" }),
      "an unknown route": await client.get("/api/v1/nothing-here"),
    };
    for (const [what, response] of Object.entries(answers))
      expect([what, response.statusCode < 500, response.headers["cache-control"]]).toEqual([
        what,
        true,
        "no-store",
      ]);

    // A route that says how it may be cached keeps its word.
    const app = await buildApp(node.context);
    try {
      app.get("/api/v1/test-cacheable", { config: { public: true } }, async (_request, reply) =>
        reply.header("cache-control", "private, max-age=60").send({ ok: true }),
      );
      const own = await app.inject({ method: "GET", url: "/api/v1/test-cacheable" });
      expect(own.statusCode).toBe(200);
      expect(own.headers["cache-control"]).toBe("private, max-age=60");
    } finally {
      await app.close();
    }
  });

  it("answers malformed bodies and unknown routes with problem+json and a stable code", async () => {
    const user = await node.createUser("case-officer", "cyber");
    const client = await node.login(user.username, user.password);
    const malformed = await client.post("/api/v1/cases", { reference: "" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(malformed.json()).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    const notJson = await client.request("POST", "/api/v1/cases", {
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(notJson.json().code).toBe("BAD_REQUEST");
    const unknown = await client.get("/api/v1/nothing-here");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("NOT_FOUND");
  });

  it("turns an unexpected fault into a generic 500 with a correlation id and no internals", async () => {
    const user = await node.createUser("case-officer", "cyber");
    const client = await node.login(user.username, user.password);
    await node.context.db.schema.dropTable("cases").execute();
    const response = await client.get("/api/v1/cases");
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body).toMatchObject({ code: "INTERNAL", status: 500 });
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).not.toMatch(/cases|sqlite|SqliteError|at .*\.ts/i);
  });
});
