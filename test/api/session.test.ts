/**
 * Sign-in, sign-out and session life: one answer for every failed sign-in, the cookie's
 * attributes, rotation at sign-in, idle and absolute timeouts on a fake clock, the login rate limit.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/server/auth/tokens.js";
import { totpCode } from "../../src/server/auth/totp.js";
import { fakeClock } from "../../src/server/clock.js";
import {
  sessionCookieOf,
  startTestNode,
  TEST_START,
  type TestNode,
  wrongTotpCode,
} from "../support/test-node.js";

const MINUTE = 60_000;

/** The body with its per-request correlation id taken out: all that is left must not vary. */
const stable = (response: LightMyRequestResponse) => ({ ...response.json(), correlationId: undefined });

const signIn = (node: TestNode, body: object, cookie?: string) =>
  node.app.inject({
    method: "POST",
    url: "/api/v1/session",
    payload: body,
    ...(cookie === undefined ? {} : { headers: { cookie: `rogatory_session=${cookie}` } }),
  });

const getSession = (node: TestNode, cookie: string | undefined) =>
  node.app.inject({
    method: "GET",
    url: "/api/v1/session",
    headers: { cookie: `rogatory_session=${cookie}` },
  });

describe("sign-in", () => {
  let node: TestNode;
  afterEach(() => node.close());

  it("answers the user and a CSRF token, and sets an HttpOnly, SameSite=Strict, Secure cookie", async () => {
    node = await startTestNode();
    const officer = await node.createUser("case-officer", "cyber-unit");
    const response = await signIn(node, { username: officer.username, password: officer.password });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: {
        id: officer.id,
        username: officer.username,
        displayName: expect.any(String),
        role: "case-officer",
        unit: "cyber-unit",
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      mfaPassed: false,
      mfaEnrolmentRequired: false,
    });
    const cookie = response.cookies.find((c) => c.name === "rogatory_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", secure: true, path: "/" });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers["cache-control"]).toBe("no-store");
    // Only the digest is stored: the database alone opens no session.
    const rows = await node.context.db.selectFrom("sessions").selectAll().execute();
    expect(rows.map((r) => r.id_hash)).toEqual([sha256Hex(cookie?.value ?? "")]);
    expect(JSON.stringify(rows)).not.toContain(cookie?.value);
  });

  it("omits Secure when the configuration turns secure cookies off", async () => {
    node = await startTestNode({ config: { secureCookies: false } });
    const officer = await node.createUser("case-officer");
    const response = await signIn(node, { username: officer.username, password: officer.password });
    expect(response.cookies.find((c) => c.name === "rogatory_session")?.secure).toBeUndefined();
  });

  it("gives one identical 401 for every way a sign-in can fail, and opens no session", async () => {
    node = await startTestNode();
    const officer = await node.createUser("case-officer");
    const supervisor = await node.createUser("supervisor");
    const disabled = await node.createUser("case-officer");
    const locked = await node.createUser("case-officer");
    await node.context.db.updateTable("users").set({ disabled: 1 }).where("id", "=", disabled.id).execute();
    const later = new Date(Date.parse(TEST_START) + 10 * MINUTE).toISOString();
    await node.context.db
      .updateTable("users")
      .set({ locked_until: later })
      .where("id", "=", locked.id)
      .execute();
    const secret = supervisor.totpSecret ?? "";
    const now = node.context.clock.now();
    const wrongCode = wrongTotpCode(secret, now);

    const failures = [
      { username: "nobody-here", password: "whatever-password-1" },
      { username: officer.username, password: `${officer.password}x` },
      { username: supervisor.username, password: supervisor.password },
      { username: supervisor.username, password: supervisor.password, totp: wrongCode },
      { username: supervisor.username, password: `${supervisor.password}x`, totp: totpCode(secret, now) },
      { username: disabled.username, password: disabled.password },
      { username: locked.username, password: locked.password },
    ];
    const responses = [];
    for (const body of failures) responses.push(await signIn(node, body));
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(sessionCookieOf(response)).toBeUndefined();
    }
    const first = stable(responses[0] as LightMyRequestResponse);
    expect(first).toMatchObject({ code: "UNAUTHENTICATED", detail: "invalid username, password or code" });
    for (const response of responses) expect(stable(response)).toEqual(first);
    expect(await node.context.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("finds the account whatever the case of the username typed", async () => {
    node = await startTestNode();
    const officer = await node.createUser("case-officer", undefined, { username: "alice.martin" });
    const response = await signIn(node, { username: "Alice.Martin", password: officer.password });
    expect(response.statusCode).toBe(200);
  });

  it("rotates the session: a cookie presented at sign-in is dead afterwards, even when the sign-in fails", async () => {
    node = await startTestNode();
    const officer = await node.createUser("case-officer");
    const first = sessionCookieOf(
      await signIn(node, { username: officer.username, password: officer.password }),
    );
    const second = sessionCookieOf(
      await signIn(node, { username: officer.username, password: officer.password }, first),
    );
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((await getSession(node, first)).statusCode).toBe(401);
    expect((await getSession(node, second)).statusCode).toBe(200);
    const failed = await signIn(node, { username: officer.username, password: "not-the-password" }, second);
    expect(failed.statusCode).toBe(401);
    expect((await getSession(node, second)).statusCode).toBe(401);
  });

  it("signs out: the cookie is cleared and the session is gone", async () => {
    node = await startTestNode();
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    const token = client.cookie;
    const response = await client.delete("/api/v1/session");
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === "rogatory_session")?.value).toBe("");
    expect((await getSession(node, token)).statusCode).toBe(401);
    expect(await node.context.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("refuses a protected route with no cookie, a malformed one or an unknown one, with the same body", async () => {
    node = await startTestNode();
    const none = await node.app.inject({ method: "GET", url: "/api/v1/session" });
    const malformed = await getSession(node, "not a token");
    const unknown = await getSession(node, "A".repeat(43));
    const unmatched = await node.app.inject({ method: "GET", url: "/api/v1/no-such-route" });
    for (const response of [none, malformed, unknown, unmatched]) expect(response.statusCode).toBe(401);
    expect(stable(malformed)).toEqual(stable(none));
    expect(stable(unknown)).toEqual(stable(none));
    expect(stable(none)).toMatchObject({ code: "UNAUTHENTICATED" });
    // A public route needs none.
    expect((await node.app.inject({ method: "GET", url: "/api/v1/health" })).statusCode).toBe(200);
  });

  it("rate-limits sign-in per address, right password or not", async () => {
    node = await startTestNode({ config: { loginRateLimitPerMinute: 3 } });
    const officer = await node.createUser("case-officer");
    for (let i = 0; i < 3; i++)
      expect(
        (await signIn(node, { username: officer.username, password: "wrong-password-x" })).statusCode,
      ).toBe(401);
    const limited = await signIn(node, { username: officer.username, password: officer.password });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "RATE_LIMITED" });
    expect(sessionCookieOf(limited)).toBeUndefined();
  });
});

