import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../config.js";
import { type SessionRow, sessionDeath, type UserRow } from "./sessions.js";

const parsed = parseNodeConfig({
  state: "XA",
  security: { sessionIdleMinutes: 30, sessionAbsoluteHours: 2 },
});
if (!parsed.ok) throw new Error("config");
const config = parsed.config;

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const session: SessionRow = {
  id_hash: "h",
  user_id: "u",
  auth_version: 3,
  csrf_token: "c",
  mfa_passed: 1,
  created_at: at(0).toISOString(),
  last_seen_at: at(0).toISOString(),
  expires_at: at(120).toISOString(),
};
const user = { id: "u", disabled: 0, auth_version: 3 } as UserRow;

describe("sessionDeath", () => {
  it("lets a fresh session live", () => {
    expect(sessionDeath(session, user, at(1), config)).toBeUndefined();
  });

  it("ends it at exactly sessionIdleMinutes after it was last seen", () => {
    const seen = { ...session, last_seen_at: at(80).toISOString() };
    expect(sessionDeath(seen, user, at(109.99), config)).toBeUndefined();
    expect(sessionDeath(seen, user, at(110), config)).toBe("idle");
    expect(sessionDeath(session, user, at(30), config)).toBe("idle");
  });

  it("ends it at exactly sessionAbsoluteHours after sign-in, however recently seen", () => {
    const seen = { ...session, last_seen_at: at(119).toISOString() };
    expect(sessionDeath(seen, user, at(119.99), config)).toBeUndefined();
    expect(sessionDeath(seen, user, at(120), config)).toBe("expired");
  });

  it("honours the shorter of expires_at and the configured lifetime", () => {
    const early = { ...session, last_seen_at: at(50).toISOString(), expires_at: at(60).toISOString() };
    expect(sessionDeath(early, user, at(60), config)).toBe("expired");
  });

  it("refuses timestamps that do not parse", () => {
    expect(sessionDeath({ ...session, created_at: "garbage" }, user, at(1), config)).toBe("expired");
    expect(sessionDeath({ ...session, last_seen_at: "garbage" }, user, at(1), config)).toBe("idle");
  });

  it("ends it when the user is disabled or their auth_version moved on", () => {
    expect(sessionDeath(session, { ...user, disabled: 1 }, at(1), config)).toBe("disabled");
    expect(sessionDeath(session, { ...user, auth_version: 4 }, at(1), config)).toBe("superseded");
  });
});
