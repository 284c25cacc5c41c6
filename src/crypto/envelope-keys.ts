/**
 * Checks on the keys and settings the node itself passes to seal and open. A wrong one is a
 * configuration fault (ENVELOPE_MISCONFIGURED), not a bad message: caught here, it cannot surface
 * later as a jose or WebCrypto exception that looks like an attack, or vice versa.
 */
import { KeyObject } from "node:crypto";
import { StateCodeSchema } from "../treaty/request-document.js";
import { KEY_ID_PATTERN } from "./envelope-headers.js";
import { EnvelopeError } from "./errors.js";

const misconfigured = (message: string) => new EnvelopeError("ENVELOPE_MISCONFIGURED", message);

export function requireKey(
  key: unknown,
  algorithm: "ed25519" | "x25519",
  type: "public" | "private",
  name: string,
): asserts key is KeyObject {
  if (!(key instanceof KeyObject) || key.type !== type || key.asymmetricKeyType !== algorithm) {
    throw misconfigured(`${name} must be an ${algorithm} ${type} KeyObject`);
  }
}

export function requireKeyId(keyId: unknown, name: string): asserts keyId is string {
  if (typeof keyId !== "string" || !KEY_ID_PATTERN.test(keyId)) {
    throw misconfigured(`${name} must match ${KEY_ID_PATTERN.source}, such as keyId() of node-keys.ts`);
  }
}

export function requireState(state: unknown, name: string): asserts state is string {
  if (!StateCodeSchema.safeParse(state).success)
    throw misconfigured(`${name} must be a two-letter State code`);
}

export function requireLimit(limit: unknown, name: string): asserts limit is number {
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit < 0) {
    throw misconfigured(`${name} must be a finite, non-negative number`);
  }
}

export function requireTime(now: unknown): asserts now is Date {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw misconfigured("now must be a valid Date");
}
