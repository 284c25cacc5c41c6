/**
 * The trust rules of node cards, one by one: a first card is self-signed; an update is signed by a
 * key current in the previous card, carries the next sequence and the same State; rotation with an
 * overlap; revocation; tampering.
 */
import { describe, expect, it } from "vitest";
import { fingerprint, generateNodeKeys } from "../crypto/node-keys.js";
import type { NodeCard, SignedCard } from "./node-card.js";
import { CardError } from "./node-card-errors.js";
import { signCard } from "./node-card-sign.js";
import { cardKey, day, iso, keysOf, makeCard, nextCard } from "./node-card-test-kit.js";
import { verifyCardUpdate } from "./node-card-verify.js";

const a = generateNodeKeys();
const b = generateNodeKeys();
const stranger = generateNodeKeys();
const NOW = day(0);

const first = signCard(makeCard(a), a.signing.privateKey);

const codeOf = (previous: SignedCard | undefined, next: SignedCard, now = NOW): string => {
  try {
    verifyCardUpdate(previous, next, now);
  } catch (error) {
    if (error instanceof CardError) return error.code;
    throw error;
  }
  return "accepted";
};

/** Card 2: adds B's keys and gives A's keys a notAfter 30 days on (the overlap), signed as asked. */
const rotationCard = (): NodeCard =>
  nextCard(first.card, {
    keys: [...keysOf(a, { notBefore: iso(-1), notAfter: iso(30) }), ...keysOf(b, { notBefore: iso(0) })],
  });

describe("a first card", () => {
  it("is accepted when self-signed, and yields the fingerprint node init printed for that key", () => {
    const verified = verifyCardUpdate(undefined, first, NOW);
    expect(verified.fingerprint).toBe(fingerprint(a.signing.publicKey));
    expect(verified.signer.kid).toBe(first.signature.kid);
    expect(verified.signed).toStrictEqual(first);
  });

  it("is refused when signed by a key that is not on it", () => {
    expect(codeOf(undefined, signCard(makeCard(a), stranger.signing.privateKey))).toBe(
      "CARD_NOT_SELF_SIGNED",
    );
  });

  it("is refused when signed by its own revoked, expired or not-yet-valid key", () => {
    const sign = (validity: Parameters<typeof keysOf>[1]) =>
      signCard(makeCard(a, { keys: [...keysOf(a, validity), ...keysOf(b)] }), a.signing.privateKey);
    expect(codeOf(undefined, sign({ revokedAt: iso(0) }))).toBe("CARD_NOT_SELF_SIGNED");
    expect(codeOf(undefined, sign({ notBefore: iso(-9), notAfter: iso(-1) }))).toBe("CARD_NOT_SELF_SIGNED");
    expect(codeOf(undefined, sign({ notBefore: iso(1) }))).toBe("CARD_NOT_SELF_SIGNED");
    // The same card is fine while the key is still current: the time is what refuses it.
    expect(codeOf(undefined, sign({ revokedAt: iso(0) }), day(-0.5))).toBe("accepted");
  });

  it.each<[string, (card: NodeCard) => NodeCard]>([
    ["authority", (c) => ({ ...c, authority: "Another authority" })],
    ["endpoint", (c) => ({ ...c, endpoint: "https://attacker.example" })],
    ["sequence", (c) => ({ ...c, sequence: 2 })],
    ["declarations version", (c) => ({ ...c, declarationsVersion: "2031-01-01" })],
    [
      "encryption key",
      (c) => ({ ...c, keys: [c.keys[0], cardKey(stranger.encryption.publicKey, "enc")] as NodeCard["keys"] }),
    ],
    ["key validity", (c) => ({ ...c, keys: c.keys.map((k) => ({ ...k, notAfter: iso(900) })) })],
  ])("is refused as CARD_BAD_SIGNATURE when its %s was altered after signing", (_, alter) => {
    expect(codeOf(undefined, { ...first, card: alter(first.card) })).toBe("CARD_BAD_SIGNATURE");
  });

  it("is refused when its signature was altered", () => {
    const bytes = Buffer.from(first.signature.value, "base64");
    bytes[0] = (bytes[0] ?? 0) ^ 0x80;
    const altered = { ...first, signature: { ...first.signature, value: bytes.toString("base64") } };
    expect(codeOf(undefined, altered)).toBe("CARD_BAD_SIGNATURE");
  });

  it("is parsed again whatever its static type, so a cast cannot smuggle a member past the schema", () => {
    const smuggled = { ...first, card: { ...first.card, extra: true } } as unknown as SignedCard;
    expect(codeOf(undefined, smuggled)).toBe("CARD_MALFORMED");
  });

  it("is refused when it leaves no current encryption or signing key", () => {
    const noEnc = makeCard(a, {
      keys: [
        cardKey(a.signing.publicKey, "sig"),
        cardKey(a.encryption.publicKey, "enc", { revokedAt: iso(0) }),
      ],
    });
    expect(codeOf(undefined, signCard(noEnc, a.signing.privateKey))).toBe("CARD_NO_CURRENT_KEY");
  });
});

