/** Cross-cutting HTTP behaviour: health, security headers, problem+json for bad input, and faults that reveal nothing. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
