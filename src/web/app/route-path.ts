/**
 * Reading a hash address (`#/requests/42?x`) as path segments. Plain TypeScript, no DOM, so the
 * tests check it in Node. A segment that is not valid percent-encoding (a link cut in the middle
 * of `%E2%80`, a mistyped `%`) makes the whole address unknown rather than crashing the app.
 */

/** The decoded segments of `hash`, or undefined when one of them cannot be decoded. */
export function segmentsOf(hash: string): string[] | undefined {
  const raw = (hash.replace(/^#\/?/, "").split("?")[0] ?? "").split("/").filter((part) => part !== "");
  const decoded: string[] = [];
  for (const part of raw) {
    try {
      decoded.push(decodeURIComponent(part));
    } catch (error) {
      if (error instanceof URIError) return undefined;
      throw error;
    }
  }
  return decoded;
}
