/**
 * The use limitation (UNCC Art 40(19)) between two nodes: evidence XA received from XB is opened or
 * exported for other proceedings only once XB's consent for that very purpose came back as a
 * message. Refused uses record nothing and write nothing; an allowed one records the purpose and the
 * consent relied on. Only the roles the rules name may ask for consent or answer it.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Entry } from "../../src/ledger/entry.js";
import { answerUseConsent, askUseConsent, listUseConsents } from "../../src/services/evidence/consent.js";
import { exportCourtBundle } from "../../src/services/evidence/export-court-bundle.js";
import { openEvidence } from "../../src/services/evidence/open-evidence.js";
import { readEntryRows } from "../../src/store/ledger-store.js";
import { type FederatedNode, startPair } from "../federation/two-nodes.js";
import {
  custodyOf,
  exchange,
  ledgerIntact,
  person,
  randomFile,
  readAll,
  requestInExecution,
  reviewAndRelease,
  uploadOnXb,
  xaOfficer,
  xaSupervisor,
  xbCentral,
  xbExecuting,
} from "./transfer-kit.js";

let xa: FederatedNode;
let xb: FederatedNode;
let xaId: string;
let itemId: string;
let data: Buffer;
let outDir: string;

const CONDITION = "Only for the proceedings in case XA-2026-0042";
const OTHER = "Prosecution of a related fraud, case XA-2026-0107";
const other = (text: string) => ({ use: "other-proceedings", text }) as const;

beforeEach(async () => {
  ({ xa, xb } = await startPair());
  const ids = await requestInExecution(xa, xb, [{ type: "use-limitation", text: CONDITION }]);
  xaId = ids.xaId;
  data = randomFile(5000);
  itemId = await uploadOnXb(xb, ids.xbId, data);
  await reviewAndRelease(xb, itemId);
  await exchange(xa, xb);
  expect(await custodyOf(xa, itemId)).toEqual(["received", "verified"]);
  outDir = await mkdtemp(join(tmpdir(), "rogatory-use-"));
});
afterEach(async () => {
  await xa.close();
  await xb.close();
  await rm(outDir, { recursive: true, force: true });
});

/** The item's custody entries on XA as the ledger holds them. */
async function custodyEntries(): Promise<Entry[]> {
  const rows = await xa.context.db
    .selectFrom("custody_events")
    .select("ledger_index")
    .where("item_id", "=", itemId)
    .orderBy("ledger_index")
    .execute();
  const entries: Entry[] = [];
  for (const { ledger_index } of rows) {
    const index = Number(ledger_index);
    const [row] = await readEntryRows(xa.context.db, index === 0 ? undefined : index - 1, 1);
    entries.push(JSON.parse(row?.entry ?? "null") as Entry);
  }
  return entries;
}

const ledgerSize = async (node: FederatedNode) =>
  Number((await node.context.db.selectFrom("ledger_head").select("size").executeTakeFirstOrThrow()).size);

/** Opening and exporting for `purpose` are both refused, and nothing is recorded or written. */
async function expectUseRefused(purpose: { use: "other-proceedings"; text: string }): Promise<void> {
  const custody = await custodyOf(xa, itemId);
  const size = await ledgerSize(xa);
  await expect(openEvidence(xa.context, xaOfficer, itemId, purpose)).rejects.toMatchObject({
    code: "EVIDENCE_USE_REFUSED",
  });
  const out = join(outDir, "refused.tar");
  await expect(exportCourtBundle(xa.context, xaOfficer, xaId, purpose, out)).rejects.toMatchObject({
    code: "EVIDENCE_USE_REFUSED",
  });
  expect(await readdir(outDir)).toEqual([]);
  expect(await custodyOf(xa, itemId)).toEqual(custody);
  expect(await ledgerSize(xa)).toBe(size);
  expect(await ledgerIntact(xa)).toBe(true);
}

/** XA asks XB's consent for OTHER; the ask reaches XB. Returns the consent id. */
async function askForOther(): Promise<string> {
  const asked = await askUseConsent(xa.context, xaOfficer, xaId, {
    purpose: OTHER,
    reasons: "The same account was used in a second fraud under investigation here.",
  });
  expect(asked).toMatchObject({ direction: "asked", status: "pending", purpose: OTHER });
  await exchange(xa, xb);
  const onXb = await xb.context.db
    .selectFrom("use_consents")
    .selectAll()
    .where("id", "=", asked.id)
    .executeTakeFirstOrThrow();
  expect(onXb).toMatchObject({ direction: "received-request", status: "pending", purpose: OTHER });
  return asked.id;
}

