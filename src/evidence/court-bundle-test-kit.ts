/**
 * A real court bundle for tests (not used by production code): two nodes with real keys and signed
 * cards, evidence files ingested into a real blob store and signed manifests, both ledgers built
 * with the real Merkle code and signed tree heads, signed messages and real receipts — the journey
 * of one request from XA to XB and its evidence back, as the exporter will gather it.
 */

import { createHash, randomBytes, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CompactSign } from "jose";
import { canonicalJson } from "../crypto/canonical-json.js";
import { JWS_ALG, MESSAGE_MEDIA_TYPE } from "../crypto/envelope-headers.js";
import { canonicalMessage } from "../crypto/envelope-message.js";
import { keyId, type NodeKeySet } from "../crypto/node-keys.js";
import { signCard } from "../directory/node-card-sign.js";
import { generateNodeKeys, iso, makeCard } from "../directory/node-card-test-kit.js";
import { receiptBody } from "../federation/receipts.js";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { inclusionProof, merkleRoot } from "../ledger/merkle.js";
import { signTreeHead } from "../ledger/tree-head.js";
import { BlobStore } from "../store/blob-store.js";
import { custodyToCaseUco } from "./case-uco.js";
import { CHUNK_SIZE } from "./chunked-aead.js";
import type { CourtBundleContents, ProvenLedger } from "./court-bundle-format.js";
import { buildCustodyRecord, entriesByState } from "./custody-record.js";
import { ingestFile, readEvidence } from "./ingest.js";
import { manifestFromIngest, type SignedManifest, signManifest } from "./manifest.js";

export const REQUEST_ID = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
export const PURPOSE = "Trial of case 2030/17 before the Criminal Court of XA";
export const FILE_SIZES = [2 * CHUNK_SIZE + 5, 1] as const;

type Node = { state: string; keys: NodeKeySet; kid: string; card: string };

function makeNode(state: string): Node {
  const keys = generateNodeKeys();
  const card = makeCard(keys, {
    state,
    authority: `Central Authority of ${state}`,
    endpoint: `https://${state.toLowerCase()}.example:7400`,
  });
  return {
    state,
    keys,
    kid: keyId(keys.signing.publicKey),
    card: canonicalJson(signCard(card, keys.signing.privateKey)),
  };
}

/** A ledger of `entries` (indexes assigned here) with every entry proven against one signed head. */
function provenLedger(
  node: Node,
  entries: Omit<Entry, "index">[],
  timestamp: string,
): ProvenLedger & { all: Entry[] } {
  const all = entries.map((entry, index) => ({ index, ...entry }));
  const leaves = all.map(entryLeafHash);
  const head = signTreeHead(
    {
      logId: `${node.state}/${node.kid}`,
      size: all.length,
      timestamp: Date.parse(timestamp),
      root: merkleRoot(leaves),
    },
    node.keys.signing.privateKey,
  );
  const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
  return {
    state: node.state,
    treeHead: { ...head, root: Buffer.from(head.root).toString("base64") },
    entries: all.map((entry, i) => ({ entry, proof: inclusionProof(leaves, i).map(toHex) })),
    all,
  };
}

async function signMessage(from: Node, message: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalMessage(message)))
    .setProtectedHeader({ alg: JWS_ALG, kid: `${from.state}/${from.kid}`, typ: MESSAGE_MEDIA_TYPE })
    .sign(from.keys.signing.privateKey);
}

export type BundleFixture = {
  contents: CourtBundleContents;
  xa: Node;
  xb: Node;
  items: {
    itemId: string;
    fileName: string;
    bytes: Buffer;
    signed: SignedManifest;
    plaintext: () => AsyncIterable<Buffer>;
  }[];
  messageIds: { request: string; report: string };
};

