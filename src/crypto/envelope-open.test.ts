/**
 * One test per acceptance rule: a message crafted to break that rule alone is refused with that
 * rule's code. Hand-built envelopes are first shown to open when nothing is wrong with them, so a
 * refusal is caused by the one defect, not by the way the test built the envelope.
 */
import { createSecretKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { CompactEncrypt, type CompactJWEHeaderParameters, compactDecrypt } from "jose";
import { describe, expect, it, vi } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { EnvelopeError, type EnvelopeErrorCode, openEnvelope, openMessage, sealMessage } from "./envelope.js";
import {
  base64url,
  ed25519Signer,
  encryptTo,
  handJws,
  hmacSigner,
  jwsHeaderFor,
  makeMessage,
  makeNode,
  NOW,
  openOptions,
  REQUEST_ID,
  sealOptions,
  type TestNode,
} from "./envelope-test-kit.js";

const XA = makeNode("XA");
const XB = makeNode("XB");
const XC = makeNode("XC");
/** XB, the receiver in every test, knows XA and XC. */
const PEERS = [XA, XC];
const receive = (sealed: unknown, overrides = {}) => openMessage(sealed, openOptions(XB, PEERS, overrides));

async function codeOf(promise: Promise<unknown>): Promise<EnvelopeErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  return (error as EnvelopeError).code;
}

/** A JWS built by hand: header and payload exactly as given, signed by `signer`. */
function jws(
  message: object,
  header: Record<string, unknown> = jwsHeaderFor(XA),
  signer: (input: Buffer) => Buffer = ed25519Signer(XA),
  payload = canonicalJson(message),
): string {
  return handJws(header, payload, signer);
}

const sealedByHand = (inner: string | Uint8Array, to: TestNode = XB, header = {}) =>
  encryptTo(inner, to, header);

/** Replaces segment `index` of a compact serialisation. */
const withSegment = (compact: string, index: number, segment: string) =>
  compact
    .split(".")
    .map((s, i) => (i === index ? segment : s))
    .join(".");

/** Changes one character in the middle of a segment, where every bit of the character is used. */
function flip(compact: string, index: number): string {
  const segment = compact.split(".")[index] ?? "";
  const at = Math.floor(segment.length / 2);
  const changed = segment[at] === "A" ? "B" : "A";
  return withSegment(compact, index, `${segment.slice(0, at)}${changed}${segment.slice(at + 1)}`);
}

const headerSegment = (header: object) => base64url(JSON.stringify(header));

/**
 * A real sealed message whose JWE header member `name` is replaced. The header is checked before
 * anything is decrypted, so this reaches the allow-list even for algorithms jose will not produce.
 */
async function withHeaderMember(name: string, value: unknown): Promise<string> {
  const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
  const header = JSON.parse(Buffer.from(sealed.split(".")[0] ?? "", "base64url").toString());
  return withSegment(sealed, 0, headerSegment({ ...header, [name]: value }));
}

describe("the hand-built envelopes used below", () => {
  it("open when nothing is wrong with them", async () => {
    const message = makeMessage(XA, XB);
    await expect(receive(await sealedByHand(jws(message)))).resolves.toEqual(message);
  });
});

describe("ENVELOPE_BAD_SIGNATURE", () => {
  it("a message signed by another node's key under the claimed sender's kid (forgery by XC as XA)", async () => {
    const forged = jws(makeMessage(XA, XB), jwsHeaderFor(XA), ed25519Signer(XC));
    expect(await codeOf(receive(await sealedByHand(forged)))).toBe("ENVELOPE_BAD_SIGNATURE");
  });

  it("a JWS whose protected header was changed after signing (same members, other order), re-encrypted", async () => {
    const signed = jws(makeMessage(XA, XB));
    const { alg, kid, typ } = jwsHeaderFor(XA);
    const tampered = withSegment(signed, 0, headerSegment({ typ, kid, alg }));
    expect(await codeOf(receive(await sealedByHand(tampered)))).toBe("ENVELOPE_BAD_SIGNATURE");
  });

  it("a JWS whose payload was changed after signing, re-encrypted", async () => {
    const signed = jws(makeMessage(XA, XB));
    const other = base64url(canonicalJson(makeMessage(XA, XB)));
    expect(await codeOf(receive(await sealedByHand(withSegment(signed, 1, other))))).toBe(
      "ENVELOPE_BAD_SIGNATURE",
    );
  });

  it("does not consult the replay store for a forgery", async () => {
    const seen = vi.fn(() => false);
    const forged = jws(makeMessage(XA, XB), jwsHeaderFor(XA), ed25519Signer(XC));
    await codeOf(receive(await sealedByHand(forged), { seen }));
    expect(seen).not.toHaveBeenCalled();
  });
});

