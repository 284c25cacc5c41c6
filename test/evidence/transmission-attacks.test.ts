/**
 * Evidence transmissions that XB really signed (sealed with its own keys, over its own mutual-TLS
 * connection: the envelope is authentic) but whose content must not be taken in: a manifest with an
 * altered or foreign signature, for another request or naming another State; custody entries that do
 * not prove out, are signed by another key, belong to another item or manifest, or lack
 * "transmitted"; a file key wrapped for another item or to another node; and the same item sent
 * twice. XA refuses each with FEDERATION_REFUSED and records nothing: no item, no chunk row, no
 * custody, no inbox row, its ledger unchanged.
 */
import { randomUUID, sign } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Message, MessageBody } from "../../src/crypto/envelope.js";
import { sealMessage } from "../../src/crypto/envelope.js";
import { generateNodeKeys, keyId } from "../../src/crypto/node-keys.js";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import type { ProvenLedger } from "../../src/evidence/custody.js";
import { unwrapFileKey, wrapFileKey } from "../../src/evidence/key-wrap.js";
import { type Manifest, manifestSigningBytes, signManifest } from "../../src/evidence/manifest.js";
import { signTreeHead } from "../../src/ledger/tree-head.js";
import { proveEntries } from "../../src/services/evidence/custody-log.js";
import { appendToLedger } from "../../src/store/ledger-store.js";
import { type Clock, type FederatedNode, startPair } from "../federation/two-nodes.js";
import {
  itemRow,
  ledgerIntact,
  randomFile,
  requestInExecution,
  reviewAndRelease,
  uploadOnXb,
} from "./transfer-kit.js";

type Transmission = MessageBody<"evidence-transmission">;

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;
/** XB's genuine transmission of `itemId`, as it sits signed in XB's outbox. */
let genuine: Message & { body: Transmission };
let itemId: string;
let xbRequestId: string;

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
  const { xbId } = await requestInExecution(xa, xb);
  xbRequestId = xbId;
  itemId = await uploadOnXb(xb, xbId, randomFile(CHUNK_SIZE + 5));
  await reviewAndRelease(xb, itemId);
  const row = await xb.context.db
    .selectFrom("outbox")
    .select("signed_message")
    .where("kind", "=", "evidence-transmission")
    .executeTakeFirstOrThrow();
  const payload = (row.signed_message ?? "").split(".")[1] ?? "";
  genuine = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
});
afterEach(async () => {
  await xa.close();
  await xb.close();
});

const xbSigning = () => xb.keys.signing;
const xbKid = () => keyId(xb.keys.signing.publicKey);

/** Sealed by XB with its real keys, under a fresh message id, and posted over XB's connection. */
async function send(body: Transmission): Promise<{ status: number; body: string }> {
  const message = { ...genuine, id: randomUUID(), created: clock.now().toISOString(), body } as Message;
  const sealed = await sealMessage(message, {
    signingKey: xbSigning().privateKey,
    senderKeyId: xbKid(),
    recipientKey: xa.keys.encryption.publicKey,
    recipientKeyId: keyId(xa.keys.encryption.publicKey),
  });
  const answer = await xb.post(xa, sealed);
  return { status: answer.status, body: answer.body };
}

/** Everything a transmission could have changed on XA. */
async function snapshot(): Promise<string> {
  const db = xa.context.db;
  const [items, chunks, custody, inbox, requests, head, heads] = await Promise.all([
    db.selectFrom("evidence_items").selectAll().orderBy("id").execute(),
    db.selectFrom("evidence_chunks").selectAll().orderBy("item_id").orderBy("idx").execute(),
    db.selectFrom("custody_events").selectAll().orderBy("ledger_index").execute(),
    db.selectFrom("inbox").selectAll().orderBy("message_id").execute(),
    db.selectFrom("requests").selectAll().orderBy("id").execute(),
    db.selectFrom("ledger_head").selectAll().execute(),
    db.selectFrom("tree_heads").selectAll().execute(),
  ]);
  return JSON.stringify({ items, chunks, custody, inbox, requests, head, heads });
}

async function expectRefused(body: Transmission, detail: RegExp): Promise<void> {
  const before = await snapshot();
  const answer = await send(body);
  const problem = JSON.parse(answer.body);
  expect(problem).toMatchObject({ code: "FEDERATION_REFUSED", status: 422 });
  expect(problem.detail).toMatch(detail);
  expect(answer.status).toBe(422);
  expect(await snapshot()).toBe(before);
  expect(await ledgerIntact(xa)).toBe(true);
}

/** The manifest changed by `change`, signed again by XB's real key: authentic, but wrong. */
function resigned(change: (m: Manifest) => Manifest): Transmission["manifest"] {
  const changed = change(structuredClone(genuine.body.manifest.manifest as Manifest));
  return signManifest(changed, xbSigning().privateKey, xbKid());
}

const manifestOf = () => genuine.body.manifest.manifest as Manifest;
const signatureOf = () => genuine.body.manifest.signature as { kid: string; value: string };
const custodyOf = () => structuredClone(genuine.body.custody) as ProvenLedger;

/** XB's own ledger entries at `indexes`, proven against a head XB signs now: all of it genuine. */
const provenOnXb = async (indexes: number[]) => (await proveEntries(xb.context, indexes)) as ProvenLedger;
const custodyIndexesOnXb = async (id: string): Promise<number[]> =>
  (
    await xb.context.db
      .selectFrom("custody_events")
      .select("ledger_index")
      .where("item_id", "=", id)
      .orderBy("ledger_index")
      .execute()
  ).map((r) => Number(r.ledger_index));

