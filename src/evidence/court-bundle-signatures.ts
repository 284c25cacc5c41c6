/**
 * The signature checks of a court bundle that need nothing but its own members: each node card's
 * self-signature, each ledger's signed tree head and the inclusion of every entry in it, and each
 * evidence manifest's signature by the providing node. Pure: bytes in, findings out; a member that
 * fails leaves its State or item out of what later checks may rely on, so nothing unproven is
 * ever used to prove something else.
 */
import { createHash, type KeyObject } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json.js";
import { type NodeCard, parseSignedCard } from "../directory/node-card.js";
import {
  findKey,
  isCurrent,
  keyFingerprint,
  publicKeyOf,
  whyNotCurrent,
} from "../directory/node-card-keys.js";
import { signatureVerifies } from "../directory/node-card-sign.js";
import type { Entry } from "../ledger/entry.js";
import { type BundleIndex, ProvenLedgerSchema } from "./court-bundle-format.js";
import type { BundleCheck } from "./court-bundle-read.js";
import { type Manifest, verifySignedManifest } from "./manifest.js";
import { verifyProvenLedger } from "./proven-ledger.js";

export type NodeKeyReport = { state: string; keys: { kid: string; fingerprint: string; current: string }[] };

/** Findings and what they proved, for the checks that build on them. */
export type Proven = {
  checks: BundleCheck[];
  cards: Map<string, NodeCard>;
  nodeKeys: NodeKeyReport[];
  /** Entries proven included in each State's signed tree head, by State. */
  entries: Map<string, Entry[]>;
  /** Verified manifests and the SHA-256 of their canonical JSON, by item id. */
  manifests: Map<string, { manifest: Manifest; sha256: string }>;
};

const pass = (subject: string, message: string): BundleCheck => ({ ok: true, subject, message });
const fail = (subject: string, message: string): BundleCheck => ({ ok: false, subject, message });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function parseJson(bytes: Buffer | undefined): unknown {
  if (bytes === undefined) throw new Error("missing from the tar");
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Error("not JSON");
  }
}

export function checkCards(index: BundleIndex, documents: Map<string, Buffer>, proven: Proven): void {
  for (const node of index.nodes) {
    try {
      const signed = parseSignedCard(parseJson(documents.get(node.path)));
      if (signed.card.state !== node.state)
        throw new Error(`the card is ${signed.card.state}'s, not ${node.state}'s`);
      const signer = findKey(signed.card, signed.signature.kid, "sig");
      if (signer === undefined) {
        throw new Error(
          `signed by key ${signed.signature.kid}, which is not one of the card's own signing keys`,
        );
      }
      if (!signatureVerifies(signed, publicKeyOf(signer))) {
        throw new Error(
          `the signature does not verify with key ${signer.kid}: the card was altered or forged`,
        );
      }
      const keys = signed.card.keys
        .filter((key) => key.use === "sig")
        .map((key) => ({ kid: key.kid, fingerprint: keyFingerprint(key), current: validity(key) }));
      const listed = JSON.stringify(node.signingKeys);
      if (listed !== JSON.stringify(keys.map(({ kid, fingerprint }) => ({ kid, fingerprint })))) {
        throw new Error("the signing keys and fingerprints bundle.json lists are not the card's");
      }
      proven.cards.set(node.state, signed.card);
      proven.nodeKeys.push({ state: node.state, keys });
      proven.checks.push(
        pass(
          node.path,
          `${node.state}'s node card (sequence ${signed.card.sequence}) is signed by its own key ${signer.kid}`,
        ),
      );
    } catch (error) {
      proven.checks.push(fail(node.path, messageOf(error)));
    }
  }
}

const validity = (key: NodeCard["keys"][number]) =>
  [
    `from ${key.notBefore}`,
    key.notAfter && `until ${key.notAfter}`,
    key.revokedAt && `revoked ${key.revokedAt}`,
  ]
    .filter(Boolean)
    .join(", ");

/** The Ed25519 key `kid` of `state`'s verified card, valid at `at` when given; throws saying why not. */
export function signingKey(proven: Proven, state: string, kid: string, at?: Date): KeyObject {
  const card = proven.cards.get(state);
  if (card === undefined) throw new Error(`no verified node card for ${state} in the bundle`);
  const key = findKey(card, kid, "sig");
  if (key === undefined) throw new Error(`key ${kid} is not a signing key on ${state}'s card`);
  if (at !== undefined && !isCurrent(key, at))
    throw new Error(`${state}'s key ${kid} was ${whyNotCurrent(key, at)} at ${at.toISOString()}`);
  return publicKeyOf(key);
}

