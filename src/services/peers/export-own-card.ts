/**
 * Builds and signs this node's card from its keys and configuration, records it, and returns it
 * with the fingerprint the other State's administrator must confirm. Exporting again without a
 * change returns the same card (same sequence), so handing a card out twice is not an update.
 * Authority, endpoint and declarations version default to those of the last card issued, then to
 * the configuration: set once, they are not lost by the next export.
 */
import type { Transaction } from "kysely";
import { type Actor, actorName } from "../../cases/roles.js";
import { canonicalJson } from "../../crypto/canonical-json.js";
import { fingerprint, keyId, type NodeKeySet } from "../../crypto/node-keys.js";
import type { TlsIdentity } from "../../crypto/tls-identity.js";
import {
  CARD_FORMAT,
  type CardKey,
  type CardTlsCertificate,
  type KeyUse,
  type NodeCard,
  type SignedCard,
} from "../../directory/node-card.js";
import { CardError } from "../../directory/node-card-errors.js";
import { jwkOf } from "../../directory/node-card-keys.js";
import { signCard } from "../../directory/node-card-sign.js";
import { isTlsCurrent, tlsEntryOf } from "../../directory/node-card-tls.js";
import { verifyCardUpdate } from "../../directory/node-card-verify.js";
import { isUniqueViolation } from "../../store/database.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { insertOwnCard, latestOwnCard } from "../../store/peer-store.js";
import type { Database } from "../../store/schema.js";
import { PeerError } from "./peer-errors.js";
import { assertMay, type PeersContext, storedCard } from "./peers-context.js";

export type ExportOwnCardOptions = {
  context: PeersContext;
  actor: Actor;
  /** This node: its State, and where its federation listener listens (the default endpoint). */
  node: { state: string; host: string; port: number };
  keys: NodeKeySet;
  /** The node's TLS certificate: the card lists it, so that peers pin it. */
  tls: Pick<TlsIdentity, "certificate">;
  authority?: string | undefined;
  endpoint?: string | undefined;
  /** The version (a date) of the declarations this node publishes. */
  declarationsVersion?: string | undefined;
};

export type ExportedCard = {
  signed: SignedCard;
  /** Of this node's signing key, grouped in fours: read it to the other State's administrator. */
  fingerprint: string;
  /** False when the last card issued was still right and is returned as it was. */
  issued: boolean;
};

/**
 * A new key's `notBefore` is set this far back: the key exists since `node init`, and a peer whose
 * clock runs behind ours must not see it as not yet valid (cards travel between States' clocks).
 */
const CLOCK_ALLOWANCE_MS = 60 * 60 * 1000;

/**
 * When the TLS certificate file was replaced, the card keeps the previous certificate this long:
 * peers that still hold the older card, or a connection made with the old one, keep working.
 */
export const TLS_ROTATION_OVERLAP_MS = 7 * 24 * 60 * 60 * 1000;

