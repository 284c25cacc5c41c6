/**
 * Names for what a request row shows as codes: the kind (the pack's title, e.g. "Expedited
 * preservation of stored data") and the other State (its declared name). Each treaty's pack and
 * declarations are fetched once per page load and shared by every table; until they arrive, or if
 * the node cannot give them, the row shows the raw code, which is still correct, only terser.
 */
import { useEffect, useState } from "react";
import { api } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import type { Localized } from "../i18n/languages.js";

type PackTitles = { kinds: readonly { id: string; title: Localized }[] };
type DeclaredName = { state: string; stateName: Localized };
type Labels = { kinds: ReadonlyMap<string, Localized>; states: ReadonlyMap<string, Localized> };

const cache = new Map<string, Promise<Labels>>();

function loadLabels(treaty: string): Promise<Labels> {
  const cached = cache.get(treaty);
  if (cached !== undefined) return cached;
  const path = `/treaties/${encodeURIComponent(treaty)}`;
  const loading = Promise.all([
    api<PackTitles>("GET", path),
    // Names of States are a nicety: without them the codes still say who the counterpart is.
    api<DeclaredName[]>("GET", `${path}/declarations`).catch(() => []),
  ]).then(([pack, declarations]) => ({
    kinds: new Map(pack.kinds.map((kind) => [kind.id, kind.title])),
    states: new Map(declarations.map((declared) => [declared.state, declared.stateName])),
  }));
  cache.set(treaty, loading);
  // A failed load is forgotten, so the next screen tries again instead of keeping the failure.
  loading.catch(() => cache.delete(treaty));
  return loading;
}

export type TreatyLabels = {
  kind(treaty: string, kind: string): string;
  state(treaty: string, state: string): string;
};

export function useTreatyLabels(treaties: readonly string[]): TreatyLabels {
  const { pick } = useI18n();
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Labels>>(new Map());
  const key = [...new Set(treaties)].sort().join(" ");

  useEffect(() => {
    let current = true;
    for (const treaty of key.split(" ").filter((id) => id !== "")) {
      loadLabels(treaty).then(
        (labels) => current && setLoaded((previous) => new Map(previous).set(treaty, labels)),
        () => undefined,
      );
    }
    return () => {
      current = false;
    };
  }, [key]);

  return {
    kind(treaty, kind) {
      const title = loaded.get(treaty)?.kinds.get(kind);
      return title === undefined ? kind : pick(title);
    },
    state(treaty, state) {
      const name = loaded.get(treaty)?.states.get(state);
      return name === undefined ? state : pick(name);
    },
  };
}
