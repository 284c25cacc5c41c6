/**
 * Names for what the statistics count by: a kind of request by its title in the treaty pack, a
 * State by the name its declarations give, both in the reader's language. Figures show at once with
 * the bare ids; the names replace them when the packs arrive (or the ids stay, if they cannot load).
 */
import { useEffect, useState } from "react";
import { api } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import type { Localized } from "../i18n/languages.js";

type Names = { kinds: ReadonlyMap<string, Localized>; states: ReadonlyMap<string, Localized> };
type Pack = { kinds: { id: string; title: Localized }[] };
type Declarations = { state: string; stateName: Localized };

const fulfilled = <T>(answers: PromiseSettledResult<T>[]): T[] =>
  answers.flatMap((answer) => (answer.status === "fulfilled" ? [answer.value] : []));

async function loadNames(): Promise<Names> {
  const treaties = await api<{ id: string }[]>("GET", "/treaties");
  const path = (id: string) => `/treaties/${encodeURIComponent(id)}`;
  const [packs, declarations] = await Promise.all([
    Promise.allSettled(treaties.map(({ id }) => api<Pack>("GET", path(id)))),
    Promise.allSettled(treaties.map(({ id }) => api<Declarations[]>("GET", `${path(id)}/declarations`))),
  ]);
  // The first treaty naming a kind or a State gives its name (packs share ids only for the same thing).
  const kinds = new Map<string, Localized>();
  for (const kind of fulfilled(packs).flatMap((pack) => pack.kinds))
    if (!kinds.has(kind.id)) kinds.set(kind.id, kind.title);
  const states = new Map<string, Localized>();
  for (const one of fulfilled(declarations).flat())
    if (!states.has(one.state)) states.set(one.state, one.stateName);
  return { kinds, states };
}

export type Labels = { kind(id: string): string; state(code: string): string };

export function useLabels(): Labels {
  const { pick } = useI18n();
  const [names, setNames] = useState<Names>({ kinds: new Map(), states: new Map() });
  useEffect(() => {
    let current = true;
    loadNames().then(
      (loaded) => current && setNames(loaded),
      () => undefined, // The ids stay: the figures are what matters.
    );
    return () => {
      current = false;
    };
  }, []);
  return {
    kind: (id) => {
      const title = names.kinds.get(id);
      return title === undefined ? id : pick(title);
    },
    state: (code) => {
      const name = names.states.get(code);
      return name === undefined ? code : `${pick(name)} (${code})`;
    },
  };
}