export async function exportOwnCard(options: ExportOwnCardOptions): Promise<ExportedCard> {
  assertMay(options.actor, "peer.manage");
  const { context } = options;
  const now = context.clock.now();
  try {
    return await context.db.transaction().execute(async (trx) => {
      const row = await latestOwnCard(trx);
      const previous = row === undefined ? undefined : storedCard(row.card);
      const body = cardBody(options, previous?.card, now);
      if (previous !== undefined && canonicalJson(bodyOf(previous.card)) === canonicalJson(body)) {
        return { signed: previous, fingerprint: fingerprint(options.keys.signing.publicKey), issued: false };
      }
      const card: NodeCard = {
        ...body,
        issued: now.toISOString(),
        sequence: (previous?.card.sequence ?? 0) + 1,
      };
      const signed = signCard(card, options.keys.signing.privateKey);
      const verified = checkAsPeer(previous, signed, now);
      await record(trx, options, signed, verified.fingerprint, now);
      return { signed, fingerprint: verified.fingerprint, issued: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PeerError("CONFLICT", "another card was issued meanwhile; retry");
    throw error;
  }
}

/** The node checks its own card as a peer will: it never hands out one its peers would refuse. */
function checkAsPeer(previous: SignedCard | undefined, signed: SignedCard, now: Date) {
  try {
    return verifyCardUpdate(previous, signed, now);
  } catch (error) {
    if (!(error instanceof CardError)) throw error;
    // Typically the key files were replaced: only the old key could sign the change (see docs/node-cards.md).
    throw new CardError(error.code, `peers would refuse this node's new card: ${error.message}`, {
      cause: error,
    });
  }
}

type CardBody = Omit<NodeCard, "issued" | "sequence">;

const bodyOf = ({ issued: _, sequence: __, ...body }: NodeCard): CardBody => body;

function cardBody(options: ExportOwnCardOptions, previous: NodeCard | undefined, now: Date): CardBody {
  const { node } = options;
  return {
    format: CARD_FORMAT,
    state: node.state,
    authority: options.authority ?? previous?.authority ?? `Central authority of ${node.state}`,
    endpoint: options.endpoint ?? previous?.endpoint ?? endpointOf(node.host, node.port),
    keys: cardKeys(options.keys, previous, now),
    tls: cardTls(options.tls, previous, now),
    declarationsVersion:
      options.declarationsVersion ?? previous?.declarationsVersion ?? now.toISOString().slice(0, 10),
  };
}

/** The node's two keys, keeping the validity an earlier card gave them, and every key revoked before. */
function cardKeys(keys: NodeKeySet, previous: NodeCard | undefined, now: Date): CardKey[] {
  const entry = (publicKey: NodeKeySet["signing"]["publicKey"], use: KeyUse): CardKey => {
    const jwk = jwkOf(publicKey, use);
    const held = previous?.keys.find((key) => key.use === use && key.publicKey.x === jwk.x);
    if (held !== undefined) return held;
    return {
      kid: keyId(publicKey),
      use,
      publicKey: jwk,
      notBefore: new Date(now.getTime() - CLOCK_ALLOWANCE_MS).toISOString(),
    };
  };
  const own = [entry(keys.signing.publicKey, "sig"), entry(keys.encryption.publicKey, "enc")];
  const revoked = (previous?.keys ?? []).filter(
    (key) => key.revokedAt !== undefined && !own.some((o) => o.kid === key.kid),
  );
  return [...own, ...revoked];
}

/**
 * The node's certificate, keeping the validity an earlier card gave it; a previous certificate
 * still current stays for the rotation overlap (`notAfter` at most now + overlap), then is dropped.
 */
function cardTls(
  tls: ExportOwnCardOptions["tls"],
  previous: NodeCard | undefined,
  now: Date,
): CardTlsCertificate[] {
  const fresh = tlsEntryOf(tls.certificate.raw, new Date(now.getTime() - CLOCK_ALLOWANCE_MS).toISOString());
  const own = previous?.tls.find((entry) => entry.sha256 === fresh.sha256) ?? fresh;
  const end = now.getTime() + TLS_ROTATION_OVERLAP_MS;
  const older = (previous?.tls ?? [])
    .filter((entry) => entry.sha256 !== own.sha256 && isTlsCurrent(entry, now))
    .map((entry) =>
      entry.notAfter !== undefined && Date.parse(entry.notAfter) <= end
        ? entry
        : { ...entry, notAfter: new Date(end).toISOString() },
    );
  return [own, ...older];
}

/** The federation listener's address as a URL; an IPv6 literal goes in brackets. */
export function endpointOf(host: string, port: number): string {
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function record(
  trx: Transaction<Database>,
  options: ExportOwnCardOptions,
  signed: SignedCard,
  signerFingerprint: string,
  now: Date,
): Promise<void> {
  const { card } = signed;
  await insertOwnCard(trx, {
    sequence: card.sequence,
    card: canonicalJson(signed),
    issued_by: actorName(options.actor),
    issued_at: now.toISOString(),
  });
  await appendToLedger(trx, options.context.storeKind, now, [
    {
      actor: actorName(options.actor),
      type: "node-card.issued",
      subject: `node:${card.state}`,
      data: {
        sequence: card.sequence,
        fingerprint: signerFingerprint,
        endpoint: card.endpoint,
        declarationsVersion: card.declarationsVersion,
      },
    },
  ]);
}
