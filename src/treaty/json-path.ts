/** Reads `$.a.b` paths from a parsed document; the pack names fields this way. */

export function valueAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const key of path.split(".").slice(1)) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Present means something an officer actually wrote: not absent, not blank, not an empty list. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Converts a zod issue path (["offences", 0, "provision"]) to `$.offences[0].provision`. */
export function toJsonPath(segments: readonly PropertyKey[]): string {
  let out = "$";
  for (const segment of segments) out += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  return out;
}
