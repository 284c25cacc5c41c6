/**
 * XB refuses what it must, each with its own code, over real HTTPS from XA, and changes nothing: a forged
 * envelope (signed by a third key under XA's key id), a tampered one, a replay (an accepted id in
 * other bytes), a misaddressed one, an expired one and one under an algorithm not allowed.
 */
import { createSecretKey, randomUUID } from "node:crypto";
import { CompactEncrypt } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Message, sealMessage } from "../../src/crypto/envelope.js";
import { generateNodeKeys, keyId } from "../../src/crypto/node-keys.js";
import { DEFAULT_DELIVERY_POLICY, maxAgeSeconds } from "../../src/federation/delivery-policy.js";
import { type Clock, example, type FederatedNode, startPair } from "./two-nodes.js";

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
});
afterEach(async () => {
  await xa.close();
  await xb.close();
});

function requestMessage(changes: Partial<Message> = {}): Message {
  return {
    id: randomUUID(),
    kind: "request",
    from: "XA",
    to: "XB",
    created: clock.now().toISOString(),
    body: { requestId: randomUUID(), treaty: "uncc-2024", document: example("preservation") },
    ...changes,
  } as Message;
}

/** Sealed as XA seals, unless a signing key is given. */
function seal(message: Message, signingKey = xa.keys.signing.privateKey): Promise<string> {
  return sealMessage(message, {
    signingKey,
    senderKeyId: keyId(xa.keys.signing.publicKey),
    recipientKey: xb.keys.encryption.publicKey,
    recipientKeyId: keyId(xb.keys.encryption.publicKey),
  });
}

/** XA's connection, over mutual TLS: what an authentic peer could send. */
const post = async (sealed: string) => {
  const answer = await xa.post(xb, sealed);
  return { status: answer.status, type: answer.contentType, body: answer.body };
};

/** Everything a message could have changed on XB. */
async function snapshot(): Promise<string> {
  const db = xb.context.db;
  const [requests, cases, inbox, head, heads] = await Promise.all([
    db.selectFrom("requests").selectAll().orderBy("id").execute(),
    db.selectFrom("cases").selectAll().orderBy("id").execute(),
    db.selectFrom("inbox").selectAll().orderBy("message_id").execute(),
    db.selectFrom("ledger_head").selectAll().execute(),
    db.selectFrom("tree_heads").selectAll().execute(),
  ]);
  return JSON.stringify({ requests, cases, inbox, head, heads });
}

async function expectRefused(sealed: string, status: number, code: string): Promise<void> {
  const before = await snapshot();
  const answer = await post(sealed);
  expect(answer.type).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ code, status });
  expect(answer.status).toBe(status);
  expect(await snapshot()).toBe(before);
}

describe("XB refuses, and changes nothing", () => {
  it("accepts the genuine message these are variations of", async () => {
    const answer = await post(await seal(requestMessage()));
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/jose/);
    expect(await xb.context.db.selectFrom("inbox").selectAll().execute()).toHaveLength(1);
  });

  it("forged: signed by a third key under XA's key id", async () => {
    await expectRefused(
      await seal(requestMessage(), generateNodeKeys().signing.privateKey),
      401,
      "ENVELOPE_BAD_SIGNATURE",
    );
  });

  it("tampered: one character of the ciphertext changed", async () => {
    const parts = (await seal(requestMessage())).split(".");
    const ciphertext = parts[3] ?? "";
    parts[3] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
    await expectRefused(parts.join("."), 400, "ENVELOPE_UNDECRYPTABLE");
  });

  it("replayed: an accepted message's id in other bytes", async () => {
    const message = requestMessage();
    expect((await post(await seal(message))).status).toBe(200);
    await expectRefused(await seal(message), 409, "ENVELOPE_REPLAYED");
  });

  it("misaddressed: a message for XC encrypted to XB", async () => {
    await expectRefused(await seal(requestMessage({ to: "XC" })), 422, "ENVELOPE_NOT_FOR_US");
  });

  it("expired: created before the retry horizon and skew allow", async () => {
    const created = new Date(clock.now().getTime() - (maxAgeSeconds(DEFAULT_DELIVERY_POLICY) + 1) * 1000);
    await expectRefused(
      await seal(requestMessage({ created: created.toISOString() })),
      422,
      "ENVELOPE_EXPIRED",
    );
  });

  it("wrong algorithm: XA's genuine envelope relabelled, or encrypted with a shared key", async () => {
    const [header = "", ...rest] = (await seal(requestMessage())).split(".");
    const relabel = (changes: object) => {
      const original = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
      return [Buffer.from(JSON.stringify({ ...original, ...changes })).toString("base64url"), ...rest].join(
        ".",
      );
    };
    await expectRefused(relabel({ alg: "ECDH-ES" }), 400, "ENVELOPE_BAD_ALGORITHM");
    await expectRefused(relabel({ enc: "A128GCM" }), 400, "ENVELOPE_BAD_ALGORITHM");
    const inner = Buffer.from(rest.join("."), "utf8"); // any payload: the header is refused first
    const shared = await new CompactEncrypt(inner)
      .setProtectedHeader({
        alg: "dir",
        enc: "A256GCM",
        kid: JSON.parse(Buffer.from(header, "base64url").toString()).kid,
      })
      .encrypt(createSecretKey(Buffer.alloc(32, 7)));
    await expectRefused(shared, 400, "ENVELOPE_BAD_ALGORITHM");
  });

  it("an authentic request naming another requesting State is refused", async () => {
    const document = { ...example("preservation"), requestingState: "XC" };
    const message = requestMessage({
      body: { requestId: randomUUID(), treaty: "uncc-2024", document },
    } as Partial<Message>);
    await expectRefused(await seal(message), 422, "FEDERATION_REFUSED");
  });
});
