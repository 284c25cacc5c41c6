/**
 * With the logger on, a day's worth of authentication traffic must leave no password, session
 * token, CSRF token, TOTP secret or one-time password in the log. Fastify's logger writes to
 * process.stdout (AppOptions has no stream option), so the test captures that.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { totpCode } from "../../src/server/auth/totp.js";
import { fakeClock } from "../../src/server/clock.js";
import { startTestNode, TEST_START, type TestNode } from "../support/test-node.js";

describe("logs", () => {
  let node: TestNode | undefined;
  let captured: string[];
  const original = process.stdout.write;

  beforeEach(() => {
    captured = [];
    // An own `write` makes pino log through process.stdout rather than straight to file descriptor 1.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
  });
  afterEach(async () => {
    process.stdout.write = original;
    await node?.close();
  });

  it("never contain a password, token, code or secret", async () => {
    const clock = fakeClock(TEST_START);
    node = await startTestNode({ clock, logger: true, config: { lockoutThreshold: 2 } });
    const admin = await node.createUser("administrator");
    const officer = await node.createUser("case-officer", undefined, { totp: false });
    const adminClient = await node.login(admin.username, admin.password, admin.totpSecret);
    const created = await adminClient.post("/api/v1/users", {
      username: "newbie",
      displayName: "N",
      role: "auditor",
      unit: "a",
    });
    const reset = await adminClient.post(`/api/v1/users/${officer.id}/reset-password`);
    const officerPassword = reset.json().oneTimePassword as string;
    const client = await node.login(officer.username, officerPassword);
    const { secret } = (await client.post("/api/v1/session/totp")).json();
    const code = totpCode(secret, clock.now());
    await client.post("/api/v1/session/totp/confirm", { code });
    await client.post("/api/v1/session/password", {
      current: officerPassword,
      next: "a-brand-new-passphrase",
    });
    // Failures too, up to a lockout, which is the one event logged on purpose.
    const wrong = "wrong-password-typed";
    for (let i = 0; i < 2; i++) {
      await node.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { username: officer.username, password: wrong },
      });
    }
    await client.delete("/api/v1/session");

    const log = captured.join("");
    // The capture worked: requests were logged, and the lockout warning is there.
    expect(log).toContain('"url":"/api/v1/session"');
    expect(log).toContain("account locked");
    const secrets = [
      admin.password,
      admin.totpSecret ?? "",
      officerPassword,
      "a-brand-new-passphrase",
      wrong,
      secret,
      // Quoted as a JSON value would be: six bare digits could turn up inside any timestamp.
      `"${code}"`,
      created.json().oneTimePassword,
      adminClient.cookie ?? "",
      adminClient.csrfToken,
      client.csrfToken,
    ];
    for (const value of secrets) {
      expect(value.length).toBeGreaterThan(5);
      expect(log).not.toContain(value);
    }
  });
});
