/**
 * The keys federation uses: an active peer's card, its current signing keys (to check what it
 * signed) and its current encryption key (to seal for it), and this node's own key ids.
 */
import type { KeyObject } from "node:crypto";
import type { OpenOptions } from "../crypto/envelope.js";
import { keyId } from "../crypto/node-keys.js";
import type { NodeCard } from "../directory/node-card.js";
import { currentKeys } from "../directory/node-card-keys.js";
import type { NodeContext, NodeKeys } from "../server/node-context.js";
import type { Executor } from "../store/ledger-store.js";
import { findPeer } from "../store/peer-store.js";
import { type DeliveryPolicy, MAX_SKEW_SECONDS, maxAgeSeconds } from "./delivery-policy.js";
import { FederationError } from "./errors.js";
import { MESSAGES_PATH } from "./http-transport.js";
import { cardKeyObject, peerCardOf } from "./stored-cards.js";

/** The card held for an active peer, or undefined (unknown or revoked State). */
export async function activePeerCard(db: Executor, state: string): Promise<NodeCard | undefined> {
  const row = await findPeer(db, state);
  if (row === undefined || row.status !== "active") return undefined;
  return peerCardOf(row.card);
}

/** The peer's signing key `kid` if it is current at `now`, for openEnvelope's `senderKeys`. */
export async function currentSigningKey(
  db: Executor,
  state: string,
  kid: string,
  now: Date,
): Promise<KeyObject | undefined> {
  const card = await activePeerCard(db, state);
  if (card === undefined) return undefined;
  const key = currentKeys(card, now, "sig").find((k) => k.kid === kid);
  return key === undefined ? undefined : cardKeyObject(key);
}

/** Where and to which key to send: the newest current encryption key on the peer's card. */
export async function recipientOf(
  db: Executor,
  state: string,
  now: Date,
): Promise<{ card: NodeCard; key: KeyObject; keyId: string }> {
  const card = await activePeerCard(db, state);
  if (card === undefined) throw new FederationError("FEDERATION_NO_PEER", `${state} is not an active peer`);
  const key = currentKeys(card, now, "enc").at(-1);
  if (key === undefined) {
    throw new FederationError("FEDERATION_NO_PEER", `${state}'s card lists no current encryption key`);
  }
  return { card, key: cardKeyObject(key), keyId: key.kid };
}

/**
 * This node's key ids, derived once per key: a key id is a hash of the key's DER export, and
 * every message and receipt sealed or opened names one (docs/performance.md, "Federation").
 */
const ownKeyIds = new WeakMap<KeyObject, string>();
function ownKeyId(key: KeyObject): string {
  let id = ownKeyIds.get(key);
  if (id === undefined) {
    id = keyId(key);
    ownKeyIds.set(key, id);
  }
  return id;
}

/** This node's X25519 keys, which federation cannot run without. */
export function ownEncryptionKeys(keys: NodeKeys): { privateKey: KeyObject; keyId: string } {
  return { privateKey: keys.encryptionPrivate, keyId: ownKeyId(keys.encryptionPublic) };
}

/**
 * How this node opens whatever a peer sends it (a message, or a receipt): with its own encryption
 * key, the peer's current signing keys, the clock-skew window, and an age limit that lets a message
 * re-sent until the retry horizon still in.
 */
export function openOptionsFor(
  context: NodeContext,
  now: Date,
  policy: DeliveryPolicy,
  seen: OpenOptions["seen"],
): OpenOptions {
  const own = ownEncryptionKeys(context.keys);
  return {
    recipientPrivateKey: own.privateKey,
    recipientState: context.config.state,
    recipientKeyId: own.keyId,
    senderKeys: (state, kid) => currentSigningKey(context.db, state, kid, now),
    now,
    maxSkewSeconds: MAX_SKEW_SECONDS,
    maxAgeSeconds: maxAgeSeconds(policy),
    seen,
  };
}

export const ownSigningKeyId = (keys: NodeKeys): string => ownKeyId(keys.signingPublic);

/** The federation endpoint of a peer: the card's endpoint with the messages path. */
export const messagesUrl = (card: NodeCard): string => `${card.endpoint.replace(/\/+$/, "")}${MESSAGES_PATH}`;