describe("ENVELOPE_UNDECRYPTABLE", () => {
  it.each([
    [1, "encrypted key"],
    [2, "IV"],
    [3, "ciphertext"],
    [4, "tag"],
  ])("a sealed message whose %s segment (%s) was altered", async (index) => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    expect(await codeOf(receive(flip(sealed, index)))).toBe("ENVELOPE_UNDECRYPTABLE");
  });

  it("a JWE protected header re-encoded with the same members in another order (it is the AAD)", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const { alg, enc, kid, cty, epk } = JSON.parse(
      Buffer.from(sealed.split(".")[0] ?? "", "base64url").toString(),
    );
    expect(await codeOf(receive(withSegment(sealed, 0, headerSegment({ epk, cty, kid, enc, alg }))))).toBe(
      "ENVELOPE_UNDECRYPTABLE",
    );
  });

  it("a JWE protected header whose ephemeral key was swapped for another valid X25519 key", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const header = JSON.parse(Buffer.from(sealed.split(".")[0] ?? "", "base64url").toString());
    const other = generateKeyPairSync("x25519").publicKey.export({ format: "jwk" });
    const tampered = headerSegment({ ...header, epk: { kty: "OKP", crv: "X25519", x: other.x } });
    expect(await codeOf(receive(withSegment(sealed, 0, tampered)))).toBe("ENVELOPE_UNDECRYPTABLE");
  });

  it("a JWE that names this node's key id but was encrypted to another key", async () => {
    const options = { ...sealOptions(XA, XB), recipientKey: XC.encryption.publicKey };
    expect(await codeOf(receive(await sealMessage(makeMessage(XA, XB), options)))).toBe(
      "ENVELOPE_UNDECRYPTABLE",
    );
  });
});

describe("ENVELOPE_REPLAYED", () => {
  it("a message whose id the replay store has seen, asked with that id", async () => {
    const message = makeMessage(XA, XB);
    const seen = vi.fn((id: string) => id === message.id);
    const sealed = await sealMessage(message, sealOptions(XA, XB));
    expect(await codeOf(receive(sealed, { seen }))).toBe("ENVELOPE_REPLAYED");
    expect(seen).toHaveBeenCalledWith(message.id);
  });

  it("answers from an asynchronous replay store too", async () => {
    const message = makeMessage(XA, XB);
    const sealed = await sealMessage(message, sealOptions(XA, XB));
    expect(await codeOf(receive(sealed, { seen: async () => true }))).toBe("ENVELOPE_REPLAYED");
  });

  it("reports a late duplicate as replayed, not expired, so the inbox can answer with its receipt", async () => {
    const created = new Date(NOW.getTime() - 86_400_000).toISOString();
    const sealed = await sealMessage(makeMessage(XA, XB, { created }), sealOptions(XA, XB));
    expect(await codeOf(receive(sealed, { seen: () => true }))).toBe("ENVELOPE_REPLAYED");
    expect(await codeOf(receive(sealed, { seen: () => false }))).toBe("ENVELOPE_EXPIRED");
  });
});

describe("ENVELOPE_NOT_FOR_US", () => {
  it("a message encrypted to another node's key (XA to XC, delivered to XB)", async () => {
    const sealed = await sealMessage(makeMessage(XA, XC), sealOptions(XA, XC));
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_NOT_FOR_US");
  });

  it("a message for XB encrypted under a key id XB no longer holds (rotated away)", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), {
      ...sealOptions(XA, XB),
      recipientKeyId: "retired-2025",
    });
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_NOT_FOR_US");
  });

  it("a message addressed to XC, signed by XA and encrypted to XB's key", async () => {
    const error = receive(await sealedByHand(jws(makeMessage(XA, XC))));
    await expect(error).rejects.toThrow(/addressed to XC/);
    expect(await codeOf(error)).toBe("ENVELOPE_NOT_FOR_US");
  });
});

describe("ENVELOPE_EXPIRED", () => {
  const sealedAt = (seconds: number) =>
    sealMessage(
      makeMessage(XA, XB, { created: new Date(NOW.getTime() + seconds * 1000).toISOString() }),
      sealOptions(XA, XB),
    );

  it("created more than the skew in the past", async () => {
    expect(await codeOf(receive(await sealedAt(-301)))).toBe("ENVELOPE_EXPIRED");
  });

  it("created more than the skew in the future", async () => {
    expect(await codeOf(receive(await sealedAt(301)))).toBe("ENVELOPE_EXPIRED");
  });
});

