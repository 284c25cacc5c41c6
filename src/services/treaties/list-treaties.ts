/** The treaty packs this node holds, by id: what a request may be made under. */
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import { assertMayReadTreaties } from "./may-read-treaties.js";
import type { TreatySummary } from "./treaty-views.js";

export function listTreaties(options: { context: NodeContext; actor: Actor }): TreatySummary[] {
  assertMayReadTreaties(options.actor);
  const { treaties } = options.context;
  return treaties.packIds().flatMap((id) => {
    const pack = treaties.pack(id);
    return pack === undefined ? [] : [{ id: pack.id, title: pack.title, version: pack.version }];
  });
}
