/**
 * Evidence leaves XB only under four eyes: the person who acquired it can neither review nor release
 * it (even holding a supervisor's role), it is released only after a review, and only a supervisor
 * reviews or releases. Each refusal changes nothing: the item keeps its state, no custody entry is
 * added and no transmission is queued.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { releaseEvidence, reviewEvidence } from "../../src/services/evidence/release.js";
import { type FederatedNode, startPair } from "../federation/two-nodes.js";
import {
  custodyOf,
  itemRow,
  ledgerIntact,
  person,
  randomFile,
  requestInExecution,
  uploadOnXb,
  xbCentral,
  xbExecuting,
  xbReviewer,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;
let itemId: string;

beforeEach(async () => {
  ({ xa, xb } = await startPair());
  const { xbId } = await requestInExecution(xa, xb);
  itemId = await uploadOnXb(xb, xbId, randomFile(100));
});
afterEach(async () => {
  await xa.close();
  await xb.close();
});

/** The uploader, now also holding a supervisor's role: the same person, by id. */
const uploaderAsSupervisor = person("xb-executing", "supervisor", "central-authority");
const xbCaseOfficer = person("xb-officer", "case-officer", "central-authority");

const transmissions = async () =>
  (
    await xb.context.db
      .selectFrom("outbox")
      .select("message_id")
      .where("kind", "=", "evidence-transmission")
      .execute()
  ).length;

/** `attempt` is refused with `code`, and the item, its custody and the outbox stay as they were. */
async function expectRefused(attempt: Promise<unknown>, code: string): Promise<void> {
  const state = (await itemRow(xb, itemId))?.state;
  const custody = await custodyOf(xb, itemId);
  await expect(attempt).rejects.toMatchObject({ code });
  expect((await itemRow(xb, itemId))?.state).toBe(state);
  expect(await custodyOf(xb, itemId)).toEqual(custody);
  expect(await transmissions()).toBe(0);
  expect(await ledgerIntact(xb)).toBe(true);
}

describe("four eyes on XB's evidence", () => {
  it("the uploader cannot review it, even as a supervisor", async () => {
    await expectRefused(reviewEvidence(xb.context, uploaderAsSupervisor, itemId), "FOUR_EYES");
    await expectRefused(reviewEvidence(xb.context, xbExecuting, itemId), "FORBIDDEN");
    expect(await custodyOf(xb, itemId)).toEqual(["acquired", "sealed"]);
  });

  it("the uploader cannot release it once another supervisor reviewed it", async () => {
    await reviewEvidence(xb.context, xbReviewer, itemId, "content matches the order");
    await expectRefused(releaseEvidence(xb.context, uploaderAsSupervisor, itemId), "FOUR_EYES");
    await expectRefused(releaseEvidence(xb.context, xbExecuting, itemId), "FORBIDDEN");
    expect((await itemRow(xb, itemId))?.state).toBe("reviewed");
  });

  it("it is not released before a review", async () => {
    await expectRefused(releaseEvidence(xb.context, xbCentral, itemId), "EVIDENCE_NOT_READY");
    expect((await itemRow(xb, itemId))?.state).toBe("sealed");
  });

  it("a case officer can neither review nor release it", async () => {
    await expectRefused(reviewEvidence(xb.context, xbCaseOfficer, itemId), "FORBIDDEN");
    await reviewEvidence(xb.context, xbReviewer, itemId);
    await expectRefused(releaseEvidence(xb.context, xbCaseOfficer, itemId), "FORBIDDEN");
  });

  it("a second supervisor reviews and a supervisor releases it: one transmission queued", async () => {
    await reviewEvidence(xb.context, xbReviewer, itemId, "content matches the order");
    // A review is done once.
    await expectRefused(reviewEvidence(xb.context, xbCentral, itemId), "EVIDENCE_NOT_READY");
    await releaseEvidence(xb.context, xbCentral, itemId);
    expect(await transmissions()).toBe(1);
    expect(await custodyOf(xb, itemId)).toEqual([
      "acquired",
      "sealed",
      "reviewed",
      "released",
      "transmitted",
    ]);
    // Released once: a second release is refused and queues nothing more.
    await expect(releaseEvidence(xb.context, xbReviewer, itemId)).rejects.toMatchObject({
      code: "EVIDENCE_NOT_READY",
    });
    expect(await transmissions()).toBe(1);
  });
});
