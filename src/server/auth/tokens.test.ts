import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, randomToken, sha256Hex } from "./tokens.js";

describe("tokens", () => {
  it("are 32 random bytes in base64url", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });

  it("are stored as their hex SHA-256", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abc")).toBe(createHash("sha256").update("abc").digest("hex"));
  });

  it("compare equal only when equal, whatever the lengths", () => {
    expect(constantTimeEqual("same-token", "same-token")).toBe(true);
    expect(constantTimeEqual("same-token", "same-tokeN")).toBe(false);
    expect(constantTimeEqual("same-token", "same-token-longer")).toBe(false);
    expect(constantTimeEqual("", "x")).toBe(false);
  });
});
