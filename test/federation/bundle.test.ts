/**
 * Offline bundles between two real nodes in one process (each its own store, on SQLite and on
 * PostgreSQL, and its own keys; no HTTP): an approved request from XA travels to XB on a file, XB's receipt travels back on
 * another, and XA records delivery exactly as it would from an HTTP answer. Re-importing changes
 * nothing; a truncated, altered, misaddressed or unknown-sender bundle is refused with nothing
 * changed; a message that expired on the way is refused alone.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { sealMessage } from "../../src/crypto/envelope.js";
import { generateNodeKeys, keyId } from "../../src/crypto/node-keys.js";
import { BundleError } from "../../src/federation/bundle-errors.js";
import { exportBundle } from "../../src/federation/bundle-export.js";
import { type Bundle, parseBundle, serialiseBundle, signBundle } from "../../src/federation/bundle-format.js";
import { importBundle } from "../../src/federation/bundle-import.js";
import { DEFAULT_DELIVERY_POLICY } from "../../src/federation/delivery-policy.js";
import { deliverDue } from "../../src/federation/delivery-worker.js";
import type { Transport } from "../../src/federation/http-transport.js";
import { acceptMessage } from "../../src/federation/inbox.js";
import { deliveryStatus } from "../../src/federation/outbox.js";
import { fakeClock } from "../../src/server/clock.js";
import { readEntries } from "../../src/store/ledger-store.js";
import { describeEachBackend } from "../support/backends.js";
import { tableRows } from "../support/db-snapshot.js";
import { TEST_START } from "../support/test-node.js";
import { introduceOffline, type OfflineNode, offlineNode } from "./offline-nodes.js";
import { approvedRequest, incomingRequests, requestState } from "./two-nodes.js";

type Node = OfflineNode;

let xa: Node;
let xb: Node;
let clock: ReturnType<typeof fakeClock>;
const warnings: object[] = [];
const log = { warn: (details: object) => void warnings.push(details) };

const exportText = async (from: Node, to: string) =>
  serialiseBundle((await exportBundle({ context: from.context, to, log })).bundle);
const importText = (into: Node, text: string) => importBundle({ context: into.context, text });

/** The refusal `importBundle` ends with, and proof that it changed nothing on `node`. */
async function refusedUnchanged(node: Node, text: string): Promise<BundleError> {
  const before = await tableRows(node.context);
  const error = await importText(node, text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BundleError);
  expect(await tableRows(node.context)).toEqual(before);
  return error as BundleError;
}

/** The same bundle re-signed by XA after `change`: authentic, but not what XA exported. */
const resigned = (text: string, change: (bundle: Bundle) => Bundle) =>
  serialiseBundle(signBundle(change(parseBundle(text)), xa.keys.signing.privateKey));

