/**
 * Property tests: whatever arrives, openMessage either returns a message that was really sealed
 * for this node or throws an EnvelopeError; never a TypeError, a SyntaxError or a jose exception,
 * and never a message from bytes someone altered.
 */
import fc from "fast-check";
import { compactDecrypt } from "jose";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { EnvelopeError, openMessage, sealMessage } from "./envelope.js";
import {
  ed25519Signer,
  encryptTo,
  handJws,
  jwsHeaderFor,
  makeMessage,
  makeNode,
  openOptions,
  sealOptions,
} from "./envelope-test-kit.js";

const XA = makeNode("XA");
const XB = makeNode("XB");
const receive = (sealed: unknown) => openMessage(sealed, openOptions(XB, [XA]));

/** The outcome of opening: the error's class name and code, or "accepted". */
async function outcome(sealed: unknown): Promise<string> {
  try {
    await receive(sealed);
    return "accepted";
  } catch (error) {
    return error instanceof EnvelopeError
      ? "EnvelopeError"
      : `${(error as Error)?.constructor?.name}: ${error}`;
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64URL_CHARS = [...ALPHABET.split(""), "."];

/**
 * One edit to a string: replace, insert or delete a character, cut the string short, or respell a
 * segment's last character with other unused bits (same bytes, other string), an edit random
 * replacement would almost never find.
 */
const edit = fc.oneof(
  fc.record({ op: fc.constant("respell" as const), at: fc.nat(), char: fc.constantFrom("1", "2") }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), char: fc.constantFrom(...BASE64URL_CHARS) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    char: fc.constantFrom(...BASE64URL_CHARS, "=", " "),
  }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), char: fc.constant("") }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat(), char: fc.constant("") }),
);
type Edit = { op: "respell" | "replace" | "insert" | "delete" | "truncate"; at: number; char: string };

function respell(text: string, at: number, bit: number): string {
  const segments = text.split(".");
  const i = at % segments.length;
  const segment = segments[i] ?? "";
  const value = ALPHABET.indexOf(segment.slice(-1));
  if (value < 0) return text;
  segments[i] = segment.slice(0, -1) + ALPHABET[value ^ bit];
  return segments.join(".");
}

function apply(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const { op, at, char } of edits) {
    const i = at % (result.length + 1);
    if (op === "respell") result = respell(result, at, Number(char));
    if (op === "replace") result = result.slice(0, i) + char + result.slice(i + 1);
    if (op === "insert") result = result.slice(0, i) + char + result.slice(i);
    if (op === "delete") result = result.slice(0, i) + result.slice(i + 1);
    if (op === "truncate") result = result.slice(0, i);
  }
  return result;
}

describe("openMessage on hostile input", () => {
  it("refuses arbitrary strings and values with an EnvelopeError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), async (input) => {
        expect(await outcome(input)).toBe("EnvelopeError");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses random bytes, raw and as five base64url segments, with an EnvelopeError", async () => {
    const segments = fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 5, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), segments, async (bytes, parts) => {
        expect(await outcome(Buffer.from(bytes).toString("latin1"))).toBe("EnvelopeError");
        const compact = parts.map((p) => Buffer.from(p).toString("base64url")).join(".");
        expect(await outcome(compact)).toBe("EnvelopeError");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses every alteration of a sealed message, and still opens the original", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    expect(await outcome(sealed)).toBe("accepted");
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const altered = apply(sealed, edits);
        fc.pre(altered !== sealed);
        expect(await outcome(altered)).toBe("EnvelopeError");
      }),
      { numRuns: 400 },
    );
  });

  it("refuses every alteration of the inner JWS, even re-encrypted correctly to the receiver", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const jws = new TextDecoder().decode((await compactDecrypt(sealed, XB.encryption.privateKey)).plaintext);
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const altered = apply(jws, edits);
        fc.pre(altered !== jws);
        expect(await outcome(await encryptTo(altered, XB))).toBe("EnvelopeError");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses any JSON a known peer signs that is not a valid message, with an EnvelopeError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const payload = canonicalJson(value);
        const inner = handJws(jwsHeaderFor(XA), payload, ed25519Signer(XA));
        expect(await outcome(await encryptTo(inner, XB))).toBe("EnvelopeError");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses valid messages with one field replaced by arbitrary JSON, unless the result is still valid", async () => {
    const fields = ["id", "kind", "from", "to", "created", "inReplyTo", "body"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), async (field, value) => {
        const message: Record<string, unknown> = { ...makeMessage(XA, XB), [field]: value };
        const inner = handJws(jwsHeaderFor(XA), canonicalJson(message), ed25519Signer(XA));
        const result = await outcome(await encryptTo(inner, XB));
        expect(["EnvelopeError", "accepted"]).toContain(result);
      }),
      { numRuns: 300 },
    );
  });
});
