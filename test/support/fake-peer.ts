/**
 * A peer for tests about one node: a State whose card (fresh keys, signed) the node's
 * administrator has imported with the confirmed fingerprint. Nothing listens at its endpoint, so
 * messages to it wait in the outbox, sealed to its key: enough for the node to act and record.
 */
import type { Actor } from "../../src/cases/roles.js";
import { fingerprint, type NodeKeySet } from "../../src/crypto/node-keys.js";
import { signCard } from "../../src/directory/node-card-sign.js";
import { generateNodeKeys, makeCard } from "../../src/directory/node-card-test-kit.js";
import type { NodeContext } from "../../src/server/node-context.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";

const ADMINISTRATOR: Actor = { kind: "user", id: "fake-peer-setup", role: "administrator", unit: "admin" };

export async function addFakePeer(context: NodeContext, state: string): Promise<NodeKeySet> {
  const keys = generateNodeKeys();
  const card = makeCard(keys, {
    state,
    authority: `Central Authority of ${state}`,
    endpoint: `https://${state.toLowerCase()}.invalid:7400`,
  });
  await importPeerCard({
    context,
    actor: ADMINISTRATOR,
    ownState: context.config.state,
    card: signCard(card, keys.signing.privateKey),
    fingerprint: fingerprint(keys.signing.publicKey),
  });
  return keys;
}