export function checkLedgers(index: BundleIndex, documents: Map<string, Buffer>, proven: Proven): void {
  for (const { state, path } of index.ledgers) {
    try {
      const parsed = ProvenLedgerSchema.safeParse(parseJson(documents.get(path)));
      if (!parsed.success) throw new Error(`not a proven ledger: ${z.prettifyError(parsed.error)}`);
      const ledger = parsed.data;
      const head = ledger.treeHead;
      const [logState, kid = ""] = head.logId.split("/");
      if (ledger.state !== state || logState !== state) {
        throw new Error(`the ledger is ${ledger.state}'s with log ${head.logId}, not ${state}'s`);
      }
      verifyProvenLedger(ledger, (signer) => signingKey(proven, state, signer, new Date(head.timestamp)));
      proven.entries.set(state, mergeEntries(state, proven.entries.get(state) ?? [], ledger.entries));
      proven.checks.push(
        pass(
          path,
          `tree head of ${head.logId} at size ${head.size} (${new Date(head.timestamp).toISOString()}) signed by ${state}'s key ${kid}; ${ledger.entries.length} entries proven included`,
        ),
      );
    } catch (error) {
      proven.checks.push(fail(path, messageOf(error)));
    }
  }
}

export function checkManifests(index: BundleIndex, documents: Map<string, Buffer>, proven: Proven): void {
  const requestIds = new Set([index.request.id, index.request.remoteRequestId]);
  for (const item of index.items) {
    try {
      const bytes = documents.get(item.manifest);
      const json = parseJson(bytes) as { manifest?: { node?: { state?: unknown } } };
      const text = bytes?.toString("utf8") ?? "";
      if (canonicalJson(json) !== text)
        throw new Error("not in canonical JSON (RFC 8785) form, as signed and hashed");
      const state = String(json.manifest?.node?.state);
      const manifest = verifySignedManifest(json, (kid) => {
        // A manifest carries no signing time, so the key is only required to be on the card; when
        // it signed is shown by the sealed entry, in a tree head signed by a key current then.
        try {
          return signingKey(proven, state, kid);
        } catch {
          return undefined;
        }
      });
      const mismatch = (
        [
          ["itemId", manifest.itemId, item.itemId],
          ["fileName", manifest.fileName, item.fileName],
          ["size", manifest.size, item.size],
          ["sha256", manifest.sha256, item.sha256],
          ["node.state", manifest.node.state, item.providingState],
        ] as const
      ).find(([, signed, listed]) => signed !== listed);
      if (mismatch)
        throw new Error(`the signed ${mismatch[0]} is ${mismatch[1]}, bundle.json says ${mismatch[2]}`);
      if (!requestIds.has(manifest.requestId)) {
        throw new Error(`the manifest is for request ${manifest.requestId}, not this bundle's request`);
      }
      const sha256 = createHash("sha256").update(text).digest("hex");
      if (sha256 !== item.manifestSha256)
        throw new Error("its SHA-256 is not the manifestSha256 bundle.json lists");
      proven.manifests.set(item.itemId, { manifest, sha256 });
      proven.checks.push(
        pass(
          item.manifest,
          `signed by ${state}'s key ${(json as { signature: { kid: string } }).signature.kid}; ${manifest.fileName}, ${manifest.size} bytes, SHA-256 ${manifest.sha256}`,
        ),
      );
    } catch (error) {
      proven.checks.push(fail(item.manifest, messageOf(error)));
    }
  }
}

/**
 * Entries of one State proven against several of its heads, merged by index. Two heads proving
 * different entries at one index would be two histories: refused.
 */
function mergeEntries(state: string, known: Entry[], added: { entry: Entry }[]): Entry[] {
  const byIndex = new Map(known.map((entry) => [entry.index, entry]));
  for (const { entry } of added) {
    const held = byIndex.get(entry.index);
    if (held !== undefined && canonicalJson(held) !== canonicalJson(entry)) {
      throw new Error(`${state}'s entry ${entry.index} differs between two of its signed tree heads`);
    }
    byIndex.set(entry.index, entry);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
