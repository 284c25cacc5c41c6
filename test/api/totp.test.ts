/**
 * The second factor: required for the roles the configuration names (supervisor and
 * administrator by default), enrolled through the API, checked at sign-in, and never reusable.
 */
import { afterEach, describe, expect, it } from "vitest";
import { totpCode } from "../../src/server/auth/totp.js";
import { fakeClock } from "../../src/server/clock.js";
import {
  sessionCookieOf,
  startTestNode,
  TEST_START,
  type TestNode,
  wrongTotpCode,
} from "../support/test-node.js";

const STEP = 30_000;

describe("second factor", () => {
  let node: TestNode;
  afterEach(() => node.close());

  const signIn = (username: string, password: string, totp?: string) =>
    node.app.inject({ method: "POST", url: "/api/v1/session", payload: { username, password, totp } });

  for (const role of ["supervisor", "administrator"] as const) {
    it(`holds a ${role} without a second factor to enrolment, then lets them through`, async () => {
      const clock = fakeClock(TEST_START);
      node = await startTestNode({ clock });
      const user = await node.createUser(role, undefined, { totp: false });
      const client = await node.login(user.username, user.password);
      expect(client.login).toMatchObject({ mfaPassed: false, mfaEnrolmentRequired: true });
      const held = await client.get("/api/v1/users");
      expect(held.statusCode).toBe(401);
      expect(held.json()).toMatchObject({ code: "MFA_REQUIRED" });
      expect(
        (
          await client.post("/api/v1/session/password", {
            current: user.password,
            next: "another-long-password",
          })
        ).json(),
      ).toMatchObject({
        code: "MFA_REQUIRED",
      });
      expect((await client.get("/api/v1/session")).statusCode).toBe(200);

      const enrolment = await client.post("/api/v1/session/totp");
      expect(enrolment.statusCode).toBe(200);
      const { secret, otpauthUri } = enrolment.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(otpauthUri);
      expect(uri.protocol).toBe("otpauth:");
      expect(uri.searchParams.get("issuer")).toBe("Rogatory XA");
      expect(uri.searchParams.get("algorithm")).toBe("SHA1");
      expect(uri.searchParams.get("digits")).toBe("6");
      expect(uri.searchParams.get("period")).toBe("30");
      expect(uri.searchParams.get("secret")).toBe(secret);

      const wrong = await client.post("/api/v1/session/totp/confirm", {
        code: wrongTotpCode(secret, clock.now()),
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: "MFA_REQUIRED" });
      expect((await client.get("/api/v1/users")).statusCode).toBe(401);
      const stored = await node.context.db
        .selectFrom("users")
        .selectAll()
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      expect(stored.totp_enabled).toBe(0);

      const before = client.cookie;
      const csrfBefore = client.csrfToken;
      const confirmed = await client.post("/api/v1/session/totp/confirm", {
        code: totpCode(secret, clock.now()),
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ mfaPassed: true, mfaEnrolmentRequired: false });
      // Rotated: a new token and CSRF token; the pre-factor token is worth nothing now.
      expect(client.cookie).not.toBe(before);
      expect(client.csrfToken).not.toBe(csrfBefore);
      const old = await node.app.inject({
        method: "GET",
        url: "/api/v1/session",
        headers: { cookie: `rogatory_session=${before}` },
      });
      expect(old.statusCode).toBe(401);
      const allowed = await client.get("/api/v1/users");
      expect(allowed.statusCode).toBe(role === "administrator" ? 200 : 403);

      // From now on sign-in needs the code: without it, the usual answer; with it, a passed session.
      clock.advance(STEP);
      expect((await signIn(user.username, user.password)).statusCode).toBe(401);
      const withCode = await signIn(user.username, user.password, totpCode(secret, clock.now()));
      expect(withCode.statusCode).toBe(200);
      expect(withCode.json()).toMatchObject({ mfaPassed: true });
    });
  }

  it("records the enabled factor in the ledger, without its secret", async () => {
    node = await startTestNode();
    const user = await node.createUser("supervisor", undefined, { totp: false });
    const client = await node.login(user.username, user.password);
    const { secret } = (await client.post("/api/v1/session/totp")).json();
    await client.post("/api/v1/session/totp/confirm", { code: totpCode(secret, node.context.clock.now()) });
    const entries = await node.context.db.selectFrom("ledger_entries").select("entry").execute();
    const types = entries.map((e) => JSON.parse(e.entry).type);
    expect(types).toContain("user.totp-enabled");
    for (const { entry } of entries) expect(entry).not.toContain(secret);
  });

  it("refuses a code used once already, and accepts the next one", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock });
    const user = await node.createUser("supervisor");
    const secret = user.totpSecret ?? "";
    const code = totpCode(secret, clock.now());
    expect((await signIn(user.username, user.password, code)).statusCode).toBe(200);
    expect((await signIn(user.username, user.password, code)).statusCode).toBe(401);
    // A code of the previous step is still inside the window but older than the one used: refused too.
    clock.advance(STEP);
    expect((await signIn(user.username, user.password, code)).statusCode).toBe(401);
    expect((await signIn(user.username, user.password, totpCode(secret, clock.now()))).statusCode).toBe(200);
  });

  it("accepts a code one step old (clock drift), refuses one two steps old", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock });
    const user = await node.createUser("administrator");
    const secret = user.totpSecret ?? "";
    const old = totpCode(secret, clock.now());
    clock.advance(2 * STEP);
    expect((await signIn(user.username, user.password, old)).statusCode).toBe(401);
    const drifted = totpCode(secret, new Date(clock.now().getTime() - STEP));
    expect((await signIn(user.username, user.password, drifted)).statusCode).toBe(200);
  });

  it("does not let a session replace a factor already enabled", async () => {
    node = await startTestNode();
    const user = await node.createUser("supervisor");
    const client = await node.login(user.username, user.password, user.totpSecret);
    const response = await client.post("/api/v1/session/totp");
    expect(response.statusCode).toBe(409);
    const stored = await node.context.db
      .selectFrom("users")
      .select("totp_secret")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).toBe(user.totpSecret);
  });

  it("lets a role that needs no second factor work without one, and demands it once enrolled", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock });
    const officer = await node.createUser("case-officer");
    const client = await node.login(officer.username, officer.password);
    expect(client.login).toMatchObject({ mfaPassed: false, mfaEnrolmentRequired: false });
    // Not held at the second factor: the users route answers with the role's refusal instead.
    expect((await client.get("/api/v1/users")).json()).toMatchObject({ code: "FORBIDDEN" });
    const { secret } = (await client.post("/api/v1/session/totp")).json();
    expect(
      (await client.post("/api/v1/session/totp/confirm", { code: totpCode(secret, clock.now()) })).statusCode,
    ).toBe(200);
    clock.advance(STEP);
    const withoutCode = await signIn(officer.username, officer.password);
    expect(withoutCode.statusCode).toBe(401);
    expect(sessionCookieOf(withoutCode)).toBeUndefined();
    expect((await signIn(officer.username, officer.password, totpCode(secret, clock.now()))).statusCode).toBe(
      200,
    );
  });

  it("follows the configured list of roles", async () => {
    node = await startTestNode({ config: { totpRequiredFor: ["auditor"] } });
    const admin = await node.createUser("administrator", undefined, { totp: false });
    const auditor = await node.createUser("auditor", undefined, { totp: false });
    const adminClient = await node.login(admin.username, admin.password);
    expect((await adminClient.get("/api/v1/users")).statusCode).toBe(200);
    const auditorClient = await node.login(auditor.username, auditor.password);
    expect(auditorClient.login.mfaEnrolmentRequired).toBe(true);
    expect((await auditorClient.get("/api/v1/users")).json()).toMatchObject({ code: "MFA_REQUIRED" });
  });
});
