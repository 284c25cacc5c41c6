/**
 * Node-to-node mutual TLS over real HTTPS on 127.0.0.1, pinned to the certificates on the cards:
 * a client without a certificate, or with one no card lists, gets no HTTP answer at all; a server
 * presenting an unpinned certificate is refused by the sender, which retries later; a revoked
 * peer's next connection is refused; a pinned peer passing on a message another State signed is
 * refused at the message layer; during a rotation's overlap both certificates work. The federation
 * routes are not served on the officers' API.
 */
import { randomUUID } from "node:crypto";
import { request } from "node:https";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Message, sealMessage } from "../../src/crypto/envelope.js";
import { keyId } from "../../src/crypto/node-keys.js";
import { generateTlsIdentity, type TlsIdentity, tlsIdentityPem } from "../../src/crypto/tls-identity.js";
import { tlsEntryOf } from "../../src/directory/node-card-tls.js";
import { deliveryTick } from "../../src/federation/delivery-tick.js";
import { FederationError } from "../../src/federation/errors.js";
import { httpTransport, MESSAGES_PATH } from "../../src/federation/http-transport.js";
import { enqueueMessage } from "../../src/federation/outbox.js";
import { startFederationListener } from "../../src/server/federation-listener.js";
import { exportOwnCard, TLS_ROTATION_OVERLAP_MS } from "../../src/services/peers/export-own-card.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { revokePeer } from "../../src/services/peers/revoke-peer.js";
import { startTestNode } from "../support/test-node.js";
import {
  type Clock,
  example,
  type FederatedNode,
  introduce,
  startNode,
  startPair,
  user,
} from "./two-nodes.js";

let xa: FederatedNode;
let xb: FederatedNode;
let clock: Clock;
const others: FederatedNode[] = [];

beforeEach(async () => {
  ({ xa, xb, clock } = await startPair());
});
afterEach(async () => {
  for (const node of [xa, xb, ...others.splice(0)]) await node.close();
});

function requestMessage(from: FederatedNode, to: FederatedNode): Message {
  return {
    id: randomUUID(),
    kind: "request",
    from: from.state,
    to: to.state,
    created: clock.now().toISOString(),
    body: {
      requestId: randomUUID(),
      treaty: "uncc-2024",
      // The example is XA → XB; the States named must be the message's.
      document: { ...example("preservation"), requestingState: from.state, requestedState: to.state },
    },
  } as Message;
}

/** Sealed by `from` with its own signing key, to `to`: an authentic message. */
const seal = (from: FederatedNode, to: FederatedNode): Promise<string> =>
  sealMessage(requestMessage(from, to), {
    signingKey: from.keys.signing.privateKey,
    senderKeyId: keyId(from.keys.signing.publicKey),
    recipientKey: to.keys.encryption.publicKey,
    recipientKeyId: keyId(to.keys.encryption.publicKey),
  });

type RawAnswer = { status?: number; error?: string };

/**
 * A POST by a client that is not one of ours: with the certificate given (or none), trusting the
 * server's certificate so that only the server's verdict on the client matters.
 */
