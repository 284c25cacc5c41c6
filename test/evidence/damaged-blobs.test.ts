/**
 * A received item whose chunks were marked present but whose blobs are gone or damaged by the time
 * the whole file is read back (a disk lost or altered between two rounds): the read-back refuses
 * it, the damaged chunks are marked missing again and fetched anew, and the item completes with
 * exactly the bytes sent. Nothing damaged is ever accepted.
 */
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import type { FederatedNode } from "../federation/two-nodes.js";
import {
  custodyOf,
  itemRow,
  oneRound,
  pairForEachTest,
  presentChunks,
  randomFile,
  readAll,
  transmittedToXa,
  xaOfficer,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;

pairForEachTest((pair) => ({ xa, xb } = pair));

describe("chunks marked present whose blobs are gone", () => {
  it("are fetched again, and the item completes with the bytes sent", async () => {
    const data = randomFile(3 * CHUNK_SIZE + 9);
    const { itemId } = await transmittedToXa(xa, xb, data);
    // As if a crash came after the marks and the blob folder was lost.
    await xa.context.db
      .updateTable("evidence_chunks")
      .set({ present: 1 })
      .where("item_id", "=", itemId)
      .execute();
    const root = xa.context.blobs?.root ?? "";
    expect(await readdir(root)).toEqual([]);

    await oneRound(xa);
    const after = await itemRow(xa, itemId);
    expect(after?.state).toBe("receiving");
    expect(after?.last_fetch_error).toMatch(/^No blob [0-9a-f]{64}/);
    expect(await presentChunks(xa, itemId)).toEqual([]);
    expect(await custodyOf(xa, itemId)).toEqual([]);

    // The next rounds (after the back-off) fetch every chunk again and finish the item.
    await xa.context.db
      .updateTable("evidence_items")
      .set({ next_fetch_at: "1970-01-01T00:00:00.000Z" })
      .execute();
    await oneRound(xa);
    expect((await itemRow(xa, itemId))?.state).toBe("received");
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
    const opened = await openEvidence(xa.context, xaOfficer, itemId, {
      use: "stated-proceedings",
      text: "analysis",
    });
    expect(await readAll(opened.content)).toEqual(data);
  });

  it("that each check out but do not make the file the manifest describes: the item is refused, not retried", async () => {
    const data = randomFile(CHUNK_SIZE + 5);
    const { itemId } = await transmittedToXa(xa, xb, data);
    // As if the sender had signed a whole-file hash its chunks do not make.
    const row = await itemRow(xa, itemId);
    const signed = JSON.parse(row?.manifest ?? "{}");
    signed.manifest.sha256 = "0".repeat(64);
    await xa.context.db
      .updateTable("evidence_items")
      .set({ manifest: JSON.stringify(signed) })
      .where("id", "=", itemId)
      .execute();
    await oneRound(xa);
    const after = await itemRow(xa, itemId);
    expect(after?.state).toBe("refused");
    expect(after?.next_fetch_at).toBeNull();
    expect(after?.last_fetch_error).toMatch(/not the \d+ bytes with SHA-256 0{64} listed/);
    expect(await custodyOf(xa, itemId)).toEqual([]);
    await expect(
      openEvidence(xa.context, xaOfficer, itemId, { use: "stated-proceedings", text: "analysis" }),
    ).rejects.toMatchObject({ code: "EVIDENCE_NOT_READY" });
  });
});
