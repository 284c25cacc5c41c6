/** State-changing calls need the session's CSRF token: without it, or with another, 403 and nothing changes. */
import { afterEach, describe, expect, it } from "vitest";
import { startTestNode, type TestNode } from "../support/test-node.js";

describe("CSRF", () => {
  let node: TestNode;
  afterEach(() => node.close());

  const userCount = async () => (await node.context.db.selectFrom("users").select("id").execute()).length;

  it("refuses POST, PATCH and DELETE without the token or with a wrong one, and changes nothing", async () => {
    node = await startTestNode();
    const admin = await node.createUser("administrator");
    const officer = await node.createUser("case-officer");
    const client = await node.login(admin.username, admin.password, admin.totpSecret);
    const other = await node.login(officer.username, officer.password);
    const users = await userCount();
    const newUser = {
      username: "mallory",
      displayName: "Mallory",
      role: "administrator",
      unit: "central-authority",
    };

    for (const token of [undefined, "", "x".repeat(43), other.csrfToken, `${client.csrfToken}x`]) {
      const headers = { "x-csrf-token": token };
      const created = await client.request("POST", "/api/v1/users", { body: newUser, headers });
      expect(created.statusCode).toBe(403);
      expect(created.json()).toMatchObject({ code: "CSRF" });
      const patched = await client.request("PATCH", `/api/v1/users/${officer.id}`, {
        body: { role: "auditor" },
        headers,
      });
      expect(patched.json()).toMatchObject({ code: "CSRF" });
      const reset = await client.request("POST", `/api/v1/users/${officer.id}/reset-password`, { headers });
      expect(reset.json()).toMatchObject({ code: "CSRF" });
      const signOut = await client.request("DELETE", "/api/v1/session", { headers });
      expect(signOut.json()).toMatchObject({ code: "CSRF" });
    }
    expect(await userCount()).toBe(users);
    const stored = await node.context.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", officer.id)
      .executeTakeFirstOrThrow();
    expect(stored.role).toBe("case-officer");
    // Both sessions still live: neither the sign-out nor the reset went through.
    expect((await client.get("/api/v1/session")).statusCode).toBe(200);
    expect((await other.get("/api/v1/session")).statusCode).toBe(200);
    // And with the right token the same call works, so the refusals above were about the token.
    expect((await client.post("/api/v1/users", newUser)).statusCode).toBe(201);
  });

  it("needs no token to read", async () => {
    node = await startTestNode();
    const admin = await node.createUser("administrator");
    const client = await node.login(admin.username, admin.password, admin.totpSecret);
    const response = await client.request("GET", "/api/v1/users", { headers: { "x-csrf-token": undefined } });
    expect(response.statusCode).toBe(200);
  });

  it("checks the token before the second factor, so a forged call learns nothing about it", async () => {
    node = await startTestNode();
    const supervisor = await node.createUser("supervisor", undefined, { totp: false });
    const client = await node.login(supervisor.username, supervisor.password);
    const forged = await client.request("POST", "/api/v1/session/password", {
      body: { current: supervisor.password, next: "a-new-long-password" },
      headers: { "x-csrf-token": undefined },
    });
    expect(forged.json()).toMatchObject({ code: "CSRF" });
  });
});
