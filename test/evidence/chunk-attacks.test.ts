/**
 * XA fetches the chunks of an item XB released, and XB (or whoever answers on its port with its
 * certificate) serves bad ones: a flipped byte, another item's chunk, this item's chunk from
 * another place, a chunk cut short, an empty answer, a 500, no answer at all, or a chunk XB's own
 * blob store finds altered on disk. The bad chunk is never stored nor marked present, the item stays
 * `receiving` with the failure noted and no custody recorded; once the source is repaired, a later
 * round fetches the chunk again and the item completes and verifies.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { chunkUrl } from "../../src/federation/evidence-fetch.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import { type Clock, type FederatedNode, startPair } from "../federation/two-nodes.js";
import { type ChunkAnswerer, chunkAnswer, honestChunk, type Impostor, impersonate } from "./impostor-peer.js";
import {
  custodyOf,
  itemRow,
  ledgerIntact,
  oneRound,
  presentChunks,
  randomFile,
  readAll,
  transmittedToXa,
  uploadOnXb,
  xaOfficer,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;
let impostor: Impostor | undefined;
let failures: { itemId?: string; code?: unknown; reason?: string }[];
const log = { warn: (details: object) => void failures.push(details) };

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
  failures = [];
  impostor = undefined;
});
afterEach(async () => {
  await impostor?.restore();
  await xa.close();
  await xb.close();
});

/** Three chunks, the first two full: the attacks aim at chunk 1. */
const SIZE = 2 * CHUNK_SIZE + 777;
const ATTACKED = 1;
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

const xaRound = () => oneRound(xa, log);

/** XB's port answers chunk ATTACKED with `bad`; the other chunks honestly. */
async function lieAbout(itemId: string, bad: ChunkAnswerer): Promise<void> {
  impostor = await impersonate(xb, async (asked, index) =>
    asked === itemId && index === ATTACKED
      ? bad(asked, index)
      : chunkAnswer(asked, index, await honestChunk(xb, asked, index)),
  );
}

async function repairImpostor(): Promise<void> {
  await impostor?.restore();
  impostor = undefined;
}

/** After one round: chunk ATTACKED refused, nothing accepted on XA. */
async function expectChunkRefused(
  itemId: string,
  outcome: { reason: RegExp; code?: string; served?: Buffer },
): Promise<void> {
  const row = await itemRow(xa, itemId);
  expect(row).toMatchObject({ state: "receiving", fetch_attempts: 1 });
  expect(row?.last_fetch_error).toMatch(outcome.reason);
  if (impostor !== undefined) expect(impostor.asked.at(-1)).toEqual({ itemId, index: ATTACKED });
  // What came before the bad chunk was checked and kept; the bad chunk and what follows were not.
  expect(await presentChunks(xa, itemId)).toEqual([0]);
  if (outcome.served !== undefined) expect(await xa.context.blobs?.has(sha256(outcome.served))).toBe(false);
  expect(await custodyOf(xa, itemId)).toEqual([]);
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatchObject({ itemId, ...(outcome.code ? { code: outcome.code } : {}) });
  expect(await ledgerIntact(xa)).toBe(true);
}

/** Once the source is repaired, the round due next fetches the chunk again and the item completes. */
async function expectCompletesAfterRepair(itemId: string, data: Buffer): Promise<void> {
  const row = await itemRow(xa, itemId);
  // Not before its back-off: a round now leaves it alone.
  await xaRound();
  expect(await itemRow(xa, itemId)).toMatchObject({ state: "receiving", fetch_attempts: 1 });
  clock.set(row?.next_fetch_at ?? "");
  await xaRound();
  expect(await itemRow(xa, itemId)).toMatchObject({ state: "received", last_fetch_error: null });
  expect(await presentChunks(xa, itemId)).toEqual([0, 1, 2]);
  expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
  const opened = await openEvidence(xa.context, xaOfficer, itemId, {
    use: "stated-proceedings",
    text: "Analysis for case XA-2026-0042",
  });
  expect((await readAll(opened.content)).equals(data)).toBe(true);
  expect(await ledgerIntact(xa)).toBe(true);
}