describeEachBackend("offline bundles", (backend) => {
  beforeEach(async () => {
    clock = fakeClock(TEST_START);
    xa = await offlineNode(backend, "XA", clock);
    xb = await offlineNode(backend, "XB", clock);
    await introduceOffline(xa, xb, clock);
    await introduceOffline(xb, xa, clock);
    warnings.length = 0;
  });

  describe("a request and its receipt carried on files", () => {
    it("arrives on XB; XB's receipt goes back in the next bundle and XA records delivery", async () => {
      const id = await approvedRequest(xa);
      const outward = await exportText(xa, "XB");
      const bundle = parseBundle(outward);
      expect(bundle).toMatchObject({ format: "rogatory.bundle/1", from: "XA", to: "XB", receipts: [] });
      const [row] = await xa.context.db.selectFrom("outbox").selectAll().execute();
      // Byte for byte as sealed; exporting is not delivering.
      expect(bundle.envelopes).toEqual([row?.sealed]);
      expect(await requestState(xa, id)).toBe("sent");
      expect(row).toMatchObject({ delivered_at: null, attempts: 0 });

      const imported = await importText(xb, outward);
      expect(imported).toMatchObject({ from: "XA", messages: { new: 1, duplicate: 0 }, refused: [] });
      const received = await incomingRequests(xb);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ state: "received", requesting_state: "XA", urgent_queue: 1 });
      const [inbox] = await xb.context.db.selectFrom("inbox").selectAll().execute();
      expect(inbox).toMatchObject({ message_id: row?.message_id, local_request_id: received[0]?.id });
      const queued = await xb.context.db.selectFrom("bundle_receipts").selectAll().execute();
      expect(queued).toMatchObject([
        { message_id: row?.message_id, peer_state: "XA", receipt: inbox?.receipt },
      ]);

      const back = parseBundle(await exportText(xb, "XA"));
      expect(back).toMatchObject({ from: "XB", to: "XA", envelopes: [], receipts: [inbox?.receipt] });

      const recorded = await importText(xa, serialiseBundle(back));
      expect(recorded).toMatchObject({
        receipts: { recorded: 1, already: 0 },
        messages: { new: 0 },
        refused: [],
      });
      expect(await requestState(xa, id)).toBe("delivered");
      const [delivered] = await xa.context.db.selectFrom("outbox").selectAll().execute();
      expect(delivered?.delivered_at).toBe(clock.now().toISOString());
      expect(JSON.parse(delivered?.receipt ?? "{}")).toMatchObject({ sealed: inbox?.receipt });
      // Carrying a file is not a network attempt.
      expect(delivered?.attempts).toBe(0);
      expect(await deliveryStatus(xa.context.db, id)).toMatchObject([{ status: "delivered", peer: "XB" }]);
      const types = (await readEntries(xa.context.db, 0, 100)).map((e) => e.type);
      expect(types.slice(-3)).toEqual(["request.send", "message.delivered", "request.record-delivery"]);

      // Nothing is pending any more: XA's next bundle for XB is empty.
      expect(parseBundle(await exportText(xa, "XB"))).toMatchObject({ envelopes: [], receipts: [] });
    });

    it("re-importing either bundle changes nothing, and says the items were already received", async () => {
      await approvedRequest(xa);
      const outward = await exportText(xa, "XB");
      await importText(xb, outward);
      const xbBefore = await tableRows(xb.context);
      expect(await importText(xb, outward)).toMatchObject({
        messages: { new: 0, duplicate: 1 },
        refused: [],
      });
      expect(await tableRows(xb.context)).toEqual(xbBefore);

      const back = await exportText(xb, "XA");
      await importText(xa, back);
      const xaBefore = await tableRows(xa.context);
      expect(await importText(xa, back)).toMatchObject({
        receipts: { recorded: 0, already: 1 },
        refused: [],
      });
      expect(await tableRows(xa.context)).toEqual(xaBefore);
    });

    it("a lost file loses nothing: exporting changes nothing, and the next bundle carries the same", async () => {
      await approvedRequest(xa);
      const first = parseBundle(await exportText(xa, "XB"));
      const before = await tableRows(xa.context);
      clock.advance(60_000);
      const second = parseBundle(await exportText(xa, "XB"));
      expect(await tableRows(xa.context)).toEqual(before);
      expect(second.envelopes).toEqual(first.envelopes);

      // XB's answer lost too: XA sends again, XB answers from its inbox and still owes the receipt.
      await importText(xb, serialiseBundle(first));
      await exportText(xb, "XA");
      expect(await importText(xb, serialiseBundle(second))).toMatchObject({ messages: { duplicate: 1 } });
      const owed = parseBundle(await exportText(xb, "XA"));
      expect(owed.receipts).toHaveLength(1);
      await importText(xa, serialiseBundle(owed));
      expect((await incomingRequests(xb)).length).toBe(1);
      expect(
        (await xa.context.db.selectFrom("outbox").select("delivered_at").execute())[0]?.delivered_at,
      ).not.toBeNull();
    });
  });

  describe("online and offline together", () => {
    it("a message delivered online after its bundle was imported is recorded once, whichever receipt comes first", async () => {
      const id = await approvedRequest(xa);
      await importText(xb, await exportText(xa, "XB"));
      // XB comes online: the worker re-sends the same envelope and gets XB's original receipt.
      const transport: Transport = {
        send: async (_url, sealed) => {
          const accepted = await acceptMessage({ context: xb.context, sealed });
          return { status: 200, contentType: "application/jose", body: accepted.receipt };
        },
        get: async () => {
          throw new Error("the peer serves nothing else in this test");
        },
      };
      expect(await deliverDue({ context: xa.context, transport, random: () => 0.5 })).toEqual(
        new Map([[expect.any(String), "delivered"]]),
      );
      expect(await requestState(xa, id)).toBe("delivered");
      expect(await incomingRequests(xb)).toHaveLength(1);

      // The receipt XB still carries back in its bundle is then already recorded: nothing changes.
      const back = await exportText(xb, "XA");
      expect(parseBundle(back).receipts).toHaveLength(1);
      const before = await tableRows(xa.context);
      expect(await importText(xa, back)).toMatchObject({
        receipts: { recorded: 0, already: 1 },
        refused: [],
      });
      expect(await tableRows(xa.context)).toEqual(before);
    });
  });

  describe("a bundle that is not whole, not authentic or not for us", () => {
    let outward: string;
    beforeEach(async () => {
      await approvedRequest(xa);
      outward = await exportText(xa, "XB");
    });

    it("refuses a truncated file as unreadable", async () => {
      const error = await refusedUnchanged(xb, outward.slice(0, Math.floor(outward.length / 2)));
      expect(error.code).toBe("BUNDLE_UNREADABLE");
      expect(error.message).toMatch(/truncated/);
      expect((await refusedUnchanged(xb, "{}")).code).toBe("BUNDLE_UNREADABLE");
    });

    it("refuses one character changed inside an envelope, or the created time edited", async () => {
      const envelope = parseBundle(outward).envelopes[0] ?? "";
      const at = outward.indexOf(envelope) + Math.floor(envelope.length / 2);
      const flipped = `${outward.slice(0, at)}${outward[at] === "A" ? "B" : "A"}${outward.slice(at + 1)}`;
      expect((await refusedUnchanged(xb, flipped)).code).toBe("BUNDLE_BAD_SIGNATURE");
      const edited = outward.replace(/"created": "2030/, '"created": "2031');
      expect(edited).not.toBe(outward);
      expect((await refusedUnchanged(xb, edited)).code).toBe("BUNDLE_BAD_SIGNATURE");
      const dropped = JSON.stringify({ ...parseBundle(outward), envelopes: [] });
      expect((await refusedUnchanged(xb, dropped)).code).toBe("BUNDLE_BAD_SIGNATURE");
    });

    it("refuses a bundle for another State, from an unknown State, or signed by another key", async () => {
      const forXc = resigned(outward, (b) => ({ ...b, to: "XC" }));
      const error = await refusedUnchanged(xb, forXc);
      expect(error.code).toBe("BUNDLE_NOT_FOR_US");
      expect(error.message).toContain("addressed to XC");
      const fromXd = resigned(outward, (b) => ({ ...b, from: "XD" }));
      expect((await refusedUnchanged(xb, fromXd)).code).toBe("BUNDLE_UNKNOWN_SENDER");
      const { privateKey } = generateKeyPairSync("ed25519");
      const forged = serialiseBundle(signBundle(parseBundle(outward), privateKey));
      expect((await refusedUnchanged(xb, forged)).code).toBe("BUNDLE_BAD_SIGNATURE");
    });
  });

  describe("envelopes another State signed", () => {
    it("are refused alone: a peer cannot pass on, in its bundle, what another State signed", async () => {
      await approvedRequest(xa);
      const outward = await exportText(xa, "XB");
      const xc = generateNodeKeys();
      const byXc = await sealMessage(
        {
          id: randomUUID(),
          kind: "progress-inquiry",
          from: "XC",
          to: "XB",
          created: clock.now().toISOString(),
          body: { requestId: randomUUID() },
        },
        {
          signingKey: xc.signing.privateKey,
          senderKeyId: keyId(xc.signing.publicKey),
          recipientKey: xb.keys.encryption.publicKey,
          recipientKeyId: keyId(xb.keys.encryption.publicKey),
        },
      );
      const carried = resigned(outward, (b) => ({ ...b, envelopes: [...b.envelopes, byXc] }));
      const report = await importText(xb, carried);
      expect(report).toMatchObject({
        messages: { new: 1, duplicate: 0 },
        refused: [{ item: "envelope", index: 1, code: "FEDERATION_PEER_MISMATCH" }],
      });
      expect(await incomingRequests(xb)).toHaveLength(1);
    });
  });

  describe("messages past the retry horizon", () => {
    it("are left out of the export, and one expired on the way is refused alone with its code", async () => {
      await approvedRequest(xa);
      const outward = await exportText(xa, "XB");
      clock.advance(DEFAULT_DELIVERY_POLICY.horizonMs + 10 * 60_000);
      const late = await exportBundle({ context: xa.context, to: "XB", log });
      expect(late).toMatchObject({ expired: 1, bundle: { envelopes: [] } });

      const before = await tableRows(xb.context);
      const report = await importText(xb, outward);
      expect(report).toMatchObject({
        messages: { new: 0, duplicate: 0 },
        refused: [{ item: "envelope", index: 0, code: "ENVELOPE_EXPIRED" }],
      });
      expect(await tableRows(xb.context)).toEqual(before);
    });
  });
});
