/**
 * The treaty data the request screens are built from: the pack (kinds, contents, grounds,
 * offences), every State's declarations under it, and this node's own State. Types come from the
 * node's own schemas (type-only imports), so a changed pack format fails the UI's type check.
 */
import type { Declarations } from "../../directory/declarations.js";
import type { NodeInfo } from "../../services/node/node-info-view.js";
import type { TreatySummary } from "../../services/treaties/treaty-views.js";
import type { Citation } from "../../treaty/citation.js";
import type { FieldRule, KindDefinition, Pack } from "../../treaty/pack-schema.js";
import type { Loaded } from "../app/use-api.js";

export type { Citation, Declarations, FieldRule, KindDefinition, NodeInfo, Pack, TreatySummary };

/** One loaded answer made of several: loading until all are ready, the first error otherwise. */
export function combine<A, B>(a: Loaded<A>, b: Loaded<B>): Loaded<[A, B]> {
  const reload = () => {
    a.reload();
    b.reload();
  };
  if (a.status === "error") return { status: "error", error: a.error, reload };
  if (b.status === "error") return { status: "error", error: b.error, reload };
  if (a.status === "loading" || b.status === "loading") return { status: "loading", reload };
  return { status: "ready", data: [a.data, b.data], reload };
}

export const kindOf = (pack: Pack, kind: string): KindDefinition | undefined =>
  pack.kinds.find((k) => k.id === kind);

export const declarationsOf = (
  declarations: readonly Declarations[],
  state: string,
): Declarations | undefined => declarations.find((d) => d.state === state);

/** The pack's label for a path, from whichever kind names it (the same path reads the same in every kind). */
export function packLabelOf(pack: Pack, path: string): FieldRule["label"] | undefined {
  for (const kind of pack.kinds) {
    const rule = [...kind.mandatory, ...kind.recommended].find((r) => r.path === path);
    if (rule) return rule.label;
  }
  return undefined;
}