function rawPost(to: FederatedNode, sealed: string, identity?: TlsIdentity): Promise<RawAnswer> {
  const own = identity === undefined ? undefined : tlsIdentityPem(identity);
  return new Promise((resolve) => {
    const req = request(
      `${to.url}${MESSAGES_PATH}`,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/jose" },
        ...(own === undefined ? {} : { key: own.key, cert: own.certificate }),
        ca: [to.tls.certificate.toString()],
        checkServerIdentity: () => undefined,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(sealed);
  });
}

const inbox = (node: FederatedNode) => node.context.db.selectFrom("inbox").selectAll().execute();
const outbox = (node: FederatedNode) => node.context.db.selectFrom("outbox").selectAll().execute();
const portOf = (node: FederatedNode) => Number(new URL(node.url).port);

describe("a client is refused at the TLS handshake", () => {
  it("without a certificate: no HTTP answer, nothing in the inbox", async () => {
    const answer = await rawPost(xb, await seal(xa, xb));
    expect(answer.status).toBeUndefined();
    expect(answer.error).toBeDefined();
    expect(await inbox(xb)).toHaveLength(0);
  });

  it("with a self-signed certificate no card lists: no HTTP answer, nothing in the inbox", async () => {
    const stranger = await generateTlsIdentity("XA", new Date());
    const answer = await rawPost(xb, await seal(xa, xb), stranger);
    expect(answer.status).toBeUndefined();
    expect(answer.error).toBeDefined();
    expect(await inbox(xb)).toHaveLength(0);
    // The same envelope with XA's pinned certificate is taken: only the certificate differed.
    expect((await rawPost(xb, await seal(xa, xb), xa.tls)).status).toBe(200);
  });

  it("for a revoked peer, from its next connection, kept-alive ones included", async () => {
    expect((await xa.post(xb, await seal(xa, xb))).status).toBe(200);
    await revokePeer({ context: xb.context, actor: user("admin-XB", "administrator"), state: "XA" });
    // The connection XA keeps alive is cut without an answer...
    await expect(xa.post(xb, await seal(xa, xb))).rejects.toThrow();
    // ...and a new one fails the handshake.
    const answer = await rawPost(xb, await seal(xa, xb), xa.tls);
    expect(answer.status).toBeUndefined();
    expect(answer.error).toBeDefined();
    expect(await inbox(xb)).toHaveLength(1);
  });
});

describe("the sender refuses a server", () => {
  it("that presents a certificate the peer's card does not list: the attempt fails and is retried", async () => {
    await xa.context.db.transaction().execute((trx) =>
      enqueueMessage(trx, xa.context, {
        to: "XB",
        kind: "request",
        body: { requestId: randomUUID(), treaty: "uncc-2024", document: example("preservation") },
      }),
    );
    await xb.stop();
    // An impostor on XB's port, with XB's data but a certificate of its own.
    const impostorTls = await generateTlsIdentity("XB", new Date());
    const impostor = await startFederationListener(
      { ...xb.context, tls: impostorTls },
      { host: "127.0.0.1", port: portOf(xb) },
    );
    const tick = () =>
      deliveryTick(xa.context, { warn: () => undefined }, { random: () => 0.5, transport: xa.transport })();
    await tick();
    const [row] = await outbox(xa);
    expect(row).toMatchObject({ attempts: 1, delivered_at: null });
    expect(row?.last_error).toMatch(/TLS certificate its card does not list/);
    expect(await inbox(xb)).toHaveLength(0);

    await impostor.close();
    await xb.start();
    clock.advance(60_000);
    await tick();
    expect((await outbox(xa))[0]).toMatchObject({ attempts: 2, last_error: null });
    expect((await outbox(xa))[0]?.delivered_at).not.toBeNull();
    expect(await inbox(xb)).toHaveLength(1);
  });
});

describe("one bad peer row", () => {
  /** XC becomes a peer of XB beside XA; then XB's row for XC is changed under the services. */
  const withThirdPeer = async (): Promise<FederatedNode> => {
    const xc = await startNode("XC", clock);
    others.push(xc);
    await introduce(xc, xb);
    await introduce(xb, xc);
    return xc;
  };
  const setCard = (node: FederatedNode, state: string, card: string) =>
    node.context.db.updateTable("peers").set({ card }).where("state", "=", state).execute();
  const codeOf = (error: unknown) => (error instanceof FederationError ? error.code : String(error));

  it("whose stored card cannot be parsed refuses that peer only: the others are accepted and reached", async () => {
    const xc = await withThirdPeer();
    await setCard(xb, "XC", "{ not a card");
    const warnings: string[] = [];
    const log = { warn: (_: object, message: string) => void warnings.push(message) };
    await xb.listener().refreshTrust();
    // XA's connection is accepted, and XB still reaches XA.
    expect((await xa.post(xb, await seal(xa, xb))).status).toBe(200);
    expect((await xb.post(xa, await seal(xb, xa))).status).toBe(200);
    // XC alone is refused: as a client at the handshake, as a server before any connection.
    const answer = await rawPost(xb, await seal(xc, xb), xc.tls);
    expect(answer.status).toBeUndefined();
    const toXc = httpTransport({ context: xb.context, log });
    try {
      const error = await toXc.send(`${xc.url}${MESSAGES_PATH}`, await seal(xb, xc)).catch((e) => e);
      expect(codeOf(error)).toBe("FEDERATION_NO_PEER");
      expect(String(error)).toMatch(/stored card of XC cannot be read/);
    } finally {
      toXc.close();
    }
    expect(warnings).toEqual(["XC's stored card cannot be read: that peer is refused"]);
    expect(await inbox(xb)).toHaveLength(1);
  });

  it("whose card lists another peer's certificate leaves that certificate pinned for neither", async () => {
    const xc = await withThirdPeer();
    // Stored before imports refused such a card: XC's card also lists XA's certificate.
    const [row] = await xb.context.db.selectFrom("peers").select("card").where("state", "=", "XC").execute();
    const stored = JSON.parse(row?.card ?? "{}");
    stored.card.tls.push(tlsEntryOf(xa.tls.certificate.raw, stored.card.tls[0].notBefore));
    await setCard(xb, "XC", JSON.stringify(stored));
    await xb.listener().refreshTrust();
    // XA's certificate could be taken for XC's: XB accepts it from neither, and will not pin it to reach XA.
    const answer = await rawPost(xb, await seal(xa, xb), xa.tls);
    expect(answer.status).toBeUndefined();
    const error = await xb.post(xa, await seal(xb, xa)).catch((e) => e);
    expect(codeOf(error)).toBe("FEDERATION_TLS_UNPINNED");
    // XC's own certificate, on its card alone, still works.
    expect((await rawPost(xb, await seal(xc, xb), xc.tls)).status).toBe(200);
    expect(await inbox(xb)).toHaveLength(1);
  });
});

describe("the sender's own TLS key", () => {
  it("is exported to PEM once per identity, not on every request", async () => {
    const exported = vi.spyOn(xa.tls.privateKey, "export");
    const transport = httpTransport({ context: xa.context, identity: xa.tls });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await transport.send(`${xb.url}${MESSAGES_PATH}`, await seal(xa, xb))).status).toBe(200);
      }
      expect(exported).toHaveBeenCalledTimes(1);
    } finally {
      transport.close();
      exported.mockRestore();
    }
  });
});

