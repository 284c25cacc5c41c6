/**
 * Split-view detection: every signed tree head a peer sends us with a receipt is kept
 * (`recordPeerHead`, in the receipt's transaction) and later checked against the heads of that
 * peer already found consistent (`auditPeerHeads`, from the delivery tick). A peer that shows us
 * one history and another State a different one cannot keep both consistent with what it signed
 * for us, so each head must be the same tree as, or a prefix or extension of, the others:
 *
 * - same size as a consistent head: the roots must be equal (no network needed);
 * - the first head of a peer is taken as it is (trust on first use);
 * - otherwise the peer must prove, with a consistency proof it signs, that the smaller of the head
 *   and its newest consistent head is a prefix of the larger.
 *
 * A proof that fails, or a signed answer whose roots contradict a signed head, flags the peer:
 * the evidence is stored, `peer.split-view` is appended to our ledger and an error is logged. A
 * peer that cannot be reached, or an answer that proves nothing (not signed by the peer), leaves
 * the head unchecked and it is tried again with back-off: no alarm without evidence.
 *
 * The check runs inside the delivery tick, whose rounds never overlap, so a slow peer must not
 * hold up delivery to the others: once a peer cannot be reached, its other heads that need a proof
 * are put off with the same back-off without asking it again (one failed request per peer and
 * round, not one per head), and at most `MAX_HEADS_PER_ROUND` heads are judged per round, the
 * others waiting for the next round. Each head of a new size still needs a proof of its own: a
 * proof that the newest consistent head is a prefix of the newest unchecked one says nothing about
 * the roots of the heads received in between, so none is skipped.
 *
 * Heads are compared per State, not per log id: a log id names the signing key, and a key
 * rotation changes it without starting a new ledger.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { bytesEqual } from "../ledger/hash.js";
import { verifyConsistency } from "../ledger/verify-proof.js";
import type { NodeContext } from "../server/node-context.js";
import { peerSubject } from "../services/peers/peers-context.js";
import { appendToLedger } from "../store/ledger-store.js";
import {
  consistentHeads,
  deferPeerHead,
  dueUncheckedHeads,
  insertPeerHead,
  insertSplitView,
  type PeerHeadRow,
  settlePeerHead,
} from "../store/peer-head-store.js";
import type { Database } from "../store/schema.js";
import { consistencyUrl, openConsistencyAnswer } from "./consistency-answer.js";
import { type DeliveryPolicy, deliveryPolicyOf, retryDelayMs } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import { JOSE_MEDIA_TYPE, type Transport } from "./http-transport.js";
import { type Log, logError } from "./log.js";
import { activePeerCard } from "./peer-keys.js";
import type { ReceiptBody } from "./receipts.js";

/** Why a peer was flagged. */
export type SplitViewReason =
  | "same-size-different-root"
  | "root-contradicts-head"
  | "consistency-proof-failed";

/**
 * Heads judged in one round at most; the rest stay due for the next round, a few seconds later.
 * Each may cost a request to its peer (up to the transport's timeout), and the round holds up
 * delivery.
 */
export const MAX_HEADS_PER_ROUND = 20;

export type AuditOptions = {
  policy?: DeliveryPolicy;
  random?: () => number;
  log?: Log;
};

export type AuditSummary = { consistent: number; splitViews: number; deferred: number };

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));
const hexOf = (base64: string): string => Buffer.from(base64, "base64").toString("hex");
const bytesOf = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

/**
 * Keeps the peer's signed head that came with a verified receipt, unchecked, in the caller's
 * transaction (the receipt's): a head is never lost between being received and being checked.
 */
export async function recordPeerHead(
  trx: Transaction<Database>,
  input: { peerState: string; messageId: string; head: ReceiptBody["treeHead"]; receivedAt: string },
): Promise<void> {
  const { head } = input;
  await insertPeerHead(trx, {
    id: randomUUID(),
    peer_state: input.peerState,
    log_id: head.logId,
    size: head.size,
    timestamp: head.timestamp,
    root: hexOf(head.root),
    signature: head.signature,
    received_at: input.receivedAt,
    message_id: input.messageId,
    status: "unchecked",
    checked_at: null,
    checked_against: null,
    check_attempts: 0,
    next_check_at: input.receivedAt,
    last_check_error: null,
  });
}

/** A peer that could not be reached this round: why, and when its heads are due again. */
type Unreachable = { reason: string; nextCheckAt: string };