describe("an update", () => {
  it("is accepted when signed by a current key of the previous card with the next sequence", () => {
    const update = signCard(nextCard(first.card, { endpoint: "https://xa2.example" }), a.signing.privateKey);
    const verified = verifyCardUpdate(first, update, NOW);
    expect(verified.signed.card.endpoint).toBe("https://xa2.example");
    expect(verified.signer.kid).toBe(first.signature.kid);
  });

  it("is refused when signed only by a key the new card introduces (a stolen key cannot take over)", () => {
    const takeover = signCard(nextCard(first.card, { keys: keysOf(stranger) }), stranger.signing.privateKey);
    expect(codeOf(first, takeover)).toBe("CARD_NOT_SIGNED_BY_PREVIOUS_KEY");
    // Even when the new card keeps the old keys beside the new one.
    const added = signCard(rotationCard(), b.signing.privateKey);
    expect(codeOf(first, added)).toBe("CARD_NOT_SIGNED_BY_PREVIOUS_KEY");
  });

  it("is refused when signed by a previous key that was revoked or has expired by now", () => {
    const held = signCard(
      nextCard(first.card, { keys: [...keysOf(a, { revokedAt: iso(1) }), ...keysOf(b)] }),
      a.signing.privateKey,
    );
    const update = signCard(nextCard(held.card), a.signing.privateKey);
    expect(codeOf(held, update, day(0.5))).toBe("accepted");
    expect(codeOf(held, update, day(1))).toBe("CARD_NOT_SIGNED_BY_PREVIOUS_KEY");
    expect(codeOf(held, signCard(nextCard(held.card), b.signing.privateKey), day(1))).toBe("accepted");
  });

  it.each([
    ["a replay of the card held", 2],
    ["an older card", 1],
    ["a skipped card", 4],
  ])("is refused as CARD_SEQUENCE for %s (sequence %i after 2)", (_, sequence) => {
    const held = signCard(nextCard(first.card), a.signing.privateKey);
    const candidate = signCard({ ...held.card, sequence, authority: "Changed" }, a.signing.privateKey);
    expect(codeOf(held, candidate)).toBe("CARD_SEQUENCE");
    expect(codeOf(held, signCard({ ...candidate.card, sequence: 3 }, a.signing.privateKey))).toBe("accepted");
  });

  it("is refused when it names another State, even signed by the right key", () => {
    const moved = signCard(nextCard(first.card, { state: "XB" }), a.signing.privateKey);
    expect(codeOf(first, moved)).toBe("CARD_STATE_CHANGED");
  });

  it("is refused when tampered with after signing", () => {
    const update = signCard(nextCard(first.card), a.signing.privateKey);
    expect(codeOf(first, { ...update, card: { ...update.card, authority: "Not us" } })).toBe(
      "CARD_BAD_SIGNATURE",
    );
  });
});

describe("rotation with an overlap", () => {
  const second = signCard(rotationCard(), a.signing.privateKey);

  it("accepts the card that introduces the new key when the old key signs it", () => {
    expect(codeOf(first, second)).toBe("accepted");
  });

  it("accepts the next card from either key during the overlap, and only from the new key after it", () => {
    const byOld = signCard(nextCard(second.card), a.signing.privateKey);
    const byNew = signCard(nextCard(second.card), b.signing.privateKey);
    expect(codeOf(second, byOld, day(29))).toBe("accepted");
    expect(codeOf(second, byNew, day(29))).toBe("accepted");
    expect(codeOf(second, byOld, day(30))).toBe("CARD_NOT_SIGNED_BY_PREVIOUS_KEY");
    expect(codeOf(second, byNew, day(30))).toBe("accepted");
  });

  it("lets the card after the overlap drop the expired key entirely", () => {
    const third = signCard(
      nextCard(second.card, { keys: keysOf(b, { notBefore: iso(0) }) }),
      b.signing.privateKey,
    );
    expect(codeOf(second, third, day(31))).toBe("accepted");
  });
});

describe("revocation", () => {
  // The old key signs its own revocation: the one way a node that lost a key moves to a new one.
  const revoking = signCard(
    nextCard(first.card, {
      keys: [...keysOf(a, { revokedAt: iso(0) }), ...keysOf(b, { notBefore: iso(0) })],
    }),
    a.signing.privateKey,
  );

  it("accepts a card that revokes the key signing it, and from then on only the new key is trusted", () => {
    expect(codeOf(first, revoking, day(-0.1))).toBe("accepted");
    expect(codeOf(revoking, signCard(nextCard(revoking.card), a.signing.privateKey), day(1))).toBe(
      "CARD_NOT_SIGNED_BY_PREVIOUS_KEY",
    );
    expect(codeOf(revoking, signCard(nextCard(revoking.card), b.signing.privateKey), day(1))).toBe(
      "accepted",
    );
  });

  it.each<[string, (keys: NodeCard["keys"]) => NodeCard["keys"]]>([
    ["drops the revoked key", (keys) => keys.slice(2)],
    ["clears its revocation", (keys) => keys.map(({ revokedAt: _, ...k }) => k)],
    ["postpones its revocation", (keys) => keys.map((k) => (k.revokedAt ? { ...k, revokedAt: iso(5) } : k))],
  ])("refuses a later card that %s", (_, change) => {
    const next = signCard(
      nextCard(revoking.card, { keys: change(revoking.card.keys) }),
      b.signing.privateKey,
    );
    expect(codeOf(revoking, next, day(1))).toBe("CARD_KEY_UNREVOKED");
  });

  it("accepts a later card that brings a revocation forward", () => {
    const earlier = revoking.card.keys.map((k) => (k.revokedAt ? { ...k, revokedAt: iso(-0.5) } : k));
    const next = signCard(nextCard(revoking.card, { keys: earlier }), b.signing.privateKey);
    expect(codeOf(revoking, next, day(1))).toBe("accepted");
  });

  it("refuses an update that revokes every signing key, which would leave the peer unable to update", () => {
    const dead = signCard(
      nextCard(first.card, { keys: keysOf(a, { revokedAt: iso(0) }) }),
      a.signing.privateKey,
    );
    expect(codeOf(first, dead, day(0))).toBe("CARD_NO_CURRENT_KEY");
  });
});
