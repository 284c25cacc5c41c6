/**
 * A fake peer for split-view tests of one node: a State with real keys, a TLS certificate and a
 * signed card listing them that the node imported, serving over HTTPS on a real 127.0.0.1 port the
 * two federation routes the node calls:
 *
 * - `POST /federation/v1/messages` opens the node's envelope, appends a `message.received` entry
 *   to its current in-memory log and answers a receipt sealed to the node, with a tree head signed
 *   by its card key and the inclusion proof — what a real node does;
 * - `GET /federation/v1/ledger/consistency` answers a consistency proof signed with the same key.
 *
 * Unlike a real node it can lie: `fork(keep)` starts a second history from the first `keep`
 * entries, so heads it signs afterwards describe another log (a split view), and `proofs` chooses
 * how it answers proof requests: "honest" (from the current log), or "claim-signed-roots" (the
 * roots of heads it signed before, with the current log's proof: a peer trying to look consistent).
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { canonicalJson } from "../../src/crypto/canonical-json.js";
import { openEnvelope, sealMessage } from "../../src/crypto/envelope.js";
import { fingerprint, generateNodeKeys, keyId, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { generateTlsIdentity, tlsIdentityPem } from "../../src/crypto/tls-identity.js";
import { signCard } from "../../src/directory/node-card-sign.js";
import { keysOf, makeCard } from "../../src/directory/node-card-test-kit.js";
import { tlsEntryOf } from "../../src/directory/node-card-tls.js";
import { CONSISTENCY_PATH, signConsistencyAnswer } from "../../src/federation/consistency-answer.js";
import { JOSE_MEDIA_TYPE, MESSAGES_PATH } from "../../src/federation/http-transport.js";
import { receiptBody } from "../../src/federation/receipts.js";
import type { Entry } from "../../src/ledger/entry.js";
import { entryLeafHash } from "../../src/ledger/entry.js";
import { consistencyProof, inclusionProof, merkleRoot } from "../../src/ledger/merkle.js";
import { signTreeHead } from "../../src/ledger/tree-head.js";
import type { Clock } from "../../src/server/clock.js";
import type { NodeContext } from "../../src/server/node-context.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import type { PeersContext } from "../../src/services/peers/peers-context.js";

export type ProofMode = "honest" | "claim-signed-roots";

export type FakeLedgerPeer = {
  state: string;
  keys: NodeKeySet;
  url: string;
  logId: string;
  /** The log receipts are answered from now. */
  readonly log: readonly Entry[];
  proofs: ProofMode;
  /** How many consistency proofs were asked for. */
  readonly proofRequests: number;
  /** Starts another history: the first `keep` entries of the current one, then `filler` entries of its own. */
  fork(keep: number, filler?: number): void;
  /** Appends entries of its own (not about our messages), as a busy peer does between receipts. */
  grow(count: number): void;
  stop(): Promise<void>;
  start(): Promise<void>;
};

const toB64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Starts the fake peer `state` and has the node's administrator import its card (valid from
 * `validFrom`, so a test on the real clock can use it too).
 */