/**
 * Checks the unchecked heads that are due, oldest first (at most `MAX_HEADS_PER_ROUND` of them),
 * and says what became of them. After a peer fails to answer, its other heads that need a proof
 * are deferred without asking it again.
 */
export async function auditPeerHeads(
  context: NodeContext,
  transport: Transport,
  options: AuditOptions = {},
): Promise<AuditSummary> {
  const summary: AuditSummary = { consistent: 0, splitViews: 0, deferred: 0 };
  const due = await dueUncheckedHeads(context.db, context.clock.now().toISOString());
  const unreachable = new Map<string, Unreachable>();
  let judged = 0;
  for (const head of due) {
    const down = unreachable.get(head.peer_state);
    if (down === undefined && judged >= MAX_HEADS_PER_ROUND) continue;
    const verdict = await judge(context, transport, head, down !== undefined);
    if (verdict.kind === "not-asked") {
      // Only asked for when the peer is down this round.
      if (down !== undefined) await putOff(context, head, down);
      summary.deferred += 1;
      continue;
    }
    judged += 1;
    if (verdict.kind === "consistent") {
      await settle(context, head, "consistent", verdict.against);
      summary.consistent += 1;
    } else if (verdict.kind === "split-view") {
      await flagSplitView(context, head, verdict, options.log);
      summary.splitViews += 1;
    } else {
      const nextCheckAt = await defer(context, head, verdict.reason, options);
      if (verdict.unreachable) unreachable.set(head.peer_state, { reason: verdict.reason, nextCheckAt });
      summary.deferred += 1;
    }
  }
  return summary;
}

type Verdict =
  | { kind: "consistent"; against: PeerHeadRow | undefined }
  | {
      kind: "split-view";
      reason: SplitViewReason;
      first: PeerHeadRow;
      second: PeerHeadRow;
      proof: string | null;
    }
  | { kind: "deferred"; reason: string; unreachable: boolean }
  /** A proof was needed and `skipFetch` said not to ask the peer for it. */
  | { kind: "not-asked" };

