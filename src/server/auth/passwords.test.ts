import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { AuthError } from "./errors.js";
import {
  assertPasswordPolicy,
  GENERATED_PASSWORD_LENGTH,
  generatePassword,
  hashPassword,
  PASSWORD_ALPHABET,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from "./passwords.js";

describe("password hashing", () => {
  it("uses argon2id with at least OWASP's parameters (19 MiB, t=2, p=1) and a fresh salt", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    const options = parseOptions(hash);
    expect(options.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(options.timeCost).toBe(2);
    expect(options.parallelism).toBe(1);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });

  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
  });

  it("answers false, not an exception, for a hash that does not parse", async () => {
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
  });

  it("fails every password against the dummy hash", async () => {
    expect(await verifyAgainstDummy("anything at all")).toBe(false);
    expect(await verifyAgainstDummy("")).toBe(false);
  });
});

describe("password policy", () => {
  it("wants at least 12 characters", () => {
    expect(passwordProblem("a".repeat(11), "alice")).toMatch(/12/);
    expect(passwordProblem("a".repeat(12), "alice")).toBeUndefined();
  });

  it("counts characters, not UTF-16 units", () => {
    expect(passwordProblem("🔑".repeat(11), "alice")).toMatch(/12/);
  });

  it("refuses the username as password, whatever its case", () => {
    expect(passwordProblem("Alice.Martin1", "alice.martin1")).toMatch(/username/);
  });

  it("refuses absurd lengths", () => {
    expect(passwordProblem("a".repeat(257), "alice")).toMatch(/at most/);
  });

  it("throws BAD_REQUEST from the assertion", () => {
    expect(() => assertPasswordPolicy("short", "alice")).toThrow(AuthError);
    try {
      assertPasswordPolicy("short", "alice");
    } catch (error) {
      expect((error as AuthError).code).toBe("BAD_REQUEST");
    }
  });
});

describe("generated passwords", () => {
  it("are 20 characters of the unambiguous alphabet, differ each time, and pass the policy", () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const password of passwords) {
      expect(password).toHaveLength(GENERATED_PASSWORD_LENGTH);
      expect([...password].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
      expect(passwordProblem(password, "alice")).toBeUndefined();
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it("leave out characters people confuse", () => {
    for (const ambiguous of ["0", "O", "o", "1", "l", "I"])
      expect(PASSWORD_ALPHABET).not.toContain(ambiguous);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(PASSWORD_ALPHABET.length);
  });
});
