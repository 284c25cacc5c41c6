/** Random tokens, their digests, and constant-time comparison: the primitives sessions and CSRF rest on. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url: 256 bits, safe in a cookie and a header without escaping. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Hex SHA-256: what the sessions table keys on, so a copy of the database opens no session. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/**
 * Compares digests rather than the strings, so neither the content nor the length of the
 * expected value leaks through timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}