describe("the message layer", () => {
  it("refuses a message signed by another State than the connection's, and changes nothing", async () => {
    const xc = await startNode("XC", clock);
    others.push(xc);
    await introduce(xc, xb);
    await introduce(xb, xc);
    const fromXa = await seal(xa, xb);
    const snapshot = async () =>
      JSON.stringify([
        await inbox(xb),
        await xb.context.db.selectFrom("requests").selectAll().execute(),
        await xb.context.db.selectFrom("ledger_head").selectAll().execute(),
      ]);
    const before = await snapshot();
    // XC is a pinned peer of XB, but the envelope it carries is XA's.
    const answer = await xc.post(xb, fromXa);
    expect(answer.status).toBe(403);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "FEDERATION_PEER_MISMATCH" });
    expect(await snapshot()).toBe(before);
    // From XA itself, the very same envelope is taken.
    expect((await xa.post(xb, fromXa)).status).toBe(200);
  });
});

describe("rotation", () => {
  it("during the overlap both certificates work, for a client and for a server; after it, only the new", async () => {
    const admin = (node: FederatedNode) => user(`admin-${node.state}`, "administrator");
    const rotate = async (node: FederatedNode, peer: FederatedNode, tls: TlsIdentity) => {
      const exported = await exportOwnCard({
        context: node.context,
        actor: admin(node),
        node: { state: node.state, host: "127.0.0.1", port: portOf(node) },
        keys: node.keys,
        tls,
      });
      expect(exported.signed.card.tls.map((entry) => entry.sha256)).toEqual([tls.sha256, node.tls.sha256]);
      await importPeerCard({
        context: peer.context,
        actor: admin(peer),
        ownState: peer.state,
        card: exported.signed,
      });
    };
    const newA = await generateTlsIdentity("XA", new Date());
    const newB = await generateTlsIdentity("XB", new Date());
    await rotate(xa, xb, newA);
    await rotate(xb, xa, newB);

    // XA as a client, with the old and the new certificate, to XB serving the old one.
    const withNewA = httpTransport({ context: xa.context, identity: newA });
    try {
      expect((await xa.post(xb, await seal(xa, xb))).status).toBe(200);
      expect((await withNewA.send(`${xb.url}${MESSAGES_PATH}`, await seal(xa, xb))).status).toBe(200);
      // XB now serving its new certificate: XA still reaches it.
      await xb.stop();
      const newServer = await startFederationListener(
        { ...xb.context, tls: newB },
        { host: "127.0.0.1", port: portOf(xb) },
      );
      try {
        expect((await withNewA.send(`${xb.url}${MESSAGES_PATH}`, await seal(xa, xb))).status).toBe(200);
      } finally {
        await newServer.close();
      }
      await xb.start();
      expect(await inbox(xb)).toHaveLength(3);

      // Past the overlap, XA's old certificate is no longer accepted; the new one is.
      clock.advance(TLS_ROTATION_OVERLAP_MS);
      const old = await rawPost(xb, await seal(xa, xb), xa.tls);
      expect(old.status).toBeUndefined();
      expect((await rawPost(xb, await seal(xa, xb), newA)).status).toBe(200);
    } finally {
      withNewA.close();
    }
  });
});

describe("the officers' API", () => {
  it("does not serve the federation routes", async () => {
    const node = await startTestNode();
    try {
      const answer = await node.app.inject({
        method: "POST",
        url: MESSAGES_PATH,
        headers: { "content-type": "application/jose" },
        payload: "a.b.c.d.e",
      });
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await node.close();
    }
  });
});
