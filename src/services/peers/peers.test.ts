/**
 * The peers services on every store backend: exporting this node's card, importing and confirming
 * a peer, updates, rotation, revocation and reinstatement, roles — and on every refusal, nothing
 * stored and nothing appended to the ledger.
 */

import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../../../test/support/backends.js";
import type { Actor } from "../../cases/roles.js";
import { SYSTEM } from "../../cases/roles.js";
import { fingerprint, generateNodeKeys } from "../../crypto/node-keys.js";
import type { NodeCard, SignedCard } from "../../directory/node-card.js";
import { CardError } from "../../directory/node-card-errors.js";
import { signCard } from "../../directory/node-card-sign.js";
import {
  iso,
  keysOf,
  makeCard,
  nextCard,
  T0,
  TLS_FIXTURES,
  tlsFixture,
} from "../../directory/node-card-test-kit.js";
import { tlsEntryOf } from "../../directory/node-card-tls.js";
import { verifyCardUpdate } from "../../directory/node-card-verify.js";
import { fakeClock } from "../../server/clock.js";
import type { Store } from "../../store/database.js";
import type { Database } from "../../store/schema.js";
import { createUser } from "../users/create-user.js";
import { updateUser } from "../users/update-user.js";
import { exportOwnCard } from "./export-own-card.js";
import { importPeerCard } from "./import-peer-card.js";
import { listPeers } from "./list-peers.js";
import { operatorActor } from "./operator-actor.js";
import { PeerError } from "./peer-errors.js";
import type { PeersContext } from "./peers-context.js";
import { revokePeer } from "./revoke-peer.js";

const admin: Actor = { kind: "user", id: "admin-1", role: "administrator", unit: "administration" };
const auditor: Actor = { kind: "user", id: "audit-1", role: "auditor", unit: "audit" };
const officer: Actor = { kind: "user", id: "officer-1", role: "case-officer", unit: "cyber" };

const nodeA = { state: "XA", host: "127.0.0.1", port: 7400 };
const tlsCertificate = (i: 0 | 1) => ({
  certificate: new X509Certificate(Buffer.from(TLS_FIXTURES[i], "base64")),
});
const tlsA = tlsCertificate(0);
const keysA = generateNodeKeys();
const keysB = generateNodeKeys();
const newKeysB = generateNodeKeys();
const stranger = generateNodeKeys();

const cardB1 = signCard(
  makeCard(keysB, { state: "XB", authority: "Central Authority of XB" }),
  keysB.signing.privateKey,
);
const fingerprintB = fingerprint(keysB.signing.publicKey);

const contextOf = (store: Store): PeersContext => ({
  db: store.db,
  storeKind: store.kind,
  clock: fakeClock(T0),
});

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CardError || error instanceof PeerError) return error.code;
    throw error;
  }
  return "no error";
};

const counts = async (db: Store["db"]) => {
  const n = async (table: keyof Database) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    peers: await n("peers"),
    peerCards: await n("peer_cards"),
    ownCards: await n("own_cards"),
    ledger: await n("ledger_entries"),
  };
};

const ledger = async (db: Store["db"]) =>
  (await db.selectFrom("ledger_entries").select("entry").orderBy("idx").execute()).map((r) =>
    JSON.parse(r.entry),
  );