async function judge(
  context: NodeContext,
  transport: Transport,
  head: PeerHeadRow,
  skipFetch: boolean,
): Promise<Verdict> {
  const known = await consistentHeads(context.db, head.peer_state);
  const sameSize = known.find((k) => Number(k.size) === Number(head.size));
  if (sameSize !== undefined) {
    return sameSize.root === head.root
      ? { kind: "consistent", against: sameSize }
      : {
          kind: "split-view",
          reason: "same-size-different-root",
          first: sameSize,
          second: head,
          proof: null,
        };
  }
  const newest = known[0];
  if (newest === undefined) return { kind: "consistent", against: undefined };
  if (skipFetch) return { kind: "not-asked" };
  const [first, second] = Number(head.size) < Number(newest.size) ? [head, newest] : [newest, head];
  let proved: Proved;
  try {
    proved = await proveConsistent(context, transport, first, second);
  } catch (error) {
    return { kind: "deferred", reason: messageOf(error), unreachable: false };
  }
  if (proved.kind === "unreachable") return { kind: "deferred", reason: proved.reason, unreachable: true };
  return proved.kind === "proved"
    ? { kind: "consistent", against: newest }
    : { kind: "split-view", reason: proved.reason, first, second, proof: proved.proof };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Proved =
  | { kind: "proved" }
  | { kind: "split"; reason: SplitViewReason; proof: string }
  /** No answer at all (refused, reset, timed out): the peer's other heads need not be tried now. */
  | { kind: "unreachable"; reason: string };

/**
 * Asks the peer to prove `first` is a prefix of `second`; throws when an answer came back that
 * proves nothing (an error status, a signature that does not verify).
 */
async function proveConsistent(
  context: NodeContext,
  transport: Transport,
  first: PeerHeadRow,
  second: PeerHeadRow,
): Promise<Proved> {
  const state = first.peer_state;
  const now = context.clock.now();
  const card = await activePeerCard(context.db, state);
  if (card === undefined) throw new FederationError("FEDERATION_NO_PEER", `${state} is not an active peer`);
  const [m, n] = [Number(first.size), Number(second.size)];
  let answer: Awaited<ReturnType<Transport["get"]>>;
  try {
    answer = await transport.get(consistencyUrl(card, m, n));
  } catch (error) {
    return { kind: "unreachable", reason: messageOf(error) };
  }
  if (answer.status !== 200 || !answer.contentType.startsWith(JOSE_MEDIA_TYPE)) {
    throw new Error(`${state} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  const signed = await openConsistencyAnswer(answer.body, { card, now, first: m, second: n });
  const [firstRoot, secondRoot] = [fromBase64(signed.firstRoot), fromBase64(signed.secondRoot)];
  const split = (reason: SplitViewReason): Proved => ({ kind: "split", reason, proof: answer.body });
  // The peer signed these roots now and the heads' roots before: different roots for one size
  // are two histories, whatever the proof says.
  if (!bytesEqual(firstRoot, bytesOf(first.root)) || !bytesEqual(secondRoot, bytesOf(second.root))) {
    return split("root-contradicts-head");
  }
  const ok = verifyConsistency(m, n, signed.proof.map(fromBase64), firstRoot, secondRoot);
  if (!ok) return split("consistency-proof-failed");
  return { kind: "proved" };
}

async function settle(
  context: NodeContext,
  head: PeerHeadRow,
  status: "consistent",
  against: PeerHeadRow | undefined,
): Promise<void> {
  await settlePeerHead(context.db, head.id, {
    status,
    checked_at: context.clock.now().toISOString(),
    checked_against: against?.id ?? null,
  });
}

/** A check tried and failed: try again after the back-off; returns when. */
async function defer(
  context: NodeContext,
  head: PeerHeadRow,
  reason: string,
  options: AuditOptions,
): Promise<string> {
  const policy = options.policy ?? deliveryPolicyOf(context.config);
  const attempts = Number(head.check_attempts) + 1;
  const wait = retryDelayMs(policy, attempts, options.random ?? Math.random);
  const nextCheckAt = new Date(context.clock.now().getTime() + wait).toISOString();
  await deferPeerHead(context.db, head.id, {
    check_attempts: attempts,
    next_check_at: nextCheckAt,
    last_check_error: reason.slice(0, 1000),
  });
  options.log?.warn(
    { peer: head.peer_state, size: Number(head.size), reason },
    "cannot check the peer's tree head yet",
  );
  return nextCheckAt;
}

/**
 * A head not tried because its peer did not answer this round: due again with the head that was
 * tried, so the peer's heads come back together and the next round again asks it once. Counted
 * as an attempt (the check could not be made); not logged again.
 */
async function putOff(context: NodeContext, head: PeerHeadRow, down: Unreachable): Promise<void> {
  await deferPeerHead(context.db, head.id, {
    check_attempts: Number(head.check_attempts) + 1,
    next_check_at: down.nextCheckAt,
    last_check_error: `not asked: ${head.peer_state} did not answer this round (${down.reason})`.slice(
      0,
      1000,
    ),
  });
}

/** The evidence, as stored and shown: a signed head and where it came from. */
export const headEvidence = (row: PeerHeadRow) => ({
  logId: row.log_id,
  size: Number(row.size),
  timestamp: Number(row.timestamp),
  root: row.root,
  signature: row.signature,
  messageId: row.message_id,
  receivedAt: row.received_at,
});

/** Flags the peer: the head judged, the evidence, our ledger entry, in one transaction; then a loud log. */
async function flagSplitView(
  context: NodeContext,
  head: PeerHeadRow,
  verdict: Extract<Verdict, { kind: "split-view" }>,
  log: Log | undefined,
): Promise<void> {
  const now = context.clock.now();
  const against = verdict.first.id === head.id ? verdict.second : verdict.first;
  const first = headEvidence(verdict.first);
  const second = headEvidence(verdict.second);
  const flagged = await context.db.transaction().execute(async (trx) => {
    const judged = await settlePeerHead(trx, head.id, {
      status: "split-view",
      checked_at: now.toISOString(),
      checked_against: against.id,
    });
    if (!judged) return false;
    const [entry] = await appendToLedger(trx, context.storeKind, now, [
      {
        type: "peer.split-view",
        subject: peerSubject(head.peer_state),
        actor: "system",
        data: { peer: head.peer_state, reason: verdict.reason, first, second },
      },
    ]);
    if (entry === undefined) throw new Error("the ledger returned no entry for the split view");
    await insertSplitView(trx, {
      id: randomUUID(),
      peer_state: head.peer_state,
      detected_at: now.toISOString(),
      reason: verdict.reason,
      first_head: JSON.stringify(first),
      second_head: JSON.stringify(second),
      proof: verdict.proof,
      ledger_index: entry.index,
    });
    return true;
  });
  if (!flagged) return;
  logError(
    log,
    { peer: head.peer_state, reason: verdict.reason, first, second },
    `SPLIT VIEW: ${head.peer_state} signed two different histories of its ledger; see \`rogatory peer list\``,
  );
}
