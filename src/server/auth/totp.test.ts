import { describe, expect, it } from "vitest";
import { consumeTotp, matchTotp, newTotpSecret, otpauthUri, TotpReplayGuard, totpCode } from "./totp.js";

/** RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") in base32, and its published vectors. */
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const STEP = 30_000;

describe("TOTP", () => {
  it("computes RFC 6238's SHA-1 test vectors (last six digits)", () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe("005924");
  });

  it("matches a code within one step either way and names its step", () => {
    const at = new Date(1_234_567_890_000);
    const step = Math.floor(at.getTime() / STEP);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, at), at)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - STEP)), at)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + STEP)), at)).toBe(step + 1);
    expect(
      matchTotp(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 2 * STEP)), at),
    ).toBeUndefined();
  });

  it("refuses anything but six digits before computing", () => {
    const at = new Date(59_000);
    for (const code of ["", "28708", "2870820", " 287082", "28708a", "２８７０８２"]) {
      expect(matchTotp(RFC_SECRET, code, at)).toBeUndefined();
    }
  });

  it("makes 160-bit base32 secrets, different each time", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it("builds the otpauth URI authenticator apps read", () => {
    const uri = new URL(otpauthUri({ state: "XA", username: "alice", secret: RFC_SECRET }));
    expect(uri.href.startsWith("otpauth://totp/")).toBe(true);
    expect(decodeURIComponent(uri.pathname)).toContain("alice");
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      issuer: "Rogatory XA",
      secret: RFC_SECRET,
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});

describe("replay guard", () => {
  it("accepts a later step, refuses the same or an earlier one, per user", () => {
    const guard = new TotpReplayGuard();
    expect(guard.accept("u1", 100)).toBe(true);
    expect(guard.accept("u1", 100)).toBe(false);
    expect(guard.accept("u1", 99)).toBe(false);
    expect(guard.accept("u2", 100)).toBe(true);
    expect(guard.accept("u1", 101)).toBe(true);
    guard.forget("u1");
    expect(guard.accept("u1", 100)).toBe(true);
  });

  it("consumes a code once per database handle", () => {
    const at = new Date(59_000);
    const code = totpCode(RFC_SECRET, at);
    const db = {};
    expect(consumeTotp({ db, userId: "u", secret: RFC_SECRET, code, at })).toBe(true);
    expect(consumeTotp({ db, userId: "u", secret: RFC_SECRET, code, at })).toBe(false);
    expect(consumeTotp({ db: {}, userId: "u", secret: RFC_SECRET, code, at })).toBe(true);
    expect(
      consumeTotp({ db, userId: "u", secret: RFC_SECRET, code: "000000", at: new Date(1_000_000_000_000) }),
    ).toBe(false);
  });
});