describe("XA never accepts a bad chunk, and fetches it again once the source is repaired", () => {
  it("a flipped byte", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    const bad = Buffer.from(await honestChunk(xb, itemId, ATTACKED));
    bad[1000] = (bad[1000] ?? 0) ^ 0x01;
    await lieAbout(itemId, (id, index) => chunkAnswer(id, index, bad));
    await xaRound();
    await expectChunkRefused(itemId, {
      reason: /chunk 1 does not hash to the address its manifest lists/,
      code: "EVIDENCE_CHUNK_INVALID",
      served: bad,
    });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a chunk of another item at the same place (spliced)", async () => {
    const data = randomFile(SIZE);
    const { itemId, xbId } = await transmittedToXa(xa, xb, data);
    const other = await uploadOnXb(xb, xbId, randomFile(SIZE), "other.bin");
    const spliced = await honestChunk(xb, other, ATTACKED);
    await lieAbout(itemId, (id, index) => chunkAnswer(id, index, spliced));
    await xaRound();
    await expectChunkRefused(itemId, {
      reason: /chunk 1 does not hash to the address its manifest lists/,
      code: "EVIDENCE_CHUNK_INVALID",
      served: spliced,
    });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a chunk of the same item from another place (reordered)", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    const first = await honestChunk(xb, itemId, 0);
    await lieAbout(itemId, (id, index) => chunkAnswer(id, index, first));
    await xaRound();
    await expectChunkRefused(itemId, {
      reason: /chunk 1 does not hash to the address its manifest lists/,
      code: "EVIDENCE_CHUNK_INVALID",
    });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a chunk cut short", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    const whole = await honestChunk(xb, itemId, ATTACKED);
    const truncated = whole.subarray(0, whole.length - 100);
    await lieAbout(itemId, (id, index) => chunkAnswer(id, index, truncated));
    await xaRound();
    await expectChunkRefused(itemId, {
      reason: /chunk 1 does not hash to the address its manifest lists/,
      code: "EVIDENCE_CHUNK_INVALID",
      served: truncated,
    });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("an empty answer", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    await lieAbout(itemId, () => ({ status: 200, body: "" }));
    await xaRound();
    await expectChunkRefused(itemId, { reason: /JSON/i });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("an answer without a ciphertext", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    await lieAbout(itemId, (id, index) => ({ status: 200, body: JSON.stringify({ itemId: id, index }) }));
    await xaRound();
    await expectChunkRefused(itemId, { reason: /./ });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a 500", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    await lieAbout(itemId, () => ({ status: 500, body: JSON.stringify({ code: "INTERNAL", status: 500 }) }));
    await xaRound();
    await expectChunkRefused(itemId, { reason: /chunk 1: XB answered 500/ });
    await repairImpostor();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a peer that is down", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    await xb.stop();
    await xaRound();
    const row = await itemRow(xa, itemId);
    expect(row).toMatchObject({ state: "receiving", fetch_attempts: 1 });
    expect(row?.last_fetch_error).toMatch(/ECONNREFUSED|connect/i);
    expect(await presentChunks(xa, itemId)).toEqual([]);
    expect(await custodyOf(xa, itemId)).toEqual([]);
    expect(await ledgerIntact(xa)).toBe(true);
    await xb.start();
    await expectCompletesAfterRepair(itemId, data);
  });

  it("a chunk XB's own blob store finds altered on disk (EVIDENCE_BLOB_CORRUPT there)", async () => {
    const data = randomFile(SIZE);
    const { itemId } = await transmittedToXa(xa, xb, data);
    const address = sha256(await honestChunk(xb, itemId, ATTACKED));
    const path = xb.context.blobs?.pathOf(address) ?? "";
    const original = await readFile(path);
    const altered = Buffer.from(original);
    altered[5] = (altered[5] ?? 0) ^ 0xff;
    await writeFile(path, altered);

    // What XB itself answers for it: its blob store refuses the chunk, nothing is served.
    const answer = await xa.transport.get(chunkUrl(xb.url, itemId, ATTACKED));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "EVIDENCE_BLOB_CORRUPT", status: 500 });
    expect(answer.body).not.toContain(altered.subarray(0, 64).toString("base64"));

    await xaRound();
    await expectChunkRefused(itemId, { reason: /chunk 1: XB answered 500/, served: altered });
    await writeFile(path, original);
    await expectCompletesAfterRepair(itemId, data);
  });
});