describe("session timeouts", () => {
  let node: TestNode;
  afterEach(() => node.close());

  it("ends a session idle for sessionIdleMinutes, and deletes it; activity keeps it alive", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock, config: { sessionIdleMinutes: 30, sessionAbsoluteHours: 12 } });
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    clock.advance(29 * MINUTE);
    expect((await client.get("/api/v1/session")).statusCode).toBe(200);
    clock.advance(29 * MINUTE); // 58 minutes after sign-in, 29 after the last call
    expect((await client.get("/api/v1/session")).statusCode).toBe(200);
    clock.advance(30 * MINUTE);
    const idle = await client.get("/api/v1/session");
    expect(idle.statusCode).toBe(401);
    expect(idle.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await node.context.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
    // Moving the clock back does not revive it: the row is gone.
    clock.set(TEST_START);
    expect((await client.get("/api/v1/session")).statusCode).toBe(401);
  });

  it("ends a session sessionAbsoluteHours after sign-in, however active", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock, config: { sessionIdleMinutes: 30, sessionAbsoluteHours: 1 } });
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    for (let minutes = 20; minutes < 60; minutes += 20) {
      clock.advance(20 * MINUTE);
      expect((await client.get("/api/v1/session")).statusCode).toBe(200);
    }
    clock.advance(20 * MINUTE); // exactly one hour after sign-in
    expect((await client.get("/api/v1/session")).statusCode).toBe(401);
    expect(await node.context.db.selectFrom("sessions").selectAll().execute()).toEqual([]);
  });

  it("writes last_seen_at at most once a minute", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock });
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    const lastSeen = async () =>
      (await node.context.db.selectFrom("sessions").select("last_seen_at").executeTakeFirstOrThrow())
        .last_seen_at;
    clock.advance(59_000);
    await client.get("/api/v1/session");
    expect(await lastSeen()).toBe(TEST_START);
    clock.advance(2_000);
    await client.get("/api/v1/session");
    expect(await lastSeen()).toBe(new Date(Date.parse(TEST_START) + 61_000).toISOString());
  });
});
