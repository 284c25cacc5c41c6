/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte-exact serialisation per JSON value, so
 * that hashes and signatures over JSON agree across implementations. Object keys are sorted by
 * UTF-16 code units, there is no whitespace, numbers use the ECMAScript shortest round-trip form
 * and strings use ECMAScript's JSON escaping (both of which RFC 8785 adopts on purpose).
 *
 * Anything JSON cannot represent exactly is refused rather than silently changed the way
 * `JSON.stringify` does (dropping functions, turning NaN into null, Maps into {}): a hash over a
 * value must never cover less than the caller thinks.
 */

export type CanonicalJsonErrorCode =
  /** A value JSON has no form for: function, symbol, bigint, undefined outside an object, Map, Date, … */
  | "CANONICAL_JSON_UNSUPPORTED"
  /** NaN or ±Infinity. */
  | "CANONICAL_JSON_NON_FINITE"
  /** A string or key with a lone UTF-16 surrogate, which RFC 8785 (via I-JSON) forbids. */
  | "CANONICAL_JSON_BAD_STRING"
  /** The value contains itself. */
  | "CANONICAL_JSON_CYCLE";

export class CanonicalJsonError extends Error {
  readonly code: CanonicalJsonErrorCode;

  constructor(code: CanonicalJsonErrorCode, message: string) {
    super(message);
    this.name = "CanonicalJsonError";
    this.code = code;
  }
}

// In a `u` regex a proper surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** The RFC 8785 serialisation of `value`. Throws CanonicalJsonError for values JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  return serialise(value, "$", new Set());
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return serialiseNumber(value, path);
  if (typeof value === "string") return serialiseString(value, path);
  if (typeof value !== "object") {
    throw new CanonicalJsonError("CANONICAL_JSON_UNSUPPORTED", `${path}: a ${typeof value} has no JSON form`);
  }
  if (ancestors.has(value))
    throw new CanonicalJsonError("CANONICAL_JSON_CYCLE", `${path}: the value contains itself`);
  ancestors.add(value);
  try {
    return Array.isArray(value)
      ? serialiseArray(value, path, ancestors)
      : serialiseObject(value, path, ancestors);
  } finally {
    // Only ancestors count: the same object may legitimately appear twice side by side.
    ancestors.delete(value);
  }
}

function serialiseNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalJsonError("CANONICAL_JSON_NON_FINITE", `${path}: ${value} is not a finite number`);
  }
  // ECMAScript Number-to-string is what RFC 8785 §3.2.2.3 specifies; JSON.stringify also maps -0 to 0.
  return JSON.stringify(value);
}

function serialiseString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new CanonicalJsonError("CANONICAL_JSON_BAD_STRING", `${path}: the string has a lone surrogate`);
  }
  return JSON.stringify(value);
}

function serialiseArray(value: readonly unknown[], path: string, ancestors: Set<object>): string {
  const parts: string[] = [];
  // An index loop, not map(): map skips holes, which must be refused like undefined.
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (item === undefined) {
      throw new CanonicalJsonError("CANONICAL_JSON_UNSUPPORTED", `${path}[${i}]: undefined in an array`);
    }
    parts.push(serialise(item, `${path}[${i}]`, ancestors));
  }
  return `[${parts.join(",")}]`;
}

function serialiseObject(value: object, path: string, ancestors: Set<object>): string {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw new CanonicalJsonError("CANONICAL_JSON_UNSUPPORTED", `${path}: a ${kind} is not a plain object`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalJsonError("CANONICAL_JSON_UNSUPPORTED", `${path}: symbol keys have no JSON form`);
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    const itemPath = `${path}.${key}`;
    parts.push(`${serialiseString(key, itemPath)}:${serialise(item, itemPath, ancestors)}`);
  }
  return `{${parts.join(",")}}`;
}
