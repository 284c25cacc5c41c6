/**
 * Reading JOSE compact serialisations that arrive from the network. Everything here parses
 * attacker-controlled input: any string at all may reach it, so it checks sizes before work,
 * accepts one spelling only, and reports every problem as ENVELOPE_MALFORMED, never as a
 * TypeError, RangeError or SyntaxError from the runtime.
 */
import { EnvelopeError } from "./errors.js";

/** Our headers are about 250 characters; anything far larger is not one of ours. */
export const MAX_HEADER_CHARS = 2048;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const malformed = (message: string, cause?: unknown) =>
  new EnvelopeError("ENVELOPE_MALFORMED", message, cause === undefined ? undefined : { cause });

/** A short, printable rendering of a hostile value for an error message (no log injection). */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(typeof value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Splits a compact JWE (5 segments) or JWS (3 segments) and checks that every segment is
 * canonical base64url; the header is decoded separately (decodeHeader).
 */
export function splitCompact(input: unknown, segments: 3 | 5, maxChars: number): string[] {
  const what = segments === 5 ? "JWE" : "JWS";
  if (typeof input !== "string") throw malformed(`a sealed message must be a string, not ${typeof input}`);
  if (input.length > maxChars) throw malformed(`the ${what} is longer than ${maxChars} characters`);
  const parts = input.split(".");
  if (parts.length !== segments) {
    throw malformed(`a compact ${what} has ${segments} dot-separated segments, this has ${parts.length}`);
  }
  if ((parts[0] ?? "").length > MAX_HEADER_CHARS) throw malformed(`the ${what} header is too long`);
  // jose decodes leniently; checking here keeps an altered spelling from reaching it at all.
  for (const [index, part] of parts.entries()) decodeBase64url(part, `${what} segment ${index + 1}`);
  return parts;
}

/**
 * Base64url without padding (RFC 7515 §2), in its one canonical spelling. Node's decoder ignores
 * stray bits in the last character, so two strings could decode to the same bytes; refusing the
 * non-canonical one means an altered envelope can never open as the original message.
 */
export function decodeBase64url(segment: string, what: string): Uint8Array {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) throw malformed(`${what} is not base64url`);
  const bytes = Buffer.from(segment, "base64url");
  if (bytes.toString("base64url") !== segment) throw malformed(`${what} is not canonical base64url`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Strict UTF-8: invalid sequences and a byte-order mark are refused, not replaced or skipped. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw malformed(`${what} is not UTF-8`, error);
  }
}

/** A JSON object (not an array, not null) from hostile text; its members are still untrusted. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(`${what} is not JSON`, error);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The protected header of a compact JWE or JWS, decoded but not yet checked. */
export function decodeHeader(segment: string, what: string): Record<string, unknown> {
  return parseJsonObject(decodeUtf8(decodeBase64url(segment, what), what), what);
}
