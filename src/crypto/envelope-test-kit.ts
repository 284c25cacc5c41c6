/**
 * Test helpers for the envelope tests (not used by production code): three nodes with real keys,
 * a valid body of every kind, and hand-built JOSE objects for the attacks jose would refuse to
 * make for us (alg none, HMAC, odd headers).
 */
import { createHmac, randomUUID, sign } from "node:crypto";
import { CompactEncrypt } from "jose";
import { entryLeafHash } from "../ledger/entry.js";
import { inclusionProof, merkleRoot } from "../ledger/merkle.js";
import { signTreeHead } from "../ledger/tree-head.js";
import type { MessageBody, MessageKind } from "./envelope-kinds.js";
import type { Message } from "./envelope-message.js";
import type { OpenOptions } from "./envelope-open.js";
import type { SealOptions } from "./envelope-seal.js";
import { generateNodeKeys, keyId, type NodeKeySet } from "./node-keys.js";

export type TestNode = NodeKeySet & { state: string; signingKeyId: string; encryptionKeyId: string };

export function makeNode(state: string): TestNode {
  const keys = generateNodeKeys();
  return {
    ...keys,
    state,
    signingKeyId: keyId(keys.signing.publicKey),
    encryptionKeyId: keyId(keys.encryption.publicKey),
  };
}

export const NOW = new Date("2026-03-01T12:00:00.000Z");
export const REQUEST_ID = "0b6a1c2e-7d3f-4a8b-9c0d-1e2f3a4b5c6d";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A receipt body built with the real ledger code, so it verifies. */
function receiptBody(signer: TestNode): MessageBody<"receipt"> {
  const entries = [0, 1, 2].map((index) => ({
    index,
    time: "2026-03-01T11:59:00.000Z",
    actor: "XB/node",
    type: "message.received",
    subject: `message/${index}`,
    data: { from: "XA" },
  }));
  const leaves = entries.map(entryLeafHash);
  const head = signTreeHead(
    { logId: "XB/ledger", size: 3, timestamp: NOW.getTime(), root: merkleRoot(leaves) },
    signer.signing.privateKey,
  );
  return {
    messageId: "5d2c0f3a-9b8e-4c7d-8a6b-5c4d3e2f1a0b",
    entry: entries[2] as (typeof entries)[number],
    treeHead: { ...head, root: b64(head.root) },
    inclusionProof: { leafIndex: 2, treeSize: 3, hashes: inclusionProof(leaves, 2).map(b64) },
  };
}

/** A valid body for each kind, as a sender would write it. */
export function sampleBodies(signer: TestNode): Record<MessageKind, Message["body"]> {
  const requestId = REQUEST_ID;
  return {
    request: {
      requestId,
      treaty: "uncc-2024",
      document: { format: "rogatory.request/1", kind: "preservation" },
    },
    acknowledgement: { requestId, reference: "XB-2026-0042" },
    "information-request": { requestId, reasons: "Which accounts?", respondBy: "2026-03-15" },
    "information-reply": { requestId, text: "The accounts listed in annex A." },
    consultation: {
      requestId,
      text: "We could grant if",
      conditions: [{ type: "use-limitation", text: "Only for this case." }],
    },
    decision: { requestId, outcome: "refused", grounds: ["R-ESSENTIAL"], reasons: "Essential interests." },
    postponement: { requestId, reasons: "Ongoing domestic investigation.", until: "2026-06-01" },
    "progress-inquiry": { requestId },
    "status-update": { requestId, status: "executing" },
    withdrawal: { requestId, reasons: "Case closed at home." },
    "no-longer-required": { requestId },
    "preservation-extended": { requestId, expires: "2026-07-01" },
    "preservation-expiring": { requestId, expires: "2026-05-01" },
    "execution-report": {
      requestId,
      complete: false,
      text: "Subscriber data attached; traffic data follows.",
    },
    "evidence-transmission": {
      requestId,
      // The envelope checks the shape only; the manifest's own checks run on arrival.
      manifest: { format: "rogatory.evidence-manifest/1" },
      wrappedKey: "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyJ9.a.b.c.d",
      custody: (() => {
        const receipt = receiptBody(signer);
        return { state: "XB", treeHead: receipt.treeHead, entries: [{ entry: receipt.entry, proof: [] }] };
      })(),
    },
    "use-consent-request": {
      requestId,
      consentId: "6e3d1f4b-0c9f-4d8e-9b7c-6d5e4f3a2b1c",
      purpose: "Prosecution of a related fraud case",
      reasons: "The same suspect is charged in a second case.",
    },
    "use-consent": { requestId, consentId: "6e3d1f4b-0c9f-4d8e-9b7c-6d5e4f3a2b1c", granted: true },
    receipt: receiptBody(signer),
  };
}

export function makeMessage(from: TestNode, to: TestNode, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    kind: "acknowledgement",
    from: from.state,
    to: to.state,
    created: NOW.toISOString(),
    body: { requestId: REQUEST_ID },
    ...overrides,
  } as Message;
}

export const sealOptions = (from: TestNode, to: TestNode): SealOptions => ({
  signingKey: from.signing.privateKey,
  senderKeyId: from.signingKeyId,
  recipientKey: to.encryption.publicKey,
  recipientKeyId: to.encryptionKeyId,
});

/** What `at` passes to open: every node in `peers` known by its current signing key. */
export function openOptions(at: TestNode, peers: readonly TestNode[], overrides: Partial<OpenOptions> = {}) {
  const options: OpenOptions = {
    recipientPrivateKey: at.encryption.privateKey,
    recipientState: at.state,
    recipientKeyId: at.encryptionKeyId,
    senderKeys: (state, id) =>
      peers.find((p) => p.state === state && p.signingKeyId === id)?.signing.publicKey,
    now: NOW,
    maxSkewSeconds: 300,
    seen: () => false,
    ...overrides,
  };
  return options;
}

export const base64url = (data: string | Uint8Array): string => Buffer.from(data).toString("base64url");

/** A compact JWS assembled by hand; `signer` gets the signing input. */
export function handJws(
  header: object,
  payload: string | Uint8Array,
  signer: (input: Buffer) => Buffer,
): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(payload)}`;
  return `${input}.${base64url(signer(Buffer.from(input)))}`;
}

export const ed25519Signer = (node: TestNode) => (input: Buffer) =>
  sign(null, input, node.signing.privateKey);
export const hmacSigner = (secret: Buffer) => (input: Buffer) =>
  createHmac("sha256", secret).update(input).digest();

/** Encrypts any plaintext to `to` the way a sender would, with header members overridden. */
export function encryptTo(
  plaintext: string | Uint8Array,
  to: TestNode,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new CompactEncrypt(typeof plaintext === "string" ? new TextEncoder().encode(plaintext) : plaintext)
    .setProtectedHeader({
      alg: "ECDH-ES+A256KW",
      enc: "A256GCM",
      kid: `${to.state}/${to.encryptionKeyId}`,
      cty: "rogatory-message-v1+jws",
      ...header,
    })
    .encrypt(to.encryption.publicKey);
}

/** A JWS header and canonical payload for `message`, signed by hand with `node`'s key. */
export function jwsHeaderFor(node: TestNode, overrides: Record<string, unknown> = {}) {
  return {
    alg: "Ed25519",
    kid: `${node.state}/${node.signingKeyId}`,
    typ: "rogatory-message-v1+jws",
    ...overrides,
  };
}
