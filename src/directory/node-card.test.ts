/** Node cards: parsing untrusted cards, signing, the signed bytes, current keys and fingerprints. */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../crypto/canonical-json.js";
import { fingerprint, generateNodeKeys } from "../crypto/node-keys.js";
import { type NodeCard, parseNodeCard, parseSignedCard } from "./node-card.js";
import {
  currentKeys,
  formatFingerprint,
  jwkOf,
  keyFingerprint,
  normaliseFingerprint,
} from "./node-card-keys.js";
import { cardSigningBytes, signatureVerifies, signCard } from "./node-card-sign.js";
import { cardErrorCode, cardKey, day, iso, makeCard } from "./node-card-test-kit.js";

const keys = generateNodeKeys();
const card = makeCard(keys);

const codeOf = cardErrorCode;

type CardJson = Record<string, unknown> & { keys: Record<string, unknown>[] };
type Edit = (json: CardJson) => unknown;

/** A copy of the card's JSON changed by `edit`, as an attacker or a careless hand might. */
const edited = (edit: Edit): CardJson => {
  const json = structuredClone(card) as unknown as CardJson;
  edit(json);
  return json;
};

describe("signCard", () => {
  it("signs the label and the canonical JSON, and records the signing key's id", () => {
    const signed = signCard(card, keys.signing.privateKey);
    expect(signed.signature.kid).toBe(card.keys[0]?.kid);
    const bytes = new TextDecoder().decode(cardSigningBytes(card));
    expect(bytes).toBe(`rogatory.node-card/1\n${canonicalJson(card)}`);
    // Members sorted, no whitespace: what JCS gives, so other implementations can rebuild the bytes.
    expect(
      bytes.startsWith('rogatory.node-card/1\n{"authority":"Central Authority of XA","declarationsVersion"'),
    ).toBe(true);
    expect(signatureVerifies(signed, keys.signing.publicKey)).toBe(true);
  });

  it("verifies whatever the member order or indentation of the file it came from", () => {
    const signed = signCard(card, keys.signing.privateKey);
    const reordered = JSON.parse(
      JSON.stringify(
        { signature: signed.signature, card: Object.fromEntries(Object.entries(signed.card).reverse()) },
        null,
        4,
      ),
    );
    expect(signatureVerifies(parseSignedCard(reordered), keys.signing.publicKey)).toBe(true);
  });

  it("refuses a key that is not an Ed25519 private key", () => {
    expect(codeOf(() => signCard(card, keys.signing.publicKey))).toBe("CARD_BAD_KEY");
    expect(codeOf(() => signCard(card, keys.encryption.privateKey))).toBe("CARD_BAD_KEY");
  });

  it("refuses to sign a malformed card, so a node never publishes one its peers would refuse", () => {
    expect(codeOf(() => signCard({ ...card, sequence: 0 }, keys.signing.privateKey))).toBe("CARD_MALFORMED");
  });
});

describe("signatureVerifies", () => {
  const signed = signCard(card, keys.signing.privateKey);

  it("is false for another key, an altered card or a flipped signature bit", () => {
    expect(signatureVerifies(signed, generateNodeKeys().signing.publicKey)).toBe(false);
    expect(
      signatureVerifies({ ...signed, card: { ...card, authority: "Someone else" } }, keys.signing.publicKey),
    ).toBe(false);
    const bytes = Buffer.from(signed.signature.value, "base64");
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    const flipped = { ...signed, signature: { ...signed.signature, value: bytes.toString("base64") } };
    expect(signatureVerifies(flipped, keys.signing.publicKey)).toBe(false);
  });

  it("is false for a second base64 spelling of the same signature bytes", () => {
    // The last character before "==" carries 4 unused bits; setting one decodes to the same bytes.
    const value = signed.signature.value;
    const last = value.at(-3) ?? "A";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const respelled = `${value.slice(0, -3)}${alphabet[alphabet.indexOf(last) + 1]}==`;
    expect(Buffer.from(respelled, "base64").equals(Buffer.from(value, "base64"))).toBe(true);
    const other = { ...signed, signature: { ...signed.signature, value: respelled } };
    expect(signatureVerifies(other, keys.signing.publicKey)).toBe(false);
  });

  it("is false, not a crash, for a key of the wrong type", () => {
    expect(signatureVerifies(signed, keys.encryption.publicKey)).toBe(false);
  });
});

