/**
 * The custody record of a request's evidence, built from ledger entries alone: each item's custody
 * events on every node's ledger, in time order. The exporter renders it as CASE/UCO into the court
 * bundle, and the verifier renders it again from the entries it proved, so `custody.jsonld` is
 * checked to say exactly what the proven ledgers say. Pure.
 */
import type { Entry } from "../ledger/entry.js";
import type { CustodyRecordInput } from "./case-uco.js";
import { custodyEventOf } from "./custody.js";
import type { Manifest } from "./manifest.js";

export function buildCustodyRecord(
  request: CustodyRecordInput["request"],
  manifests: readonly Manifest[],
  entriesByState: ReadonlyMap<string, readonly Entry[]>,
): CustodyRecordInput {
  const entries = [...entriesByState].flatMap(([state, list]) => list.map((entry) => ({ state, entry })));
  return {
    request: {
      id: request.id,
      reference: request.reference,
      kind: request.kind,
      requestingState: request.requestingState,
      requestedState: request.requestedState,
      treaty: request.treaty,
    },
    items: manifests.map((manifest) => ({
      manifest,
      events: entries
        .filter(({ entry }) => entry.subject === manifest.itemId && custodyEventOf(entry) !== undefined)
        .sort(
          (a, b) =>
            a.entry.time.localeCompare(b.entry.time) ||
            a.state.localeCompare(b.state) ||
            a.entry.index - b.entry.index,
        )
        .map(({ state, entry }) => ({
          event: custodyEventOf(entry) as string,
          at: entry.time,
          actor: entry.actor,
          state,
          ledgerIndex: entry.index,
          ...(typeof entry.data.purpose === "string" ? { purpose: entry.data.purpose } : {}),
        })),
    })),
  };
}

/** Entries of several proven ledgers by State, each index once (a State may come with several heads). */
export function entriesByState(ledgers: readonly { state: string; entries: readonly { entry: Entry }[] }[]) {
  const byState = new Map<string, Map<number, Entry>>();
  for (const ledger of ledgers) {
    const known = byState.get(ledger.state) ?? new Map<number, Entry>();
    for (const { entry } of ledger.entries) known.set(entry.index, entry);
    byState.set(ledger.state, known);
  }
  return new Map([...byState].map(([state, known]) => [state, [...known.values()]]));
}
