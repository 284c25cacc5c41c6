/**
 * User management through the API: what an administrator can do, what it does to the sessions of
 * the user changed, what every other role gets (403 and no change), and that no response ever
 * carries a password hash or a TOTP secret. Runs on every store backend.
 */
import { afterEach, expect, it } from "vitest";
import { ROLES } from "../../src/cases/roles.js";
import { describeEachBackend } from "../support/backends.js";
import { startTestNode, type TestNode } from "../support/test-node.js";

const SECRET_FIELDS = /password_?hash|totp_?secret|"secret"/i;

describeEachBackend("users API", (backend) => {
  let node: TestNode;
  afterEach(() => node.close());

  const adminClient = async () => {
    const admin = await node.createUser("administrator");
    return { admin, client: await node.login(admin.username, admin.password, admin.totpSecret) };
  };
  const userRow = (id: string) =>
    node.context.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("creates a user with a one-time password that signs in, and never shows hash or secret", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const created = await client.post("/api/v1/users", {
      username: "jdoe",
      displayName: "Jane Doe",
      role: "case-officer",
      unit: "cyber-unit",
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const { user, oneTimePassword } = created.json();
    expect(user).toMatchObject({
      username: "jdoe",
      role: "case-officer",
      unit: "cyber-unit",
      disabled: false,
      totpEnabled: false,
    });
    expect(oneTimePassword).toMatch(/^[2-9a-km-zA-HJ-NP-Z]{20}$/);
    expect(created.body).not.toMatch(SECRET_FIELDS);
    const listed = await client.get("/api/v1/users");
    expect(listed.body).not.toMatch(SECRET_FIELDS);
    expect(listed.body).not.toContain(oneTimePassword);
    expect(listed.json().users.map((u: { username: string }) => u.username)).toContain("jdoe");
    const jdoe = await node.login("jdoe", oneTimePassword);
    expect(jdoe.login.user).toMatchObject({ username: "jdoe", displayName: "Jane Doe" });
  });

  it("refuses a weak password, a password equal to the username, and a taken username", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const base = { displayName: "X", role: "auditor", unit: "audit" };
    const short = await client.post("/api/v1/users", {
      ...base,
      username: "shorty",
      password: "eleven-char",
    });
    expect(short.json()).toMatchObject({ code: "BAD_REQUEST" });
    const same = await client.post("/api/v1/users", {
      ...base,
      username: "longusername1",
      password: "LongUserName1",
    });
    expect(same.json()).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      (await client.post("/api/v1/users", { ...base, username: "taken", password: "twelve-chars" }))
        .statusCode,
    ).toBe(201);
    const taken = await client.post("/api/v1/users", {
      ...base,
      username: "taken",
      password: "twelve-chars",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: "CONFLICT" });
  });

  it("voids the sessions of a user whose role or unit changes", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const officer = await node.createUser("case-officer", "unit-a");
    const officerClient = await node.login(officer.username, officer.password);
    const changed = await client.patch(`/api/v1/users/${officer.id}`, { role: "executing-officer" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.role).toBe("executing-officer");
    expect((await officerClient.get("/api/v1/session")).statusCode).toBe(401);
    const again = await node.login(officer.username, officer.password);
    expect(again.login.user.role).toBe("executing-officer");
    await client.patch(`/api/v1/users/${officer.id}`, { unit: "unit-b" });
    expect((await again.get("/api/v1/session")).statusCode).toBe(401);
    expect((await userRow(officer.id)).auth_version).toBe(3);
  });

  it("refuses a session whose auth_version is behind the user's, even if its row survived", async () => {
    node = await startTestNode({ backend });
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    await node.context.db
      .updateTable("users")
      .set({ auth_version: 2, role: "auditor" })
      .where("id", "=", officer.id)
      .execute();
    expect((await client.get("/api/v1/session")).statusCode).toBe(401);
    expect(await node.context.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("takes the caller's role from the user row on every call, not from the session", async () => {
    node = await startTestNode({ backend });
    const { admin, client } = await adminClient();
    expect((await client.get("/api/v1/users")).statusCode).toBe(200);
    // Changed behind the API's back, without the version bump: the next call still sees it.
    await node.context.db.updateTable("users").set({ role: "auditor" }).where("id", "=", admin.id).execute();
    expect((await client.get("/api/v1/users")).json()).toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps sessions alive through a change of display name only, which grants nothing", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const officer = await node.createUser("case-officer");
    const officerClient = await node.login(officer.username, officer.password);
    await client.patch(`/api/v1/users/${officer.id}`, { displayName: "Renamed Officer" });
    const session = await officerClient.get("/api/v1/session");
    expect(session.statusCode).toBe(200);
    expect(session.json().user.displayName).toBe("Renamed Officer");
  });

  it("ends the session of a user who is disabled, and lets them in again once enabled", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const officer = await node.createUser("case-officer");
    const officerClient = await node.login(officer.username, officer.password);
    expect((await client.patch(`/api/v1/users/${officer.id}`, { disabled: true })).json().user.disabled).toBe(
      true,
    );
    expect((await officerClient.get("/api/v1/session")).statusCode).toBe(401);
    await expect(node.login(officer.username, officer.password)).rejects.toThrow(/refused/);
    await client.patch(`/api/v1/users/${officer.id}`, { disabled: false });
    expect((await node.login(officer.username, officer.password)).login.user.id).toBe(officer.id);
  });

  it("resets a password: old one dead, sessions ended, second factor removed", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const supervisor = await node.createUser("supervisor");
    const supervisorClient = await node.login(
      supervisor.username,
      supervisor.password,
      supervisor.totpSecret,
    );
    const reset = await client.post(`/api/v1/users/${supervisor.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const { oneTimePassword } = reset.json();
    expect((await supervisorClient.get("/api/v1/session")).statusCode).toBe(401);
    await expect(
      node.login(supervisor.username, supervisor.password, supervisor.totpSecret),
    ).rejects.toThrow();
    const fresh = await node.login(supervisor.username, oneTimePassword);
    expect(fresh.login).toMatchObject({ mfaPassed: false, mfaEnrolmentRequired: true });
    expect(await userRow(supervisor.id)).toMatchObject({ totp_secret: null, totp_enabled: 0 });
  });

  it("keeps at least one enabled administrator", async () => {
    node = await startTestNode({ backend });
    const { admin, client } = await adminClient();
    const selfDisable = await client.patch(`/api/v1/users/${admin.id}`, { disabled: true });
    expect(selfDisable.statusCode).toBe(409);
    const demote = await client.patch(`/api/v1/users/${admin.id}`, { role: "auditor" });
    expect(demote.statusCode).toBe(409);
    expect(await userRow(admin.id)).toMatchObject({ role: "administrator", disabled: 0 });
  });

  it("answers 404 for an unknown user id", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await client.patch(`/api/v1/users/${missing}`, { role: "auditor" })).statusCode).toBe(404);
    expect((await client.post(`/api/v1/users/${missing}/reset-password`)).statusCode).toBe(404);
  });

  it("writes every change to the ledger, with no password, hash, secret or token in it", async () => {
    node = await startTestNode({ backend });
    const { client } = await adminClient();
    const created = (
      await client.post("/api/v1/users", {
        username: "ledgered",
        displayName: "L",
        role: "case-officer",
        unit: "u1",
      })
    ).json();
    const id = created.user.id;
    await client.patch(`/api/v1/users/${id}`, { role: "auditor" });
    await client.patch(`/api/v1/users/${id}`, { disabled: true });
    const { oneTimePassword } = (await client.post(`/api/v1/users/${id}/reset-password`)).json();
    const rows = await node.context.db.selectFrom("ledger_entries").select("entry").orderBy("idx").execute();
    const entries = rows.map((r) => JSON.parse(r.entry));
    const mine = entries.filter((e) => e.subject === `user:${id}`);
    expect(mine.map((e) => e.type)).toEqual([
      "user.created",
      "user.updated",
      "user.disabled",
      "user.password-reset",
    ]);
    expect(mine[1].data).toEqual({ changed: { role: { from: "case-officer", to: "auditor" } } });
    const hash = (await userRow(id)).password_hash;
    const all = rows.map((r) => r.entry).join("\n");
    for (const secret of [
      created.oneTimePassword,
      oneTimePassword,
      hash,
      client.cookie ?? "",
      client.csrfToken,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describeEachBackend("users API, every other role", (backend) => {
  let node: TestNode;
  afterEach(() => node.close());

  for (const role of ROLES.filter((r) => r !== "administrator")) {
    it(`refuses a ${role} every user route with 403, and changes nothing`, async () => {
      node = await startTestNode({ backend });
      const target = await node.createUser("case-officer");
      const caller = await node.createUser(role);
      const client = await node.login(caller.username, caller.password, caller.totpSecret);
      const snapshot = async () => ({
        users: await node.context.db.selectFrom("users").selectAll().orderBy("id").execute(),
        ledger: await node.context.db.selectFrom("ledger_entries").select("idx").execute(),
      });
      const before = await snapshot();
      const calls = [
        client.get("/api/v1/users"),
        client.post("/api/v1/users", {
          username: "intruder",
          displayName: "I",
          role: "administrator",
          unit: "x",
        }),
        client.patch(`/api/v1/users/${target.id}`, { role: "administrator" }),
        client.patch(`/api/v1/users/${caller.id}`, { role: "administrator" }),
        client.post(`/api/v1/users/${target.id}/reset-password`),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: "FORBIDDEN" });
      }
      expect(await snapshot()).toEqual(before);
    });
  }
});