describe("parseSignedCard", () => {
  const signature = signCard(card, keys.signing.privateKey).signature;
  const parse = (cardJson: unknown, sig: unknown = signature) =>
    codeOf(() => parseSignedCard({ card: cardJson, signature: sig }));

  it("accepts a well-formed card and returns it unchanged", () => {
    expect(parseSignedCard({ card, signature })).toStrictEqual({ card, signature });
  });

  it.each<[string, Edit]>([
    ["an unknown member", (j) => Object.assign(j, { extra: 1 })],
    ["another format", (j) => Object.assign(j, { format: "rogatory.node-card/2" })],
    ["a State code in lower case", (j) => Object.assign(j, { state: "xa" })],
    ["an ftp endpoint", (j) => Object.assign(j, { endpoint: "ftp://xa.example" })],
    ["a time with an offset", (j) => Object.assign(j, { issued: "2030-01-01T01:00:00+01:00" })],
    ["sequence 0", (j) => Object.assign(j, { sequence: 0 })],
    ["a fractional sequence", (j) => Object.assign(j, { sequence: 1.5 })],
    ["a private key part", (j) => Object.assign(j.keys[0]?.publicKey as object, { d: "A".repeat(43) })],
    ["a signing key on X25519", (j) => Object.assign(j.keys[0]?.publicKey as object, { crv: "X25519" })],
    ["an encryption key used to sign", (j) => Object.assign(j.keys[1] as object, { use: "sig" })],
    [
      "a key id not derived from the key",
      (j) => Object.assign(j.keys[0] as object, { kid: "0123456789abcdef" }),
    ],
    ["the same key twice", (j) => j.keys.push({ ...(j.keys[0] as object) })],
    ["notAfter before notBefore", (j) => Object.assign(j.keys[0] as object, { notAfter: iso(-2) })],
    ["no encryption key", (j) => j.keys.splice(1, 1, { ...(j.keys[0] as object) })],
  ])("refuses %s as CARD_MALFORMED", (_, edit) => {
    expect(parse(edited(edit))).toBe("CARD_MALFORMED");
  });

  it("refuses a signature that is not 64 bytes of padded base64, or has another member", () => {
    expect(parse(card, { ...signature, value: signature.value.slice(0, -2) })).toBe("CARD_MALFORMED");
    expect(parse(card, { ...signature, alg: "none" })).toBe("CARD_MALFORMED");
    expect(codeOf(() => parseSignedCard("not a card"))).toBe("CARD_MALFORMED");
    expect(codeOf(() => parseSignedCard(null))).toBe("CARD_MALFORMED");
  });

  it("refuses a second base64url spelling of the same public key", () => {
    const x = card.keys[0]?.publicKey.x ?? "";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = `${x.slice(0, -1)}${alphabet[alphabet.indexOf(x.at(-1) ?? "A") + 1]}`;
    expect(Buffer.from(respelled, "base64url").equals(Buffer.from(x, "base64url"))).toBe(true);
    expect(parse(edited((j) => Object.assign(j.keys[0]?.publicKey as object, { x: respelled })))).toBe(
      "CARD_MALFORMED",
    );
  });
});

describe("parseNodeCard", () => {
  it("refuses a card with fewer than two keys", () => {
    expect(codeOf(() => parseNodeCard({ ...card, keys: card.keys.slice(0, 1) }))).toBe("CARD_MALFORMED");
  });
});

describe("currentKeys", () => {
  const old = generateNodeKeys();
  const fresh = generateNodeKeys();
  const rotating: NodeCard = {
    ...card,
    keys: [
      cardKey(old.signing.publicKey, "sig", { notBefore: iso(-10), notAfter: iso(30) }),
      cardKey(fresh.signing.publicKey, "sig", { notBefore: iso(0) }),
      cardKey(old.encryption.publicKey, "enc", { notBefore: iso(-10), revokedAt: iso(5) }),
      cardKey(fresh.encryption.publicKey, "enc", { notBefore: iso(2) }),
    ],
  };
  const kids = (at: Date, use: "sig" | "enc") => currentKeys(rotating, at, use).map((k) => k.kid);
  const [oldSig, freshSig, oldEnc, freshEnc] = rotating.keys.map((k) => k.kid);

  it("holds both signing keys current during the overlap, and only the new one after notAfter", () => {
    expect(kids(day(-1), "sig")).toEqual([oldSig]);
    expect(kids(day(1), "sig")).toEqual([oldSig, freshSig]);
    expect(kids(new Date(day(30).getTime() - 1), "sig")).toEqual([oldSig, freshSig]);
    expect(kids(day(30), "sig")).toEqual([freshSig]);
  });

  it("treats a key as current until its revocation time and never after it", () => {
    expect(kids(day(1), "enc")).toEqual([oldEnc]);
    expect(kids(day(3), "enc")).toEqual([oldEnc, freshEnc]);
    expect(kids(day(5), "enc")).toEqual([freshEnc]);
    expect(kids(day(500), "enc")).toEqual([freshEnc]);
  });
});

describe("fingerprints", () => {
  it("gives a card key the fingerprint node init prints for the same key", () => {
    expect(keyFingerprint(card.keys[0] as NodeCard["keys"][number])).toBe(
      fingerprint(keys.signing.publicKey),
    );
  });

  it("normalises what a person types: spaces, colons and case do not matter, length does", () => {
    const hex = fingerprint(keys.signing.publicKey).replaceAll(" ", "");
    expect(normaliseFingerprint(fingerprint(keys.signing.publicKey))).toBe(hex);
    expect(normaliseFingerprint(` ${hex.toUpperCase().match(/../g)?.join(":")} `)).toBe(hex);
    expect(normaliseFingerprint(hex.slice(1))).toBeUndefined();
    expect(normaliseFingerprint(`${hex.slice(1)}g`)).toBeUndefined();
    expect(formatFingerprint(hex)).toBe(fingerprint(keys.signing.publicKey));
  });
});

describe("jwkOf", () => {
  it("gives exactly kty, crv and x — never the private part — and refuses the wrong curve", () => {
    expect(Object.keys(jwkOf(keys.signing.privateKey, "sig")).sort()).toEqual(["crv", "kty", "x"]);
    expect(jwkOf(keys.encryption.publicKey, "enc").crv).toBe("X25519");
    expect(() => jwkOf(keys.encryption.publicKey, "sig")).toThrow(TypeError);
    expect(() => jwkOf(generateKeyPairSync("ed448").publicKey, "sig")).toThrow(TypeError);
  });
});
