/**
 * The custody record of evidence: what happened to an item, when, by whom and for what stated
 * purpose. Each event is a ledger entry (`evidence.<event>`, subject = the item id), so the record is
 * as tamper-evident as the ledger and can be proven to a court by inclusion proofs against a signed
 * tree head (docs/evidence.md, "Custody").
 *
 * Pure: no I/O. The item id is the manifest's `itemId`, the same on both nodes; `manifestSha256`
 * binds every event to exactly one signed manifest.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../crypto/canonical-json.js";
import type { Entry } from "../ledger/entry.js";
import type { SignedManifest } from "./manifest.js";

export const CUSTODY_EVENTS = [
  "acquired",
  "sealed",
  "reviewed",
  "released",
  "transmitted",
  "received",
  "verified",
  "opened",
  "exported",
] as const;
export type CustodyEventName = (typeof CUSTODY_EVENTS)[number];

export const CUSTODY_ENTRY_PREFIX = "evidence.";

/** What a custody entry's `data` holds. */
export type CustodyData = {
  requestId: string;
  manifestSha256: string;
  /** The State whose ledger holds the entry. */
  state: string;
  purpose?: string;
};

/** A signed tree head as receipts carry it: root and signature in base64. */
export type SignedTreeHeadJson = {
  logId: string;
  size: number;
  timestamp: number;
  root: string;
  signature: string;
};

/** Entries of one node's ledger, each with its RFC 9162 inclusion proof (hex) against one signed head. */
export type ProvenLedger = {
  state: string;
  treeHead: SignedTreeHeadJson;
  entries: { entry: Entry; proof: string[] }[];
};

/** SHA-256 (hex) of the canonical JSON of a signed manifest: what custody entries name. */
export function manifestDigest(signed: SignedManifest): string {
  return createHash("sha256").update(canonicalJson(signed)).digest("hex");
}

export const custodyEntryType = (event: CustodyEventName): string => `${CUSTODY_ENTRY_PREFIX}${event}`;

/** The custody event an entry records, or undefined when it is not a custody entry. */
export function custodyEventOf(entry: Entry): CustodyEventName | undefined {
  if (!entry.type.startsWith(CUSTODY_ENTRY_PREFIX)) return undefined;
  const name = entry.type.slice(CUSTODY_ENTRY_PREFIX.length);
  return (CUSTODY_EVENTS as readonly string[]).includes(name) ? (name as CustodyEventName) : undefined;
}

/**
 * Four eyes, as the ledger shows it: the item was neither reviewed nor released by the person who
 * acquired it. Returns what breaks the rule, or undefined.
 */
export function fourEyesBreach(entries: readonly Entry[], itemId: string): string | undefined {
  const actorsOf = (event: CustodyEventName) =>
    entries.filter((e) => e.subject === itemId && e.type === custodyEntryType(event)).map((e) => e.actor);
  const acquirers = new Set(actorsOf("acquired"));
  for (const event of ["reviewed", "released"] as const) {
    const same = actorsOf(event).find((actor) => acquirers.has(actor));
    if (same !== undefined) return `the item was ${event} by ${same}, who acquired it (four eyes)`;
  }
  return undefined;
}
