/** Account lockout: after N consecutive failures even the right password is refused, until the lock ends. */
import { afterEach, describe, expect, it } from "vitest";
import { fakeClock } from "../../src/server/clock.js";
import { startTestNode, TEST_START, type TestNode } from "../support/test-node.js";

const MINUTE = 60_000;

describe("lockout", () => {
  let node: TestNode;
  afterEach(() => node.close());

  const signIn = (username: string, password: string) =>
    node.app.inject({ method: "POST", url: "/api/v1/session", payload: { username, password } });

  it("locks after lockoutThreshold failures for lockoutMinutes, then lets the right password in", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock, config: { lockoutThreshold: 3, lockoutMinutes: 15 } });
    const officer = await node.createUser("case-officer");
    for (let i = 0; i < 3; i++)
      expect((await signIn(officer.username, "wrong-password-1")).statusCode).toBe(401);
    const refused = await signIn(officer.username, officer.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({
      code: "UNAUTHENTICATED",
      detail: "invalid username, password or code",
    });
    const row = await node.context.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", officer.id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).toBe(new Date(Date.parse(TEST_START) + 15 * MINUTE).toISOString());

    clock.advance(15 * MINUTE - 1);
    expect((await signIn(officer.username, officer.password)).statusCode).toBe(401);
    clock.advance(1);
    expect((await signIn(officer.username, officer.password)).statusCode).toBe(200);
    const after = await node.context.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", officer.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it("counts only consecutive failures: a success starts the count again", async () => {
    node = await startTestNode({ config: { lockoutThreshold: 3 } });
    const officer = await node.createUser("case-officer");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++)
        expect((await signIn(officer.username, "wrong-password-1")).statusCode).toBe(401);
      expect((await signIn(officer.username, officer.password)).statusCode).toBe(200);
    }
  });

  it("shows the lock to the administrator, and a password reset lifts it", async () => {
    node = await startTestNode({ config: { lockoutThreshold: 2 } });
    const officer = await node.createUser("case-officer");
    const admin = await node.createUser("administrator");
    for (let i = 0; i < 2; i++) await signIn(officer.username, "wrong-password-1");
    const client = await node.login(admin.username, admin.password, admin.totpSecret);
    const listed = (await client.get("/api/v1/users"))
      .json()
      .users.find((u: { id: string }) => u.id === officer.id);
    expect(listed.lockedUntil).toEqual(expect.any(String));
    const reset = await client.post(`/api/v1/users/${officer.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await signIn(officer.username, reset.json().oneTimePassword)).statusCode).toBe(200);
  });
});
