/**
 * Split-view detection, on one real node (real store on every backend, the real delivery tick,
 * real HTTP) against a fake peer that signs its tree heads with its real card key and can fork
 * its log: a peer that shows two histories is flagged with the evidence, an honest growing peer
 * never is, and a peer that cannot be reached for a proof is checked later without a false alarm.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { generateTlsIdentity } from "../../src/crypto/tls-identity.js";
import { openConsistencyAnswer } from "../../src/federation/consistency-answer.js";
import { DEFAULT_DELIVERY_POLICY } from "../../src/federation/delivery-policy.js";
import { deliveryTick } from "../../src/federation/delivery-tick.js";
import { deliverDue } from "../../src/federation/delivery-worker.js";
import { type HttpTransport, httpTransport, type Transport } from "../../src/federation/http-transport.js";
import { enqueueMessage } from "../../src/federation/outbox.js";
import { auditPeerHeads, MAX_HEADS_PER_ROUND } from "../../src/federation/peer-heads.js";
import { activePeerCard } from "../../src/federation/peer-keys.js";
import { verifyTreeHead } from "../../src/ledger/tree-head.js";
import { verifyConsistency } from "../../src/ledger/verify-proof.js";
import { fakeClock } from "../../src/server/clock.js";
import { listPeers } from "../../src/services/peers/list-peers.js";
import type { PeerHeadEvidence } from "../../src/services/peers/peer-view.js";
import { fromHex, readEntries } from "../../src/store/ledger-store.js";
import { describeEachBackend } from "../support/backends.js";
import { startTestNode, TEST_START, type TestNode } from "../support/test-node.js";
import { type FakeLedgerPeer, startFakeLedgerPeer } from "./fake-ledger-peer.js";

const AUDITOR = { kind: "user", id: "auditor-1", role: "auditor", unit: "audit" } as const;

describeEachBackend("split-view detection", (backend) => {
  let node: TestNode;
  let peer: FakeLedgerPeer;
  let clock: ReturnType<typeof fakeClock>;
  /** The node's own mutual-TLS transport, pinned to the certificate on the peer's card. */
  let transport: HttpTransport;
  const errors: { details: object; message: string }[] = [];
  const warnings: string[] = [];
  const log = {
    warn: (_details: object, message: string) => void warnings.push(message),
    error: (details: object, message: string) => void errors.push({ details, message }),
  };

  beforeEach(async () => {
    clock = fakeClock(TEST_START);
    node = await startTestNode({ backend, clock });
    peer = await startFakeLedgerPeer({ state: "XB", node: node.context, clock });
    const identity = await generateTlsIdentity("XA", new Date());
    transport = httpTransport({ context: node.context, identity, timeoutMs: 5_000 });
    errors.length = 0;
    warnings.length = 0;
  });
  afterEach(async () => {
    transport.close();
    await peer.stop().catch(() => undefined);
    await node.close();
  });

  /** A message to the peer, committed to the outbox as any change of state would. */
  const send = () =>
    node.context.db.transaction().execute((trx) =>
      enqueueMessage(trx, node.context, {
        to: "XB",
        kind: "progress-inquiry",
        body: { requestId: randomUUID(), text: "Any news on the phishing kit hosted in XB?" },
      }),
    );
  const tick = () => deliveryTick(node.context, log, { transport, random: () => 0.5 })();
  const heads = () =>
    node.context.db
      .selectFrom("peer_tree_heads")
      .selectAll()
      .orderBy("received_at")
      .orderBy("size")
      .execute()
      .then((rows) => rows.map((r) => ({ size: Number(r.size), status: r.status })));
  const alerts = () => node.context.db.selectFrom("peer_split_views").selectAll().execute();
  const ledgerTypes = async () => (await readEntries(node.context.db, 0, 1000)).map((e) => e.type);
  const peerView = async () => (await listPeers({ context: node.context, actor: AUDITOR }))[0];

  /** Both heads verify under the peer's card key: evidence another State can check. */
  const signedByPeer = (head: PeerHeadEvidence) =>
    verifyTreeHead({ ...head, root: fromHex(head.root) }, peer.keys.signing.publicKey);

  it("an honest growing peer is never flagged and every head is marked consistent", async () => {
    await send();
    await tick();
    peer.grow(3);
    await send();
    await send();
    await tick();
    peer.grow(1);
    clock.advance(60_000);
    await send();
    await tick();
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 5, status: "consistent" },
      { size: 6, status: "consistent" },
      { size: 8, status: "consistent" },
    ]);
    // The first head is taken as it is; each later one needed a proof from the peer.
    expect(peer.proofRequests).toBe(3);
    expect(await alerts()).toEqual([]);
    expect(errors).toEqual([]);
    expect(await ledgerTypes()).not.toContain("peer.split-view");
    expect((await peerView())?.splitViews).toEqual([]);
  });

  it("the same size with another root is a split view at once, without asking the peer", async () => {
    await send();
    await tick();
    peer.fork(0);
    await send();
    await tick();
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 1, status: "split-view" },
    ]);
    expect(peer.proofRequests).toBe(0);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ peer_state: "XB", reason: "same-size-different-root", proof: null });
    const view = await peerView();
    expect(view?.splitViews).toHaveLength(1);
    const evidence = view?.splitViews[0];
    if (evidence === undefined) throw new Error("no evidence");
    expect(evidence.firstHead.size).toBe(evidence.secondHead.size);
    expect(evidence.firstHead.root).not.toBe(evidence.secondHead.root);
    expect(signedByPeer(evidence.firstHead)).toBe(true);
    expect(signedByPeer(evidence.secondHead)).toBe(true);
    const [entry] = await readEntries(node.context.db, evidence.ledgerIndex, 1);
    expect(entry).toMatchObject({
      type: "peer.split-view",
      subject: "peer:XB",
      data: { peer: "XB", reason: "same-size-different-root" },
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/SPLIT VIEW: XB/);

    // It stays flagged, and the alert is not raised twice for the same heads.
    clock.advance(60_000);
    await tick();
    expect(await alerts()).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect((await peerView())?.splitViews).toHaveLength(1);
  });

  it("a larger head whose consistency proof fails is a split view, with the peer's signed proof kept", async () => {
    await send();
    await tick();
    // Another history from the start, three entries longer; the peer claims the roots it signed.
    peer.fork(0, 3);
    peer.proofs = "claim-signed-roots";
    await send();
    await tick();
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 4, status: "split-view" },
    ]);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ peer_state: "XB", reason: "consistency-proof-failed" });
    // The kept answer is the peer's own signed statement, and its proof does not verify.
    const card = await activePeerCard(node.context.db, "XB");
    if (card === undefined || alert?.proof == null) throw new Error("missing card or proof");
    const answer = await openConsistencyAnswer(alert.proof, { card, now: clock.now(), first: 1, second: 4 });
    const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
    expect(
      verifyConsistency(1, 4, answer.proof.map(b64), b64(answer.firstRoot), b64(answer.secondRoot)),
    ).toBe(false);
    const first = JSON.parse(alert.first_head) as PeerHeadEvidence;
    expect(Buffer.from(answer.firstRoot, "base64").toString("hex")).toBe(first.root);
    expect(await ledgerTypes()).toContain("peer.split-view");
    expect(errors).toHaveLength(1);
  });

  it("a peer whose signed proof gives another root than its signed head is flagged", async () => {
    await send();
    await tick();
    peer.grow(2);
    await send();
    await tick();
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 4, status: "consistent" },
    ]);
    // Another history, answered honestly: its root at size 4 is not the one the peer signed for us.
    peer.fork(0, 3);
    await send();
    await send();
    await tick();
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 4, status: "consistent" },
      { size: 4, status: "split-view" },
      { size: 5, status: "split-view" },
    ]);
    expect((await alerts()).map((a) => a.reason).sort()).toEqual([
      "root-contradicts-head",
      "same-size-different-root",
    ]);
    expect((await peerView())?.splitViews).toHaveLength(2);
  });

  it("a peer unreachable for the proof is not flagged; its head is checked later", async () => {
    await send();
    await tick();
    peer.grow(2);
    await send();
    await deliverDue({ context: node.context, transport, random: () => 0.5 });
    await peer.stop();

    const audit = () => auditPeerHeads(node.context, transport, { random: () => 0.5, log });
    expect(await audit()).toEqual({ consistent: 0, splitViews: 0, deferred: 1 });
    const [, waiting] = await node.context.db
      .selectFrom("peer_tree_heads")
      .selectAll()
      .orderBy("size")
      .execute();
    expect(waiting).toMatchObject({ status: "unchecked", check_attempts: 1 });
    expect(waiting?.last_check_error).toBeTruthy();
    const wait = DEFAULT_DELIVERY_POLICY.baseDelayMs * 0.75;
    expect(Date.parse(waiting?.next_check_at ?? "")).toBe(clock.now().getTime() + wait);
    // Not due yet: not tried again.
    expect(await audit()).toEqual({ consistent: 0, splitViews: 0, deferred: 0 });
    expect(await alerts()).toEqual([]);
    expect(errors).toEqual([]);
    expect(await ledgerTypes()).not.toContain("peer.split-view");

    await peer.start();
    clock.advance(wait);
    expect(await audit()).toEqual({ consistent: 1, splitViews: 0, deferred: 0 });
    expect(await heads()).toEqual([
      { size: 1, status: "consistent" },
      { size: 4, status: "consistent" },
    ]);
  });

  it("a peer down with several unchecked heads is asked once per round, not once per head", async () => {
    await send();
    await tick();
    peer.grow(2);
    for (let i = 0; i < 3; i += 1) await send();
    await deliverDue({ context: node.context, transport, random: () => 0.5 });
    await peer.stop();

    // The real transport, with its consistency requests counted.
    let fetches = 0;
    const counting: Transport = {
      send: (url, sealed) => transport.send(url, sealed),
      get: (url) => {
        fetches += 1;
        return transport.get(url);
      },
    };
    const audit = () => auditPeerHeads(node.context, counting, { random: () => 0.5, log });
    expect(await audit()).toEqual({ consistent: 0, splitViews: 0, deferred: 3 });
    expect(fetches).toBe(1);
    const waiting = await node.context.db
      .selectFrom("peer_tree_heads")
      .selectAll()
      .where("status", "=", "unchecked")
      .execute();
    expect(waiting).toHaveLength(3);
    // All put off together, with the back-off of the one that was tried.
    const wait = DEFAULT_DELIVERY_POLICY.baseDelayMs * 0.75;
    expect(new Set(waiting.map((h) => Date.parse(h.next_check_at)))).toEqual(
      new Set([clock.now().getTime() + wait]),
    );
    expect(waiting.every((h) => Number(h.check_attempts) === 1 && h.last_check_error)).toBe(true);
    // One warning for the peer, not one per head.
    expect(warnings).toEqual(["cannot check the peer's tree head yet"]);

    clock.advance(wait);
    expect(await audit()).toEqual({ consistent: 0, splitViews: 0, deferred: 3 });
    expect(fetches).toBe(2);

    // Back up: every head is checked, each with its own proof.
    await peer.start();
    clock.advance(DEFAULT_DELIVERY_POLICY.maxDelayMs);
    expect(await audit()).toEqual({ consistent: 3, splitViews: 0, deferred: 0 });
    expect(fetches).toBe(5);
    expect(await alerts()).toEqual([]);
  });

  it(`at most ${MAX_HEADS_PER_ROUND} heads are judged in a round; the others in the next`, async () => {
    await send();
    await tick();
    for (let i = 0; i < MAX_HEADS_PER_ROUND + 2; i += 1) await send();
    await deliverDue({ context: node.context, transport, random: () => 0.5 });
    const audit = () => auditPeerHeads(node.context, transport, { random: () => 0.5, log });
    expect(await audit()).toEqual({ consistent: MAX_HEADS_PER_ROUND, splitViews: 0, deferred: 0 });
    expect(await audit()).toEqual({ consistent: 2, splitViews: 0, deferred: 0 });
    expect((await heads()).every((h) => h.status === "consistent")).toBe(true);
    expect(peer.proofRequests).toBe(MAX_HEADS_PER_ROUND + 2);
  });

  it("the flag shows in GET /api/v1/peers for administrators and auditors only", async () => {
    await send();
    await tick();
    peer.fork(0);
    await send();
    await tick();
    for (const role of ["administrator", "auditor"] as const) {
      const user = await node.createUser(role, "admin");
      const client = await node.login(user.username, user.password, user.totpSecret);
      const response = await client.get("/api/v1/peers");
      expect(response.statusCode).toBe(200);
      const [xb] = response.json() as {
        state: string;
        tls: { fingerprint: string; current: boolean }[];
        splitViews: { reason: string }[];
      }[];
      expect(xb?.state).toBe("XB");
      // The pinned TLS certificate is part of what administrators check about a peer.
      expect(xb?.tls).toEqual([expect.objectContaining({ current: true, fingerprint: expect.any(String) })]);
      expect(xb?.splitViews.map((s) => s.reason)).toEqual(["same-size-different-root"]);
      clock.advance(30_000);
    }
    const officer = await node.createUser("case-officer", "cyber");
    const client = await node.login(officer.username, officer.password, officer.totpSecret);
    const refused = await client.get("/api/v1/peers");
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain("splitViews");
  });
});