describe("use for other proceedings (Art 40(19))", () => {
  it("is refused without XB's consent, recording and writing nothing; the stated proceedings are not limited", async () => {
    await expectUseRefused(other(OTHER));
    const error = await openEvidence(xa.context, xaOfficer, itemId, other(OTHER)).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain(CONDITION);

    const opened = await openEvidence(xa.context, xaOfficer, itemId, {
      use: "stated-proceedings",
      text: "Analysis for case XA-2026-0042",
    });
    expect((await readAll(opened.content)).equals(data)).toBe(true);
    expect(await custodyOf(xa, itemId)).toEqual(["received", "verified", "opened"]);
  });

  it("is allowed for exactly the purpose XB consented to, once the consent arrived, and the record names it", async () => {
    const consentId = await askForOther();
    // Asked but not answered: still refused.
    await expectUseRefused(other(OTHER));

    const answered = await answerUseConsent(xb.context, xbCentral, consentId, { granted: true });
    expect(answered).toMatchObject({ status: "granted" });
    // Granted on XB but the answer has not travelled yet: still refused on XA.
    await expectUseRefused(other(OTHER));
    await exchange(xa, xb);
    expect(await listUseConsents(xa.context, xaOfficer, xaId)).toMatchObject([
      { id: consentId, status: "granted", purpose: OTHER },
    ]);

    const opened = await openEvidence(xa.context, xaOfficer, itemId, other(OTHER));
    expect((await readAll(opened.content)).equals(data)).toBe(true);
    const out = join(outDir, "bundle.tar");
    expect(await exportCourtBundle(xa.context, xaOfficer, xaId, other(OTHER), out)).toMatchObject({
      items: 1,
    });
    const [openedEntry, exportedEntry] = (await custodyEntries()).slice(2);
    expect(openedEntry).toMatchObject({
      type: "evidence.opened",
      actor: "user:xa-officer",
      data: { purpose: `other-proceedings: ${OTHER}`, consent: consentId },
    });
    expect(exportedEntry).toMatchObject({
      type: "evidence.exported",
      actor: "user:xa-officer",
      data: { purpose: `other-proceedings: ${OTHER}`, consent: consentId },
    });

    // Another purpose is still outside the consent.
    await rm(out);
    await expectUseRefused(other("Civil proceedings against the account holder"));
  });

  it("stays refused when XB refuses consent", async () => {
    const consentId = await askForOther();
    await answerUseConsent(xb.context, xbCentral, consentId, {
      granted: false,
      reasons: "The proceedings are not covered by the grant.",
    });
    await exchange(xa, xb);
    expect(await listUseConsents(xa.context, xaOfficer, xaId)).toMatchObject([
      { id: consentId, status: "refused", reasons: "The proceedings are not covered by the grant." },
    ]);
    await expectUseRefused(other(OTHER));
  });
});

describe("asking and answering consent", () => {
  /** What asking or answering could have changed on either node. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        [xa, xb].map(async (node) => [
          await node.context.db.selectFrom("use_consents").selectAll().orderBy("id").execute(),
          await node.context.db.selectFrom("outbox").select("message_id").orderBy("message_id").execute(),
          await ledgerSize(node),
        ]),
      ),
    );

  it("is refused to the wrong roles and sides, changing nothing", async () => {
    const consentId = await askForOther();
    const before = await snapshot();
    const ask = { purpose: OTHER, reasons: "Another case." };
    await expect(
      askUseConsent(xa.context, person("xa-executing", "executing-officer", "cyber"), xaId, ask),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The requested State does not ask itself for consent about the request it received.
    const xbCopy = await xb.context.db
      .selectFrom("requests")
      .select("id")
      .where("remote_request_id", "=", xaId)
      .executeTakeFirstOrThrow();
    await expect(askUseConsent(xb.context, xbCentral, xbCopy.id, ask)).rejects.toMatchObject({
      code: "TRANSITION_NOT_ALLOWED",
    });

    const grant = { granted: true };
    await expect(
      answerUseConsent(
        xb.context,
        person("xb-officer", "case-officer", "central-authority"),
        consentId,
        grant,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(answerUseConsent(xb.context, xbExecuting, consentId, grant)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // The asking State cannot answer its own request for consent.
    await expect(answerUseConsent(xa.context, xaSupervisor, consentId, grant)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await snapshot()).toBe(before);
    await expectUseRefused(other(OTHER));
  });
});