async function fileKey(): Promise<Buffer> {
  const row = await itemRow(xb, itemId);
  return unwrapFileKey(row?.wrapped_key ?? "", xb.context.keys.encryptionPrivate, itemId);
}

describe("XA takes in XB's genuine transmission", () => {
  it("accepts it: the item is receiving, each chunk still to fetch", async () => {
    const answer = await send(genuine.body);
    expect(answer.status).toBe(200);
    expect(await itemRow(xa, itemId)).toMatchObject({ state: "receiving", origin_state: "XB" });
  });
});

describe("XA refuses an authentic transmission whose manifest is wrong, and records nothing", () => {
  it("the manifest's signature altered", async () => {
    const { value, kid } = signatureOf();
    const altered = (value.startsWith("A") ? "B" : "A") + value.slice(1);
    await expectRefused(
      { ...genuine.body, manifest: { manifest: manifestOf(), signature: { kid, value: altered } } },
      /signature does not verify with key/,
    );
  });

  it("the manifest signed by another key under XB's key id", async () => {
    const other = generateNodeKeys().signing.privateKey;
    const value = sign(null, manifestSigningBytes(manifestOf()), other).toString("base64");
    await expectRefused(
      { ...genuine.body, manifest: { manifest: manifestOf(), signature: { kid: xbKid(), value } } },
      /signature does not verify with key/,
    );
  });

  it("the manifest signed by another key under that key's id", async () => {
    const other = generateNodeKeys().signing;
    const forged = signManifest(manifestOf(), other.privateKey, keyId(other.publicKey));
    await expectRefused({ ...genuine.body, manifest: forged }, /no Ed25519 public key is known/);
  });

  it("a manifest for another request", async () => {
    const manifest = resigned((m) => ({ ...m, requestId: randomUUID() }));
    await expectRefused({ ...genuine.body, manifest }, /the manifest is for request/);
  });

  it("a manifest naming another State as its holder", async () => {
    const manifest = resigned((m) => ({ ...m, node: { ...m.node, state: "XC" } }));
    await expectRefused({ ...genuine.body, manifest }, /the manifest is XC's, sent by XB/);
  });
});

describe("XA refuses an authentic transmission whose custody does not prove out, and records nothing", () => {
  it("an inclusion proof altered", async () => {
    const custody = custodyOf();
    const first = custody.entries[0];
    if (first === undefined || first.proof.length === 0) throw new Error("no proof to alter");
    const hash = first.proof[0] ?? "";
    first.proof[0] = (hash.startsWith("0") ? "1" : "0") + hash.slice(1);
    await expectRefused(
      { ...genuine.body, custody },
      /entry \d+ \(evidence\.\w+\) is not included in .*tree head/,
    );
  });

  it("the tree head signed by a key that is not XB's", async () => {
    const custody = custodyOf();
    const head = custody.treeHead;
    const forged = signTreeHead(
      {
        logId: head.logId,
        size: head.size,
        timestamp: head.timestamp,
        root: Buffer.from(head.root, "base64"),
      },
      generateNodeKeys().signing.privateKey,
    );
    custody.treeHead = { ...head, signature: forged.signature };
    await expectRefused({ ...genuine.body, custody }, /does not verify with XB's key/);
  });

  it("an entry of another item, proven in XB's own ledger", async () => {
    const other = await uploadOnXb(xb, xbRequestId, randomFile(10), "other.bin");
    const indexes = [...(await custodyIndexesOnXb(itemId)), ...(await custodyIndexesOnXb(other))];
    const custody = await provenOnXb(indexes.sort((a, b) => a - b));
    await expectRefused(
      { ...genuine.body, custody },
      /is not a custody event of item .* under this manifest/,
    );
  });

  it("an entry of this item under another manifest, proven in XB's own ledger", async () => {
    const forged = await xb.context.db.transaction().execute((trx) =>
      appendToLedger(trx, xb.context.storeKind, clock.now(), [
        {
          type: "evidence.reviewed",
          subject: itemId,
          actor: "node:XB",
          data: { requestId: genuine.body.requestId, manifestSha256: "0".repeat(64), state: "XB" },
        },
      ]),
    );
    const indexes = [...(await custodyIndexesOnXb(itemId)), ...forged.map((e) => e.index)];
    const custody = await provenOnXb(indexes);
    await expectRefused(
      { ...genuine.body, custody },
      /is not a custody event of item .* under this manifest/,
    );
  });

  it('the entries without "transmitted"', async () => {
    const custody = custodyOf();
    custody.entries = custody.entries.filter(({ entry }) => entry.type !== "evidence.transmitted");
    expect(custody.entries.length).toBe(genuine.body.custody.entries.length - 1);
    await expectRefused({ ...genuine.body, custody }, /lacks "transmitted"/);
  });
});

describe("XA refuses an authentic transmission whose key is not for it, and records nothing", () => {
  it("the file key wrapped for another item id", async () => {
    const wrappedKey = await wrapFileKey(await fileKey(), xa.keys.encryption.publicKey, randomUUID());
    await expectRefused({ ...genuine.body, wrappedKey }, /is not the key of item/);
  });

  it("the file key wrapped to another node's key", async () => {
    const wrappedKey = await wrapFileKey(await fileKey(), generateNodeKeys().encryption.publicKey, itemId);
    await expectRefused({ ...genuine.body, wrappedKey }, /does not open with this node's key/);
  });
});

describe("XA takes in an item once", () => {
  it("refuses the same item transmitted again in another message", async () => {
    expect((await send(genuine.body)).status).toBe(200);
    await expectRefused(genuine.body, /already transmitted/);
    expect(await itemRow(xa, itemId)).toMatchObject({ state: "receiving" });
  });
});
