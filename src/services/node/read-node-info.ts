/**
 * What this node is (src/services/node/node-info-view.ts): the header shows its State, the
 * administrator's "keys" screen its fingerprints. Only public halves and hashes are read here;
 * nothing secret can reach the answer.
 */

import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { fingerprint, keyId } from "../../crypto/node-keys.js";
import type { NodeContext } from "../../server/node-context.js";
import { latestOwnCard } from "../../store/peer-store.js";
import { endpointOf } from "../peers/export-own-card.js";
import { storedCard } from "../peers/peers-context.js";
import type { NodeInfo } from "./node-info-view.js";

export async function readNodeInfo(options: { context: NodeContext; actor: Actor }): Promise<NodeInfo> {
  const { context, actor } = options;
  if (!can(actor, "node.read"))
    throw new CasesError("FORBIDDEN", "your role may not read the node's details");
  const { config, treaties, keys } = context;
  const treatyIds = treaties.packIds();
  const own = treatyIds
    .map((treaty) => treaties.declarations(config.state, treaty))
    .find((declarations) => declarations !== undefined);
  return {
    state: config.state,
    stateName: own?.stateName ?? null,
    version: context.version,
    treaties: treatyIds,
    keys: {
      signing: { keyId: keyId(keys.signingPublic), fingerprint: fingerprint(keys.signingPublic) },
      encryption: { keyId: keyId(keys.encryptionPublic), fingerprint: fingerprint(keys.encryptionPublic) },
      tlsCertificateSha256: context.tls?.sha256 ?? null,
    },
    federationUrl: await federationUrlOf(context),
  };
}

async function federationUrlOf(context: NodeContext): Promise<string | null> {
  const card = await latestOwnCard(context.db);
  if (card !== undefined) return storedCard(card.card).card.endpoint;
  if (context.tls === undefined) return null;
  return endpointOf(context.config.federation.host, context.config.federation.port);
}