/** Everything an exporter on XA would gather for a request answered by XB with two evidence files. */
export async function buildBundleFixture(dir: string): Promise<BundleFixture> {
  const xa = makeNode("XA");
  const xb = makeNode("XB");
  const store = await BlobStore.open(join(dir, "xb-data"));
  const items: BundleFixture["items"] = [];
  for (const [i, size] of FILE_SIZES.entries()) {
    const fileName = i === 0 ? "mailbox export.mbox" : "subscriber.csv";
    const bytes = randomBytes(size);
    const path = join(dir, `source-${i}`);
    await writeFile(path, bytes);
    const ingested = await ingestFile(path, store);
    const itemId = randomUUID();
    const manifest = manifestFromIngest(ingested, {
      itemId,
      requestId: REQUEST_ID,
      fileName,
      mediaType: i === 0 ? "application/mbox" : "text/csv",
      source: { kind: "service-provider", name: "Example Mail Ltd", system: "mail-archive-2" },
      acquisition: { method: "production order", officer: "Insp. B. Novak", at: iso(1) },
      legalBasis: { treaty: "uncc-2024", article: "40" },
      conditions: [{ type: "use-limitation", text: "Only for the proceedings named in the request." }],
      node: { state: "XB", logId: `XB/${xb.kid}` },
    });
    const signed = signManifest(manifest, xb.keys.signing.privateKey, xb.kid);
    items.push({ itemId, fileName, bytes, signed, plaintext: () => readEvidence(ingested, store) });
  }
  const messageIds = { request: randomUUID(), report: randomUUID() };
  const requestMessage = {
    id: messageIds.request,
    kind: "request",
    from: "XA",
    to: "XB",
    created: iso(0.5),
    body: { requestId: REQUEST_ID, treaty: "uncc-2024", document: { format: "rogatory.request/1" } },
  };
  const report = {
    id: messageIds.report,
    kind: "execution-report",
    from: "XB",
    to: "XA",
    created: iso(2),
    body: { requestId: REQUEST_ID, complete: true, text: "Two files produced by Example Mail Ltd." },
  };
  const XB_ACTORS: Record<string, string> = { reviewed: "horvat", released: "kovac", transmitted: "kovac" };
  const custody = (state: string, event: string, time: string, item: (typeof items)[number], extra = {}) => ({
    time,
    // Four eyes on XB: the executing officer acquires, two supervisors review and release.
    actor: state === "XB" ? (XB_ACTORS[event] ?? "novak") : "martin",
    type: `evidence.${event}`,
    subject: item.itemId,
    data: { requestId: REQUEST_ID, manifestSha256: manifestSha256(item.signed), state, ...extra },
  });
  const xbLedger = provenLedger(
    xb,
    [
      {
        time: iso(0.6),
        actor: "node:XB",
        type: "message.received",
        subject: messageIds.request,
        data: { messageId: messageIds.request, from: "XA" },
      },
      ...items.flatMap((item) =>
        (["acquired", "sealed", "reviewed", "released", "transmitted"] as const).map((event, k) =>
          custody("XB", event, iso(1 + k * 0.1), item),
        ),
      ),
    ],
    iso(2.5),
  );
  const xaLedger = provenLedger(
    xa,
    [
      {
        time: iso(0.4),
        actor: "martin",
        type: "request.sent",
        subject: REQUEST_ID,
        data: { messageId: messageIds.request },
      },
      {
        time: iso(2.1),
        actor: "node:XA",
        type: "message.received",
        subject: messageIds.report,
        data: { messageId: messageIds.report, from: "XB" },
      },
      ...items.flatMap((item) => [
        custody("XA", "received", iso(2.2), item),
        custody("XA", "verified", iso(2.3), item),
        custody("XA", "exported", iso(3), item, { purpose: PURPOSE }),
      ]),
    ],
    iso(3.1),
  );
  const receiptFor = (ledger: typeof xaLedger, messageId: string) => {
    const i = ledger.all.findIndex((e) => e.type === "message.received" && e.data.messageId === messageId);
    const { entry, proof } = ledger.entries[i] as ProvenLedger["entries"][number];
    const head = { ...ledger.treeHead, root: new Uint8Array(Buffer.from(ledger.treeHead.root, "base64")) };
    return { messageId, body: receiptBody(messageId, entry, head, proof) };
  };
  const strip = ({ all: _all, ...ledger }: typeof xaLedger): ProvenLedger => ledger;
  const contents: CourtBundleContents = {
    exportedAt: iso(3),
    exportedBy: "martin",
    purpose: PURPOSE,
    exportingState: "XA",
    request: {
      id: REQUEST_ID,
      reference: "XA-2030-0017",
      kind: "production",
      treaty: "uncc-2024",
      requestingState: "XA",
      requestedState: "XB",
    },
    nodes: [
      { state: "XA", card: xa.card },
      { state: "XB", card: xb.card },
    ],
    items: items.map((item) => ({ signedManifest: item.signed, plaintext: item.plaintext })),
    ledgers: [strip(xaLedger), strip(xbLedger)],
    messages: [
      {
        messageId: messageIds.request,
        from: "XA",
        to: "XB",
        kind: "request",
        signed: await signMessage(xa, requestMessage),
      },
      {
        messageId: messageIds.report,
        from: "XB",
        to: "XA",
        kind: "execution-report",
        signed: await signMessage(xb, report),
      },
    ],
    receipts: [receiptFor(xbLedger, messageIds.request), receiptFor(xaLedger, messageIds.report)],
    caseUco: {},
  };
  // What the exporter writes: the CASE/UCO rendering of the custody the ledgers prove.
  contents.caseUco = custodyToCaseUco(
    buildCustodyRecord(
      contents.request,
      items.map((item) => item.signed.manifest),
      entriesByState(contents.ledgers),
    ),
  );
  return { contents, xa, xb, items, messageIds };
}

/** SHA-256 (hex) of the signed manifest's canonical JSON: what custody entries name. */
export const manifestSha256 = (signed: SignedManifest): string =>
  createHash("sha256").update(canonicalJson(signed)).digest("hex");