export async function startFakeLedgerPeer(options: {
  state: string;
  node: Pick<NodeContext, "config" | "keys"> & PeersContext;
  clock: Clock;
  validFrom?: string;
}): Promise<FakeLedgerPeer> {
  const { state, node, clock } = options;
  const keys = generateNodeKeys();
  const logId = `${state}/${keyId(keys.signing.publicKey)}`;
  let log: Entry[] = [];
  let proofRequests = 0;
  let forks = 0;
  /** The roots of the heads it signed, by size: what a lying peer claims. */
  const signedRoots = new Map<number, Uint8Array>();
  const leaves = (entries: readonly Entry[]) => entries.map(entryLeafHash);
  const filler = (index: number): Entry => ({
    index,
    time: clock.now().toISOString(),
    actor: `${state}/user/clerk`,
    type: "case.updated",
    subject: `case/${index}`,
    data: { fork: forks },
  });

  const receive = async (sealed: string): Promise<string> => {
    const { message } = await openEnvelope(sealed, {
      recipientPrivateKey: keys.encryption.privateKey,
      recipientState: state,
      recipientKeyId: keyId(keys.encryption.publicKey),
      senderKeys: (from, kid) =>
        from === node.config.state && kid === keyId(node.keys.signingPublic)
          ? node.keys.signingPublic
          : undefined,
      now: clock.now(),
      maxAgeSeconds: 7 * 86_400,
      seen: () => false,
    });
    const entry: Entry = {
      index: log.length,
      time: clock.now().toISOString(),
      actor: `peer:${message.from}`,
      type: "message.received",
      subject: message.id,
      data: { messageId: message.id, from: message.from, kind: message.kind },
    };
    log.push(entry);
    const all = leaves(log);
    const head = signTreeHead(
      { logId, size: log.length, timestamp: clock.now().getTime(), root: merkleRoot(all) },
      keys.signing.privateKey,
    );
    signedRoots.set(head.size, head.root);
    const proof = inclusionProof(all, entry.index).map(toHex);
    return sealMessage(
      {
        id: randomUUID(),
        kind: "receipt",
        from: state,
        to: message.from,
        created: clock.now().toISOString(),
        inReplyTo: message.id,
        body: receiptBody(message.id, entry, head, proof),
      },
      {
        signingKey: keys.signing.privateKey,
        senderKeyId: keyId(keys.signing.publicKey),
        recipientKey: node.keys.encryptionPublic,
        recipientKeyId: keyId(node.keys.encryptionPublic),
      },
    );
  };

  const prove = async (first: number, second: number): Promise<string> => {
    const all = leaves(log.slice(0, second));
    const claimed = peer.proofs === "claim-signed-roots";
    const firstRoot = (claimed && signedRoots.get(first)) || merkleRoot(all.slice(0, first));
    const secondRoot = (claimed && signedRoots.get(second)) || merkleRoot(all);
    return signConsistencyAnswer(
      {
        logId,
        first,
        second,
        firstRoot: toB64(firstRoot),
        secondRoot: toB64(secondRoot),
        proof: consistencyProof(all, first).map(toB64),
      },
      keys.signing.privateKey,
    );
  };

  // The X.509 validity is checked against the real clock by TLS; the card's, against the node's.
  const tls = await generateTlsIdentity(state, new Date());
  const pem = tlsIdentityPem(tls);
  const serverOptions = { key: pem.key, cert: pem.certificate, minVersion: "TLSv1.3" as const };
  const server: Server = createServer(serverOptions, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const answer = async (): Promise<string> => {
        if (request.method === "POST" && url.pathname === MESSAGES_PATH)
          return receive(Buffer.concat(chunks).toString("utf8"));
        if (request.method === "GET" && url.pathname === CONSISTENCY_PATH) {
          proofRequests += 1;
          return prove(Number(url.searchParams.get("first")), Number(url.searchParams.get("second")));
        }
        throw new Error(`no route ${request.method} ${url.pathname}`);
      };
      answer().then(
        (body) => response.writeHead(200, { "content-type": JOSE_MEDIA_TYPE }).end(body),
        (error: unknown) =>
          response
            .writeHead(500, { "content-type": "application/problem+json" })
            .end(canonicalJson({ detail: String(error) })),
      );
    });
  });
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) =>
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  await start();

  const url = `https://127.0.0.1:${port}`;
  const validFrom = options.validFrom;
  const validity = validFrom === undefined ? {} : { notBefore: validFrom };
  const card = makeCard(keys, {
    state,
    authority: `Central Authority of ${state}`,
    endpoint: url,
    keys: keysOf(keys, validity),
    tls: [tlsEntryOf(tls.certificate.raw, validFrom ?? clock.now().toISOString())],
    ...(validFrom === undefined ? {} : { issued: validFrom }),
  });
  await importPeerCard({
    context: node,
    actor: { kind: "user", id: "admin-setup", role: "administrator", unit: "admin" },
    ownState: node.config.state,
    card: signCard(card, keys.signing.privateKey),
    fingerprint: fingerprint(keys.signing.publicKey),
  });

  const peer: FakeLedgerPeer = {
    state,
    keys,
    url,
    logId,
    get log() {
      return log;
    },
    proofs: "honest",
    get proofRequests() {
      return proofRequests;
    },
    fork(keep, count = 0) {
      forks += 1;
      log = log.slice(0, keep);
      this.grow(count);
    },
    grow(count) {
      for (let i = 0; i < count; i += 1) log.push(filler(log.length));
    },
    stop,
    start,
  };
  return peer;
}
