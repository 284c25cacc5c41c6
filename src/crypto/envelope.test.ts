/** Sealing and opening messages that are right: round trips, the exact wire form, sender-side checks. */
import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { compactDecrypt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { entryLeafHash } from "../ledger/entry.js";
import { verifyTreeHead } from "../ledger/tree-head.js";
import { verifyInclusion } from "../ledger/verify-proof.js";
import { canonicalJson } from "./canonical-json.js";
import {
  EnvelopeError,
  MESSAGE_KINDS,
  type Message,
  type MessageOf,
  openEnvelope,
  openMessage,
  sealMessage,
} from "./envelope.js";
import {
  makeMessage,
  makeNode,
  NOW,
  openOptions,
  REQUEST_ID,
  sampleBodies,
  sealOptions,
} from "./envelope-test-kit.js";
import { keyId } from "./node-keys.js";

const XA = makeNode("XA");
const XB = makeNode("XB");
const PEERS = [XA, XB];

async function refusal(promise: Promise<unknown>): Promise<EnvelopeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  return error as EnvelopeError;
}

describe("sealMessage → openMessage", () => {
  it("returns the message the sender sealed, with the sender's signature over its canonical form", async () => {
    const message = makeMessage(XA, XB, { inReplyTo: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a" });
    const sealed = await sealMessage(message, sealOptions(XA, XB));
    const opened = await openEnvelope(sealed, openOptions(XB, PEERS));
    expect(opened.message).toEqual(message);
    expect(opened.signerKid).toBe(`XA/${XA.signingKeyId}`);
    // The signature the receiver keeps verifies with nothing but node:crypto and the sender's key.
    const [header, payload, signature] = opened.signedMessage.split(".");
    expect(Buffer.from(payload ?? "", "base64url").toString()).toBe(canonicalJson(message));
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify(null, signed, XA.signing.publicKey, Buffer.from(signature ?? "", "base64url"))).toBe(true);
  });

  it.each(MESSAGE_KINDS)("round-trips a %s", async (kind) => {
    const message = makeMessage(XA, XB, { kind, body: sampleBodies(XB)[kind] });
    const opened = await openMessage(await sealMessage(message, sealOptions(XA, XB)), openOptions(XB, PEERS));
    expect(opened).toEqual(message);
    expect(opened.kind).toBe(kind);
  });

  it("types the body by kind", async () => {
    const decision: MessageOf<"decision"> = {
      ...makeMessage(XB, XA),
      kind: "decision",
      body: {
        requestId: REQUEST_ID,
        outcome: "granted-with-conditions",
        conditions: [{ type: "costs", text: "Half." }],
      },
    };
    const opened = await openMessage(
      await sealMessage(decision, sealOptions(XB, XA)),
      openOptions(XA, PEERS),
    );
    if (opened.kind !== "decision") throw new Error(`expected a decision, got ${opened.kind}`);
    expect(opened.body.conditions?.[0]?.type).toBe("costs");
  });

  it("carries a receipt whose tree head and inclusion proof still verify", async () => {
    const message = makeMessage(XB, XA, { kind: "receipt", body: sampleBodies(XB).receipt });
    const opened = await openMessage(await sealMessage(message, sealOptions(XB, XA)), openOptions(XA, PEERS));
    if (opened.kind !== "receipt") throw new Error("expected a receipt");
    const { treeHead, inclusionProof, entry } = opened.body;
    const root = new Uint8Array(Buffer.from(treeHead.root, "base64"));
    expect(verifyTreeHead({ ...treeHead, root }, XB.signing.publicKey)).toBe(true);
    const path = inclusionProof.hashes.map((h) => new Uint8Array(Buffer.from(h, "base64")));
    expect(
      verifyInclusion(inclusionProof.leafIndex, inclusionProof.treeSize, entryLeafHash(entry), path, root),
    ).toBe(true);
  });
});

describe("the sealed form", () => {
  it("is a compact JWE with exactly the documented header, around a JWS with exactly the documented header", async () => {
    const message = makeMessage(XA, XB);
    const sealed = await sealMessage(message, sealOptions(XA, XB));
    const jweHeader = decodeProtectedHeader(sealed);
    expect(Object.keys(jweHeader).sort()).toEqual(["alg", "cty", "enc", "epk", "kid"]);
    expect(jweHeader).toMatchObject({
      alg: "ECDH-ES+A256KW",
      enc: "A256GCM",
      kid: `XB/${XB.encryptionKeyId}`,
      cty: "rogatory-message-v1+jws",
      epk: { kty: "OKP", crv: "X25519" },
    });
    const { plaintext } = await compactDecrypt(sealed, XB.encryption.privateKey);
    const jws = new TextDecoder().decode(plaintext);
    expect(decodeProtectedHeader(jws)).toEqual({
      alg: "Ed25519",
      kid: `XA/${XA.signingKeyId}`,
      typ: "rogatory-message-v1+jws",
    });
  });

  it("differs each time it is sealed (fresh ephemeral key and IV), so re-sending means storing the bytes", async () => {
    const message = makeMessage(XA, XB);
    const first = await sealMessage(message, sealOptions(XA, XB));
    const second = await sealMessage(message, sealOptions(XA, XB));
    expect(first).not.toBe(second);
    expect(await openMessage(second, openOptions(XB, PEERS))).toEqual(
      await openMessage(first, openOptions(XB, PEERS)),
    );
  });
});

describe("sealMessage refuses", () => {
  it("a body invalid for its kind, so a node never sends what its peer must refuse", async () => {
    const message = makeMessage(XA, XB, {
      kind: "decision",
      body: { requestId: REQUEST_ID, outcome: "refused" },
    });
    expect((await refusal(sealMessage(message, sealOptions(XA, XB)))).code).toBe("ENVELOPE_BAD_BODY");
  });

  it.each<[string, Record<string, unknown>]>([
    ["an upper-case id", { id: "0B6A1C2E-7D3F-4A8B-9C0D-1E2F3A4B5C6D" }],
    ["a UUID that is not version 4", { id: "0b6a1c2e-7d3f-1a8b-9c0d-1e2f3a4b5c6d" }],
    ["a time with an offset", { created: "2026-03-01T13:00:00.000+01:00" }],
    ["a time without milliseconds", { created: "2026-03-01T12:00:00Z" }],
    ["a date that does not exist", { created: "2026-02-30T12:00:00.000Z" }],
    ["a message to the sender's own State", { to: "XA" }],
    ["an unknown kind", { kind: "gossip" }],
    ["an unknown member", { priority: "high" }],
  ])("a message with %s as ENVELOPE_MALFORMED", async (_, overrides) => {
    const message = makeMessage(XA, XB, overrides);
    expect((await refusal(sealMessage(message, sealOptions(XA, XB)))).code).toBe("ENVELOPE_MALFORMED");
  });

  it("a value JSON cannot hold inside an unchecked document, as ENVELOPE_MALFORMED", async () => {
    const body = { requestId: REQUEST_ID, treaty: "uncc-2024", document: { size: Number.NaN } };
    const message = makeMessage(XA, XB, { kind: "request", body });
    expect((await refusal(sealMessage(message, sealOptions(XA, XB)))).code).toBe("ENVELOPE_MALFORMED");
  });

  it.each([
    ["an X25519 signing key", { signingKey: XA.encryption.privateKey }],
    ["a public signing key", { signingKey: XA.signing.publicKey }],
    ["an Ed25519 recipient key", { recipientKey: XB.signing.publicKey }],
    ["a private recipient key", { recipientKey: XB.encryption.privateKey }],
    ["a key id with a slash", { senderKeyId: "XA/abc" }],
    ["an empty key id", { recipientKeyId: "" }],
  ])("%s as ENVELOPE_MISCONFIGURED", async (_, overrides) => {
    const options = { ...sealOptions(XA, XB), ...overrides };
    expect((await refusal(sealMessage(makeMessage(XA, XB), options))).code).toBe("ENVELOPE_MISCONFIGURED");
  });
});

describe("opening with a time window", () => {
  const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
  const open = async (created: string, extra = {}) =>
    openMessage(
      await sealMessage(makeMessage(XA, XB, { created }), sealOptions(XA, XB)),
      openOptions(XB, PEERS, extra),
    );

  it("accepts created exactly at the edges of the skew window, both ways", async () => {
    await expect(open(at(-300))).resolves.toMatchObject({ created: at(-300) });
    await expect(open(at(300))).resolves.toMatchObject({ created: at(300) });
  });

  it("defaults the window to 300 seconds", async () => {
    const options = openOptions(XB, PEERS);
    delete options.maxSkewSeconds;
    const sealedAt = async (created: string) =>
      sealMessage(makeMessage(XA, XB, { created }), sealOptions(XA, XB));
    await expect(openMessage(await sealedAt(at(-300)), options)).resolves.toBeDefined();
    expect((await refusal(openMessage(await sealedAt(at(-301)), options))).code).toBe("ENVELOPE_EXPIRED");
  });

  it("lets maxAgeSeconds widen the past side only (transit delay), never the future side", async () => {
    await expect(open(at(-3600), { maxAgeSeconds: 3600 })).resolves.toBeDefined();
    expect((await refusal(open(at(-3601), { maxAgeSeconds: 3600 }))).code).toBe("ENVELOPE_EXPIRED");
    expect((await refusal(open(at(301), { maxAgeSeconds: 3600 }))).code).toBe("ENVELOPE_EXPIRED");
  });
});

describe("the worked example of docs/protocol.md §10", () => {
  // RFC 8032 §7.1 test key 1, public knowledge: never use it for real. The JWS was recorded once
  // from sealMessage and checked independently with Python's hashlib and cryptography packages.
  const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  const signingKey = createPrivateKey({
    key: Buffer.from(`302e020100300506032b657004220420${seed}`, "hex"),
    format: "der",
    type: "pkcs8",
  });
  const example: Message = {
    id: "3b241101-e2bb-4255-8caf-4136c566a962",
    kind: "acknowledgement",
    from: "XB",
    to: "XA",
    created: "2026-03-01T12:00:00.000Z",
    inReplyTo: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    body: { requestId: REQUEST_ID, reference: "XB-2026-0042" },
  };
  const CANONICAL =
    '{"body":{"reference":"XB-2026-0042","requestId":"0b6a1c2e-7d3f-4a8b-9c0d-1e2f3a4b5c6d"},"created":"2026-03-01T12:00:00.000Z","from":"XB","id":"3b241101-e2bb-4255-8caf-4136c566a962","inReplyTo":"7c9e6679-7425-40de-944b-e07fc1f90ae7","kind":"acknowledgement","to":"XA"}';
  const JWS =
    "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiWEIvMDZlM2ZkOGZkYTI5YmI2MCIsInR5cCI6InJvZ2F0b3J5LW1lc3NhZ2UtdjErandzIn0" +
    ".eyJib2R5Ijp7InJlZmVyZW5jZSI6IlhCLTIwMjYtMDA0MiIsInJlcXVlc3RJZCI6IjBiNmExYzJlLTdkM2YtNGE4Yi05YzBkLTFlMmYzYTRiNWM2ZCJ9LCJjcmVhdGVkIjoiMjAyNi0wMy0wMVQxMjowMDowMC4wMDBaIiwiZnJvbSI6IlhCIiwiaWQiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIiLCJpblJlcGx5VG8iOiI3YzllNjY3OS03NDI1LTQwZGUtOTQ0Yi1lMDdmYzFmOTBhZTciLCJraW5kIjoiYWNrbm93bGVkZ2VtZW50IiwidG8iOiJYQSJ9" +
    ".BLmiorBjoCUjptmZZ7M4UxVsJEwYCuGytReGHZ6rf61BMtO9v3DJ8YVax4qg8KZxr5czTYcA9PtssIy5jB0XAw";

  it("derives the documented key id from the key", () => {
    expect(keyId(createPublicKey(signingKey))).toBe("06e3fd8fda29bb60");
  });

  it("has the documented canonical form", () => {
    expect(canonicalJson(example)).toBe(CANONICAL);
  });

  it("seals it around exactly the documented JWS (Ed25519 is deterministic), which XA opens", async () => {
    const xb = { ...XB, signing: { privateKey: signingKey, publicKey: createPublicKey(signingKey) } };
    const sealed = await sealMessage(example, { ...sealOptions(xb, XA), senderKeyId: "06e3fd8fda29bb60" });
    const opened = await openEnvelope(sealed, openOptions(XA, [{ ...xb, signingKeyId: "06e3fd8fda29bb60" }]));
    expect(opened.signedMessage).toBe(JWS);
    expect(opened.message).toEqual(example);
  });
});