describeEachBackend("peers services", (backend) => {
  const setup = async () => {
    const store = await backend.open();
    const context = contextOf(store);
    const add = (card: unknown, fp?: string, actor: Actor = admin) =>
      importPeerCard({ context, actor, ownState: "XA", card, fingerprint: fp });
    return { store, context, add };
  };

  it("exports this node's card: signed, self-verifying, recorded once and entered in the ledger", async () => {
    const { store, context } = await setup();
    const exported = await exportOwnCard({ context, actor: admin, node: nodeA, keys: keysA, tls: tlsA });
    expect(exported.issued).toBe(true);
    expect(exported.fingerprint).toBe(fingerprint(keysA.signing.publicKey));
    expect(exported.signed.card).toMatchObject({
      state: "XA",
      authority: "Central authority of XA",
      endpoint: "https://127.0.0.1:7400",
      declarationsVersion: "2030-01-01",
      issued: T0.toISOString(),
      sequence: 1,
    });
    // A peer in another State, whose clock runs a little behind, still sees the keys as current.
    expect(
      verifyCardUpdate(undefined, exported.signed, new Date(T0.getTime() - 30 * 60_000)).fingerprint,
    ).toBe(exported.fingerprint);
    expect(await ledger(store.db)).toEqual([
      expect.objectContaining({
        actor: "user:admin-1",
        type: "node-card.issued",
        subject: "node:XA",
        data: expect.objectContaining({ sequence: 1, fingerprint: exported.fingerprint }),
      }),
    ]);
    expect((await counts(store.db)).ownCards).toBe(1);
  });

  it("returns the same card when nothing changed, and a valid update with the next sequence when something did", async () => {
    const { store, context } = await setup();
    const first = await exportOwnCard({ context, actor: admin, node: nodeA, keys: keysA, tls: tlsA });
    const again = await exportOwnCard({ context, actor: admin, node: nodeA, keys: keysA, tls: tlsA });
    expect(again.issued).toBe(false);
    expect(again.signed).toStrictEqual(first.signed);
    expect(await counts(store.db)).toMatchObject({ ownCards: 1, ledger: 1 });

    const options = { context, actor: admin, node: nodeA, keys: keysA, tls: tlsA };
    const second = await exportOwnCard({
      ...options,
      declarationsVersion: "2030-02-01",
      endpoint: "https://xa.example",
    });
    expect(second.signed.card.sequence).toBe(2);
    expect(verifyCardUpdate(first.signed, second.signed, T0).signer.kid).toBe(first.signed.signature.kid);
    // The keys keep the validity the first card gave them.
    expect(second.signed.card.keys).toStrictEqual(first.signed.card.keys);
    // Settings given once are kept by later exports (the endpoint is not reset to host:port).
    const third = await exportOwnCard(options);
    expect(third).toMatchObject({ issued: false, signed: second.signed });
    expect(await counts(store.db)).toMatchObject({ ownCards: 2, ledger: 2 });
  });

  it("lists the TLS certificate; a replaced one stays listed for the overlap, then is dropped", async () => {
    const { context } = await setup();
    const clock = context.clock as ReturnType<typeof fakeClock>;
    const first = await exportOwnCard({ context, actor: admin, node: nodeA, keys: keysA, tls: tlsA });
    const old = tlsEntryOf(tlsA.certificate.raw, iso(-1 / 24));
    expect(first.signed.card.tls).toStrictEqual([old]);
    const options = { context, actor: admin, node: nodeA, keys: keysA, tls: tlsCertificate(1) };
    const rotated = await exportOwnCard(options);
    const fresh = tlsEntryOf(tlsCertificate(1).certificate.raw, iso(-1 / 24));
    expect(rotated.signed.card.tls).toStrictEqual([fresh, { ...old, notAfter: iso(7) }]);
    expect(verifyCardUpdate(first.signed, rotated.signed, T0).signed.card.sequence).toBe(2);
    expect((await exportOwnCard(options)).issued).toBe(false);
    clock.set(iso(7));
    const after = await exportOwnCard(options);
    expect(after.signed.card.tls).toStrictEqual([fresh]);
  });

  it("refuses to issue a card signed by replaced key files, which peers would refuse, and stores nothing", async () => {
    const { store, context } = await setup();
    await exportOwnCard({ context, actor: admin, node: nodeA, keys: keysA, tls: tlsA });
    const code = await codeOf(
      exportOwnCard({ context, actor: admin, node: nodeA, keys: stranger, tls: tlsA }),
    );
    expect(code).toBe("CARD_NOT_SIGNED_BY_PREVIOUS_KEY");
    expect(await counts(store.db)).toMatchObject({ ownCards: 1, ledger: 1 });
  });

  it("adds a new peer confirmed with the right fingerprint, however it is spaced or cased", async () => {
    const { store, add } = await setup();
    const typed = fingerprintB.toUpperCase().replaceAll(" ", ":");
    const result = await add(JSON.parse(JSON.stringify(cardB1)), typed);
    expect(result.outcome).toBe("added");
    expect(result.peer).toMatchObject({
      state: "XB",
      status: "active",
      authority: "Central Authority of XB",
      sequence: 1,
      fingerprintConfirmed: fingerprintB,
      signingFingerprints: [fingerprintB],
      confirmedBy: "user:admin-1",
      confirmedAt: T0.toISOString(),
      actions: ["revoke"],
    });
    expect(await counts(store.db)).toMatchObject({ peers: 1, peerCards: 1, ledger: 1 });
    expect(await ledger(store.db)).toEqual([
      expect.objectContaining({
        actor: "user:admin-1",
        type: "peer.confirmed",
        subject: "peer:XB",
        data: expect.objectContaining({
          sequence: 1,
          fingerprint: fingerprintB,
          signedBy: cardB1.signature.kid,
        }),
      }),
    ]);
  });

  it.each<[string, () => { card: unknown; fingerprint?: string }, string]>([
    [
      "a wrong fingerprint",
      () => ({ card: cardB1, fingerprint: fingerprint(stranger.signing.publicKey) }),
      "CARD_FINGERPRINT_MISMATCH",
    ],
    ["no fingerprint", () => ({ card: cardB1 }), "INPUT_REQUIRED"],
    [
      "a fingerprint that is not 64 hex digits",
      () => ({ card: cardB1, fingerprint: "abcd efgh" }),
      "BAD_REQUEST",
    ],
    [
      "a tampered card",
      () => ({
        card: { ...cardB1, card: { ...cardB1.card, endpoint: "https://evil.example" } },
        fingerprint: fingerprintB,
      }),
      "CARD_BAD_SIGNATURE",
    ],
    [
      "a card signed by another key",
      () => ({
        card: signCard(cardB1.card, stranger.signing.privateKey),
        fingerprint: fingerprint(stranger.signing.publicKey),
      }),
      "CARD_NOT_SELF_SIGNED",
    ],
    ["garbage", () => ({ card: { hello: "world" }, fingerprint: fingerprintB }), "CARD_MALFORMED"],
    [
      // Federation is HTTPS with mutual TLS only: a plain-http endpoint could never be reached.
      "an http endpoint",
      () => ({
        card: { ...cardB1, card: { ...cardB1.card, endpoint: "http://xb.example:7400" } },
        fingerprint: fingerprintB,
      }),
      "CARD_MALFORMED",
    ],
    [
      "this node's own card",
      () => ({
        card: signCard(makeCard(keysA), keysA.signing.privateKey),
        fingerprint: fingerprint(keysA.signing.publicKey),
      }),
      "BAD_REQUEST",
    ],
  ])("refuses a new peer with %s and stores nothing", async (_, input, code) => {
    const { store, add } = await setup();
    const { card, fingerprint: fp } = input();
    expect(await codeOf(add(card, fp))).toBe(code);
    expect(await counts(store.db)).toEqual({ peers: 0, peerCards: 0, ownCards: 0, ledger: 0 });
  });

  it("accepts an update signed by the key held, without a new ceremony, and records it", async () => {
    const { store, add } = await setup();
    await add(cardB1, fingerprintB);
    const cardB2 = signCard(
      nextCard(cardB1.card, { declarationsVersion: "2030-03-01" }),
      keysB.signing.privateKey,
    );
    const result = await add(cardB2);
    expect(result.outcome).toBe("updated");
    expect(result.peer).toMatchObject({
      sequence: 2,
      declarationsVersion: "2030-03-01",
      fingerprintConfirmed: fingerprintB,
    });
    expect(await counts(store.db)).toMatchObject({ peers: 1, peerCards: 2, ledger: 2 });
    expect((await ledger(store.db))[1]).toMatchObject({
      type: "peer.card-updated",
      data: { sequence: 2, previousSequence: 1, signedBy: cardB1.signature.kid, added: [], revoked: [] },
    });
  });

  it("treats the card held, imported again, as unchanged: no write, no ledger entry", async () => {
    const { store, add } = await setup();
    await add(cardB1, fingerprintB);
    expect((await add(cardB1)).outcome).toBe("unchanged");
    expect(await counts(store.db)).toMatchObject({ peerCards: 1, ledger: 1 });
    // A fingerprint given even then must be right.
    expect(await codeOf(add(cardB1, fingerprint(stranger.signing.publicKey)))).toBe(
      "CARD_FINGERPRINT_MISMATCH",
    );
  });

  it.each<[string, () => SignedCard, string]>([
    ["an old card replayed", () => cardB1, "CARD_SEQUENCE"],
    [
      "a card signed only by a key it introduces",
      () =>
        signCard(nextCard(cardB1.card, { sequence: 3, keys: keysOf(stranger) }), stranger.signing.privateKey),
      "CARD_NOT_SIGNED_BY_PREVIOUS_KEY",
    ],
    [
      "a card for the right State with a skipped sequence",
      () => signCard(nextCard(cardB1.card, { sequence: 4 }), keysB.signing.privateKey),
      "CARD_SEQUENCE",
    ],
  ])("refuses %s as an update and keeps the card held", async (_, candidate, code) => {
    const { store, add, context } = await setup();
    await add(cardB1, fingerprintB);
    const cardB2 = signCard(nextCard(cardB1.card), keysB.signing.privateKey);
    await add(cardB2);
    const before = await counts(store.db);
    expect(await codeOf(add(candidate()))).toBe(code);
    expect(await counts(store.db)).toEqual(before);
    expect((await listPeers({ context, actor: admin }))[0]?.sequence).toBe(2);
  });

  describe("two active peers sharing a TLS certificate or an endpoint", () => {
    // XB (cardB1) is at https://xa.example:7400 with TLS fixture 0.
    const keysC = generateNodeKeys();
    const fingerprintC = fingerprint(keysC.signing.publicKey);
    const cardC = (changes: Partial<NodeCard>) =>
      signCard(
        makeCard(keysC, {
          state: "XC",
          endpoint: "https://xc.example:7400",
          tls: [tlsFixture(1)],
          ...changes,
        }),
        keysC.signing.privateKey,
      );

    it.each<[string, Partial<NodeCard>]>([
      ["XB's TLS certificate", { tls: [tlsFixture(1), tlsFixture(0)] }],
      ["XB's endpoint", { endpoint: "https://xa.example:7400" }],
      // The same origin, however spelled: scheme and host in another case, a path.
      ["XB's endpoint origin", { endpoint: "HTTPS://XA.example:7400/elsewhere" }],
    ])("refuses a new peer whose card has %s, with CONFLICT, and stores nothing", async (_, changes) => {
      const { store, add } = await setup();
      await add(cardB1, fingerprintB);
      const before = await counts(store.db);
      const refused = add(cardC(changes), fingerprintC);
      await expect(refused).rejects.toThrow(/XB, an active peer: two peers cannot share/);
      expect(await codeOf(add(cardC(changes), fingerprintC))).toBe("CONFLICT");
      expect(await counts(store.db)).toEqual(before);
    });

    it.each<[string, Partial<NodeCard>]>([
      ["XB's TLS certificate", { tls: [tlsFixture(1), tlsFixture(0)] }],
      ["XB's endpoint", { endpoint: "https://xa.example:7400" }],
    ])("refuses an update that takes %s, with CONFLICT, and keeps the card held", async (_, changes) => {
      const { store, add, context } = await setup();
      await add(cardB1, fingerprintB);
      const first = cardC({});
      expect((await add(first, fingerprintC)).outcome).toBe("added");
      const before = await counts(store.db);
      const update = signCard(nextCard(first.card, changes), keysC.signing.privateKey);
      expect(await codeOf(add(update))).toBe("CONFLICT");
      expect(await counts(store.db)).toEqual(before);
      const held = (await listPeers({ context, actor: admin })).find((peer) => peer.state === "XC");
      expect(held?.sequence).toBe(1);
    });

    it("counts only active peers: once XB is revoked, its certificate and endpoint may be another's", async () => {
      const { add, context } = await setup();
      await add(cardB1, fingerprintB);
      await revokePeer({ context, actor: admin, state: "XB" });
      const taking = cardC({ endpoint: "https://xa.example:7400", tls: [tlsFixture(0)] });
      expect((await add(taking, fingerprintC)).outcome).toBe("added");
      // ...and XB, rebuilt, cannot come back with them while XC holds them.
      expect(await codeOf(add(cardB1, fingerprintB))).toBe("CONFLICT");
    });
  });

  it("follows a rotation: the old key introduces the new one, which then signs on its own", async () => {
    const { store, add, context } = await setup();
    await add(cardB1, fingerprintB);
    const rotating: NodeCard = nextCard(cardB1.card, {
      keys: [
        ...keysOf(keysB, { notBefore: iso(-1), notAfter: iso(30) }),
        ...keysOf(newKeysB, { notBefore: iso(0) }),
      ],
    });
    const cardB2 = signCard(rotating, keysB.signing.privateKey);
    await add(cardB2);
    const [peer] = await listPeers({ context, actor: admin });
    expect(peer?.signingFingerprints).toEqual([fingerprintB, fingerprint(newKeysB.signing.publicKey)]);
    expect((await ledger(store.db))[1]?.data.added).toEqual(keysOf(newKeysB).map((k) => k.kid));
    const cardB3 = signCard(nextCard(cardB2.card), newKeysB.signing.privateKey);
    expect((await add(cardB3)).outcome).toBe("updated");
  });

  it("revokes a peer, and trusts it again only after a new fingerprint confirmation", async () => {
    const { store, add, context } = await setup();
    await add(cardB1, fingerprintB);
    const revoked = await revokePeer({ context, actor: admin, state: "XB", reason: "keys lost" });
    expect(revoked).toMatchObject({
      status: "revoked",
      revokedBy: "user:admin-1",
      revokedAt: T0.toISOString(),
      actions: [],
    });
    expect((await ledger(store.db))[1]).toMatchObject({
      type: "peer.revoked",
      subject: "peer:XB",
      data: { reason: "keys lost", sequence: 1 },
    });
    expect(await codeOf(revokePeer({ context, actor: admin, state: "XB" }))).toBe("CONFLICT");
    expect(await codeOf(revokePeer({ context, actor: admin, state: "XC" }))).toBe("NOT_FOUND");

    // The State rebuilt its node: a new first card, accepted only with the new fingerprint.
    const rebuilt = signCard(makeCard(newKeysB, { state: "XB" }), newKeysB.signing.privateKey);
    expect(await codeOf(add(rebuilt))).toBe("INPUT_REQUIRED");
    expect(await codeOf(add(rebuilt, fingerprintB))).toBe("CARD_FINGERPRINT_MISMATCH");
    const again = await add(rebuilt, fingerprint(newKeysB.signing.publicKey));
    expect(again.outcome).toBe("reinstated");
    expect(again.peer).toMatchObject({
      status: "active",
      revokedAt: null,
      fingerprintConfirmed: fingerprint(newKeysB.signing.publicKey),
    });
    expect(await counts(store.db)).toMatchObject({ peers: 1, peerCards: 2, ledger: 3 });
  });

  it("lets the auditor read peers but not change them, and the officer do neither", async () => {
    const { store, add, context } = await setup();
    await add(cardB1, fingerprintB);
    const [seen] = await listPeers({ context, actor: auditor });
    expect(seen).toMatchObject({ state: "XB", actions: [] });
    const before = await counts(store.db);
    expect(
      await codeOf(add(signCard(nextCard(cardB1.card), keysB.signing.privateKey), undefined, auditor)),
    ).toBe("FORBIDDEN");
    expect(await codeOf(revokePeer({ context, actor: auditor, state: "XB" }))).toBe("FORBIDDEN");
    expect(
      await codeOf(exportOwnCard({ context, actor: auditor, node: nodeA, keys: keysA, tls: tlsA })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(listPeers({ context, actor: officer }))).toBe("FORBIDDEN");
    expect(await counts(store.db)).toEqual(before);
  });

  it("adds a peer once when two administrators import its card at the same time", async () => {
    const { store, add } = await setup();
    const results = await Promise.allSettled([add(cardB1, fingerprintB), add(cardB1, fingerprintB)]);
    const outcomes = results.map((r) =>
      r.status === "fulfilled" ? r.value.outcome : (r.reason as PeerError).code,
    );
    expect(outcomes).toContain("added");
    expect(outcomes.filter((o) => o === "added")).toHaveLength(1);
    expect(await counts(store.db)).toMatchObject({ peers: 1, peerCards: 1, ledger: 1 });
  });

  it("names the CLI's operator by username, and refuses an unknown or disabled one", async () => {
    const { store } = await setup();
    const users = { db: store.db, storeKind: store.kind, clock: fakeClock(T0) };
    const created = await createUser({
      context: users,
      actor: SYSTEM,
      username: "root",
      displayName: "R",
      role: "administrator",
      unit: "administration",
      password: "a long enough passphrase",
    });
    await createUser({
      context: users,
      actor: SYSTEM,
      username: "other",
      displayName: "O",
      role: "administrator",
      unit: "administration",
      password: "a long enough passphrase",
    });
    expect(await operatorActor(store.db, "root")).toEqual({
      kind: "user",
      id: created.user.id,
      role: "administrator",
      unit: "administration",
    });
    expect(await codeOf(operatorActor(store.db, "nobody"))).toBe("NOT_FOUND");
    await updateUser({ context: users, actor: SYSTEM, userId: created.user.id, changes: { disabled: true } });
    expect(await codeOf(operatorActor(store.db, "root"))).toBe("NOT_FOUND");
  });
});
