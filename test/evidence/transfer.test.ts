/**
 * Evidence from XB to XA over mutual TLS: taken in, sealed, reviewed and released under four eyes,
 * transmitted with its manifest and wrapped key, fetched chunk by chunk, checked, received and
 * verified; each step in the custody record of the node that took it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "../../src/evidence/chunked-aead.js";
import { verifyCourtBundle } from "../../src/evidence/court-bundle-verify.js";
import { exportCourtBundle } from "../../src/services/evidence/export-court-bundle.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import { type FederatedNode, requestState } from "../federation/two-nodes.js";
import {
  custodyOf,
  exchange,
  pairForEachTest,
  randomFile,
  readAll,
  requestInExecution,
  reviewAndRelease,
  uploadOnXb,
  xaOfficer,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;

pairForEachTest((pair) => ({ xa, xb } = pair));

describe("evidence from XB to XA", () => {
  it("arrives whole, checked, with each side's custody recorded", async () => {
    const { xaId, xbId } = await requestInExecution(xa, xb);
    const data = randomFile(2 * CHUNK_SIZE + 123);
    const itemId = await uploadOnXb(xb, xbId, data);
    expect(await custodyOf(xb, itemId)).toEqual(["acquired", "sealed"]);
    await reviewAndRelease(xb, itemId);
    expect(await custodyOf(xb, itemId)).toEqual([
      "acquired",
      "sealed",
      "reviewed",
      "released",
      "transmitted",
    ]);

    await exchange(xa, xb);
    const received = await xa.context.db
      .selectFrom("evidence_items")
      .selectAll()
      .where("id", "=", itemId)
      .executeTakeFirstOrThrow();
    expect(received).toMatchObject({
      direction: "received",
      state: "received",
      origin_state: "XB",
      size: data.length,
    });
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
    expect(await requestState(xa, xaId)).toBe("evidence-received");

    const opened = await openEvidence(xa.context, xaOfficer, itemId, {
      use: "stated-proceedings",
      text: "Analysis for case XA-2026-0042",
    });
    expect(await readAll(opened.content)).toEqual(data);
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified", "opened"]);
  });
});

describe("the court bundle of a request answered with evidence", () => {
  it("is exported on XA for the stated purpose and verifies offline, custody of both nodes included", async () => {
    const { xaId, xbId } = await requestInExecution(xa, xb);
    const first = await uploadOnXb(xb, xbId, randomFile(CHUNK_SIZE + 1), "mailbox.mbox");
    const second = await uploadOnXb(xb, xbId, randomFile(10), "subscriber.csv");
    await reviewAndRelease(xb, first);
    await exchange(xa, xb);
    await reviewAndRelease(xb, second);
    await exchange(xa, xb);
    const dir = await mkdtemp(join(tmpdir(), "rogatory-court-"));
    try {
      const out = join(dir, "bundle.tar");
      const purpose = { use: "stated-proceedings", text: "Trial of case XA-2026-0042" } as const;
      expect(await exportCourtBundle(xa.context, xaOfficer, xaId, purpose, out)).toMatchObject({ items: 2 });
      const report = await verifyCourtBundle(out);
      expect(report.failures).toEqual([]);
      expect(report.ok).toBe(true);
      // XB's custody came proven against the two heads it signed when it sent each item.
      const xbLedgers = report.checks.filter((c) => c.subject.startsWith("ledger/XB/"));
      expect(xbLedgers).toHaveLength(2);
      expect(await custodyOf(xa, first)).toEqual(["received", "verified", "exported"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