describe("ENVELOPE_BAD_ALGORITHM in the JWS", () => {
  const message = makeMessage(XA, XB);

  it("alg none with an empty signature", async () => {
    const inner = jws(message, jwsHeaderFor(XA, { alg: "none" }), () => Buffer.alloc(0));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it("HS256 keyed with the sender's public key (the key-confusion attack)", async () => {
    const secret = XA.signing.publicKey.export({ type: "spki", format: "der" });
    const inner = jws(message, jwsHeaderFor(XA, { alg: "HS256" }), hmacSigner(secret));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it.each(["EdDSA", "ed25519", "RS256", "ES256", "PS256", "Ed448", 42])("alg %s", async (alg) => {
    const inner = jws(message, jwsHeaderFor(XA, { alg }));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it.each<[string, unknown]>([
    ["jwk", XA.signing.publicKey.export({ format: "jwk" })],
    ["jku", "https://attacker.example/keys"],
    ["x5u", "https://attacker.example/cert"],
    ["x5c", ["MIIB"]],
    ["crit", ["b64"]],
    ["b64", false],
    ["zip", "DEF"],
    ["__proto__", {}],
  ])("a %s header parameter", async (name, value) => {
    const inner = jws(message, { ...jwsHeaderFor(XA), [name]: value });
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });
});

describe("ENVELOPE_BAD_ALGORITHM in the JWE", () => {
  const inner = () => jws(makeMessage(XA, XB));
  const header = { kid: `XB/${XB.encryptionKeyId}`, cty: "rogatory-message-v1+jws" };
  const encryptWith = async (key: KeyObject, protectedHeader: CompactJWEHeaderParameters) =>
    new CompactEncrypt(new TextEncoder().encode(inner())).setProtectedHeader(protectedHeader).encrypt(key);

  it("alg dir with a shared key", async () => {
    const sealed = await encryptWith(createSecretKey(Buffer.alloc(32, 7)), {
      ...header,
      alg: "dir",
      enc: "A256GCM",
    });
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it("alg RSA-OAEP-256", async () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const sealed = await encryptWith(publicKey, { ...header, alg: "RSA-OAEP-256", enc: "A256GCM" });
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it("ECDH-ES+A256KW on another curve (P-256)", async () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const sealed = await encryptWith(publicKey, { ...header, alg: "ECDH-ES+A256KW", enc: "A256GCM" });
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it.each<[string, string]>([
    ["alg", "ECDH-ES"],
    ["alg", "ECDH-ES+A128KW"],
    ["alg", "A256KW"],
    ["alg", "none"],
    ["enc", "A128GCM"],
    ["enc", "A256CBC-HS512"],
  ])("%s %s", async (name, value) => {
    expect(await codeOf(receive(await withHeaderMember(name, value)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it.each<[string, unknown]>([
    ["zip", "DEF"],
    ["crit", ["exp"]],
    ["jku", "https://attacker.example/keys"],
    ["jwk", XB.encryption.publicKey.export({ format: "jwk" })],
    ["x5u", "https://attacker.example/cert"],
    ["apu", "QWxpY2U"],
  ])("a %s header parameter", async (name, value) => {
    expect(await codeOf(receive(await withHeaderMember(name, value)))).toBe("ENVELOPE_BAD_ALGORITHM");
  });

  it.each<[string, Record<string, unknown>]>([
    ["a private part d", { d: "AAAA" }],
    ["a kid", { kid: "x" }],
    ["another curve", { crv: "X448" }],
    ["another key type", { kty: "EC", crv: "P-256" }],
  ])("an ephemeral key with %s", async (_, change) => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const header = JSON.parse(Buffer.from(sealed.split(".")[0] ?? "", "base64url").toString());
    const tampered = withSegment(sealed, 0, headerSegment({ ...header, epk: { ...header.epk, ...change } }));
    expect(await codeOf(receive(tampered))).toBe("ENVELOPE_BAD_ALGORITHM");
  });
});

describe("ENVELOPE_UNKNOWN_KEY", () => {
  it("a message from a State the receiver has no key for", async () => {
    const XD = makeNode("XD");
    const sealed = await sealMessage(makeMessage(XD, XB), sealOptions(XD, XB));
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_UNKNOWN_KEY");
  });

  it("a message from a known State under a key id that is not one of its current keys", async () => {
    const stranger = { ...makeNode("XA") };
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(stranger, XB));
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_UNKNOWN_KEY");
  });

  it("a kid pairing a State with another State's key id (XC's key filed under XA)", async () => {
    const inner = jws(
      makeMessage(XA, XB),
      jwsHeaderFor(XC, { kid: `XA/${XC.signingKeyId}` }),
      ed25519Signer(XC),
    );
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_UNKNOWN_KEY");
  });

  it("asks the directory for the State and key id the kid names", async () => {
    const senderKeys = vi.fn(() => undefined);
    await codeOf(receive(await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB)), { senderKeys }));
    expect(senderKeys).toHaveBeenCalledWith("XA", XA.signingKeyId);
  });
});

describe("ENVELOPE_SENDER_MISMATCH", () => {
  it("a message claiming to be from XA, signed by XC with XC's own current key", async () => {
    const inner = jws(makeMessage(XA, XB), jwsHeaderFor(XC), ed25519Signer(XC));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_SENDER_MISMATCH");
  });
});

describe("ENVELOPE_BAD_BODY", () => {
  it.each<[string, string, Record<string, unknown>]>([
    ["a refusal without grounds", "decision", { requestId: REQUEST_ID, outcome: "refused", reasons: "No." }],
    [
      "a grant with conditions but none given",
      "decision",
      { requestId: REQUEST_ID, outcome: "granted-with-conditions" },
    ],
    ["an acknowledgement body under kind receipt", "receipt", { requestId: REQUEST_ID }],
    ["a request without its document", "request", { requestId: REQUEST_ID, treaty: "uncc-2024" }],
    ["an unknown member", "withdrawal", { requestId: REQUEST_ID, reasons: "Done.", extra: 1 }],
    ["untrimmed text", "withdrawal", { requestId: REQUEST_ID, reasons: " Done." }],
    ["an upper-case request id", "progress-inquiry", { requestId: REQUEST_ID.toUpperCase() }],
    ["a date that does not exist", "preservation-extended", { requestId: REQUEST_ID, expires: "2026-02-30" }],
  ])("%s", async (_, kind, body) => {
    const inner = jws(makeMessage(XA, XB, { kind, body }));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_BAD_BODY");
  });
});

describe("ENVELOPE_MALFORMED", () => {
  it.each<[string, unknown]>([
    ["a number", 42],
    ["an empty string", ""],
    ["three segments", "a.b.c"],
    ["a header that is not base64url", "e30=.a.b.c.d"],
    ["a header that is not JSON", `${base64url("{nope")}.a.b.c.d`],
    ["a header that is a JSON array", `${base64url("[]")}.a.b.c.d`],
    ["a header that is not UTF-8", `${base64url(Buffer.from([0xff, 0xfe]))}.a.b.c.d`],
    ["a header over 2048 characters", `${"A".repeat(2050)}.a.b.c.d`],
  ])("%s instead of a sealed message", async (_, sealed) => {
    expect(await codeOf(receive(sealed))).toBe("ENVELOPE_MALFORMED");
  });

  it("a sealed message longer than the limit", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    expect(await codeOf(receive(sealed, { maxSealedChars: sealed.length - 1 }))).toBe("ENVELOPE_MALFORMED");
    await expect(receive(sealed, { maxSealedChars: sealed.length })).resolves.toBeDefined();
  });

  it("a segment spelled in non-canonical base64url (unused bits set)", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const tag = sealed.split(".")[4] ?? "";
    // 16 bytes take 22 characters; the last one's 4 low bits are unused, so flipping one keeps the bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = `${tag.slice(0, -1)}${alphabet[alphabet.indexOf(tag.slice(-1)) ^ 1]}`;
    expect(respelled).not.toBe(tag);
    expect(Buffer.from(respelled, "base64url")).toEqual(Buffer.from(tag, "base64url"));
    expect(await codeOf(receive(withSegment(sealed, 4, respelled)))).toBe("ENVELOPE_MALFORMED");
  });

  it.each<[string, Record<string, unknown>]>([
    ["a cty of JWT", { cty: "JWT" }],
    ["no cty", { cty: undefined }],
    ["a kid without a State", { kid: XB.encryptionKeyId }],
  ])("a JWE header with %s", async (_, change) => {
    expect(await codeOf(receive(await sealedByHand(jws(makeMessage(XA, XB)), XB, change)))).toBe(
      "ENVELOPE_MALFORMED",
    );
  });

  it.each<[string, unknown]>([
    ["no epk", undefined],
    ["an epk that is a string", "key"],
    ["an epk whose x is 31 bytes", { kty: "OKP", crv: "X25519", x: base64url(Buffer.alloc(31, 9)) }],
    ["an epk whose x is not base64url", { kty: "OKP", crv: "X25519", x: "a+b/" }],
  ])("a JWE header with %s", async (_, epk) => {
    expect(await codeOf(receive(await withHeaderMember("epk", epk)))).toBe("ENVELOPE_MALFORMED");
  });

  it.each<[string, Record<string, unknown>]>([
    ["a typ of JWT", { typ: "JWT" }],
    ["no typ", { typ: undefined }],
    ["a kid without a State", { kid: XA.signingKeyId }],
    ["a numeric kid", { kid: 7 }],
  ])("a JWS header with %s", async (_, change) => {
    const inner = jws(makeMessage(XA, XB), jwsHeaderFor(XA, change));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_MALFORMED");
  });

  it.each<[string, string | Uint8Array]>([
    ["not a JWS", "hello"],
    ["a JWS with four segments", "a.b.c.d"],
    ["not UTF-8", new Uint8Array([0x65, 0x79, 0xff, 0x2e, 0x61, 0x2e, 0x62])],
    [
      "a JWS after a byte-order mark",
      new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(jws(makeMessage(XA, XB)))]),
    ],
  ])("a decrypted plaintext that is %s", async (_, plaintext) => {
    expect(await codeOf(receive(await sealedByHand(plaintext)))).toBe("ENVELOPE_MALFORMED");
  });

  it.each<[string, (text: string) => string]>([
    ["has whitespace", (text) => text.replace(":", ": ")],
    ["repeats a member (which a parser may resolve either way)", (text) => text.replace("{", '{"to":"XC",')],
    ["is not JSON", (text) => text.slice(1)],
    ["is a JSON array", (text) => `[${text}]`],
    ["has a number beyond double precision", (text) => text.replace("{", '{"n":12345678901234567890,')],
    [
      "nests deeper than the serialiser's recursion",
      () => `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`,
    ],
  ])("a signed payload that %s", async (_, change) => {
    const inner = jws({}, jwsHeaderFor(XA), ed25519Signer(XA), change(canonicalJson(makeMessage(XA, XB))));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_MALFORMED");
  });

  it("a signed payload that is not UTF-8 (which a lenient decoder would turn into U+FFFD)", async () => {
    const body = { requestId: REQUEST_ID, reasons: "Done~" };
    const text = Buffer.from(canonicalJson(makeMessage(XA, XB, { kind: "withdrawal", body })));
    const payload = text.map((byte) => (byte === 0x7e ? 0xff : byte));
    const inner = handJws(jwsHeaderFor(XA), payload, ed25519Signer(XA));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_MALFORMED");
  });

  it.each<[string, Record<string, unknown>]>([
    ["no id", { id: undefined }],
    ["an upper-case id", { id: "0B6A1C2E-7D3F-4A8B-9C0D-1E2F3A4B5C6D" }],
    ["an unknown kind", { kind: "gossip" }],
    ["a body that is a string", { body: "hi" }],
    ["a created time with an offset", { created: "2026-03-01T13:00:00.000+01:00" }],
    ["an unknown member", { priority: "high" }],
  ])("a signed message with %s", async (_, change) => {
    const inner = jws(makeMessage(XA, XB, change));
    expect(await codeOf(receive(await sealedByHand(inner)))).toBe("ENVELOPE_MALFORMED");
  });
});

describe("ENVELOPE_MISCONFIGURED (the receiver's own settings, not the message)", () => {
  it.each<[string, Record<string, unknown>]>([
    ["an Ed25519 private key to decrypt with", { recipientPrivateKey: XB.signing.privateKey }],
    ["a public key to decrypt with", { recipientPrivateKey: XB.encryption.publicKey }],
    ["a State code in lower case", { recipientState: "xb" }],
    ["a key id with a slash", { recipientKeyId: "XB/key" }],
    ["an invalid date", { now: new Date(Number.NaN) }],
    ["a negative skew", { maxSkewSeconds: -1 }],
    ["an infinite age", { maxAgeSeconds: Number.POSITIVE_INFINITY }],
    ["a directory that returns an X25519 key", { senderKeys: () => XA.encryption.publicKey }],
  ])("%s", async (_, overrides) => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    expect(await codeOf(receive(sealed, overrides))).toBe("ENVELOPE_MISCONFIGURED");
  });
});

describe("openEnvelope", () => {
  it("keeps the sender's JWS exactly as it was inside the JWE", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const { plaintext } = await compactDecrypt(sealed, XB.encryption.privateKey);
    const opened = await openEnvelope(sealed, openOptions(XB, PEERS));
    expect(opened.signedMessage).toBe(new TextDecoder().decode(plaintext));
  });
});
