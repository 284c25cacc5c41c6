/**
 * The custody chain of each evidence item, read from the ledger entries a bundle proved included
 * in their nodes' signed tree heads (docs/evidence.md, "Custody"). Every `evidence.<event>` entry
 * about the item must name the very manifest the bundle holds (by its SHA-256) and the ledger's own
 * State; the events must come in an order that makes sense: acquired before sealed on the providing
 * node, nothing reviewed, released or sent before it was sealed, nothing sent before it was released;
 * when another State exports the bundle, the item was released and transmitted by the provider and
 * received and verified there before being opened or exported. The export itself must be on the
 * exporting node's ledger with the purpose the bundle states.
 */
import type { Entry } from "../ledger/entry.js";
import type { BundleIndex } from "./court-bundle-format.js";
import type { BundleCheck } from "./court-bundle-read.js";
import type { Proven } from "./court-bundle-signatures.js";
import { CUSTODY_EVENTS, type CustodyEventName, fourEyesBreach } from "./custody.js";

type CustodyEvent = CustodyEventName;

type Positions = Map<CustodyEvent, number[]>;

/** [after, before]: `after` must not come before the first `before` (by ledger index); an absent `after` is fine. */
type OrderRule = [CustodyEvent, CustodyEvent];
const PROVIDER_ORDER: OrderRule[] = [
  ["sealed", "acquired"],
  ["reviewed", "sealed"],
  ["released", "sealed"],
  // Four eyes: nothing leaves before it was reviewed.
  ["released", "reviewed"],
  ["transmitted", "released"],
  ["opened", "sealed"],
  ["exported", "sealed"],
];
const RECEIVER_ORDER: OrderRule[] = [
  ["verified", "received"],
  ["opened", "verified"],
  ["exported", "verified"],
];

export function checkCustody(index: BundleIndex, proven: Proven): BundleCheck[] {
  return index.items.map((item) => {
    const subject = `custody of item ${item.itemId}`;
    try {
      return { ok: true, subject, message: custodyOf(index, proven, item.itemId) };
    } catch (error) {
      return { ok: false, subject, message: error instanceof Error ? error.message : String(error) };
    }
  });
}

function custodyOf(index: BundleIndex, proven: Proven, itemId: string): string {
  const verified = proven.manifests.get(itemId);
  if (verified === undefined) throw new Error("not checked: the item's manifest did not verify");
  const provider = verified.manifest.node.state;
  const exporter = index.exportingState;
  const chains = new Map<string, Positions>();
  for (const state of new Set([provider, exporter])) {
    const entries = proven.entries.get(state);
    if (entries === undefined) throw new Error(`not checked: no verified ledger of ${state} in the bundle`);
    chains.set(state, positions(state, entries, itemId, verified.sha256));
  }
  const providing = chains.get(provider) as Positions;
  const sent = exporter !== provider;
  requireEvents(
    provider,
    providing,
    sent ? ["acquired", "sealed", "reviewed", "released", "transmitted"] : ["acquired", "sealed"],
  );
  for (const [after, before] of PROVIDER_ORDER) requireOrder(provider, providing, after, before);
  const breach = fourEyesBreach(proven.entries.get(provider) ?? [], itemId);
  if (breach !== undefined) throw new Error(`${provider}'s ledger: ${breach}`);
  if (sent) {
    const exporting = chains.get(exporter) as Positions;
    requireEvents(exporter, exporting, ["received", "verified"]);
    for (const [after, before] of RECEIVER_ORDER) requireOrder(exporter, exporting, after, before);
  }
  requireExport(index, proven.entries.get(exporter) ?? [], itemId, verified.sha256);
  return [...chains].map(([state, chain]) => `${describe(chain)} on ${state}`).join("; ");
}

/** The item's custody events on one State's ledger, in ledger order, after checking each entry. */
function positions(state: string, entries: Entry[], itemId: string, manifestSha256: string): Positions {
  const found: Positions = new Map();
  for (const entry of entries) {
    if (!entry.type.startsWith("evidence.") || entry.subject !== itemId) continue;
    const where = `${state}'s ledger entry ${entry.index} (${entry.type})`;
    const event = entry.type.slice("evidence.".length) as CustodyEvent;
    if (!CUSTODY_EVENTS.includes(event)) throw new Error(`${where}: not a custody event`);
    if (entry.data.manifestSha256 !== manifestSha256)
      throw new Error(`${where}: names another manifest than the bundle's`);
    if (entry.data.state !== state)
      throw new Error(`${where}: says it is on ${String(entry.data.state)}'s ledger`);
    found.set(event, [...(found.get(event) ?? []), entry.index]);
  }
  return found;
}

function requireEvents(state: string, chain: Positions, events: CustodyEvent[]): void {
  const missing = events.filter((event) => !chain.has(event));
  if (missing.length > 0) {
    throw new Error(`no ${missing.map((e) => `evidence.${e}`).join(", ")} for the item on ${state}'s ledger`);
  }
}

function requireOrder(state: string, chain: Positions, after: CustodyEvent, before: CustodyEvent): void {
  const afterAt = chain.get(after);
  if (afterAt === undefined) return;
  const beforeAt = chain.get(before);
  const first = Math.min(...afterAt);
  if (beforeAt === undefined || Math.min(...beforeAt) > first) {
    throw new Error(
      `evidence.${after} (entry ${first} on ${state}'s ledger) comes before any evidence.${before}`,
    );
  }
}

function requireExport(index: BundleIndex, entries: Entry[], itemId: string, manifestSha256: string): void {
  const recorded = entries.some(
    (e) =>
      e.type === "evidence.exported" &&
      e.subject === itemId &&
      e.data.manifestSha256 === manifestSha256 &&
      e.data.purpose === index.purpose,
  );
  if (!recorded) {
    throw new Error(
      `no evidence.exported entry on ${index.exportingState}'s ledger records this export with the purpose bundle.json states`,
    );
  }
}

function describe(chain: Positions): string {
  return [...chain]
    .map(([event, at]) => [event, Math.min(...at)] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([event]) => event)
    .join(" → ");
}
