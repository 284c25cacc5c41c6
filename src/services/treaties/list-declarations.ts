/**
 * The declarations filed under one treaty that this node holds, one document per State (its own
 * included), sorted by State code: languages accepted, reservations, authorities, dual criminality.
 * The wizard shows the requested State's before the officer writes a word.
 */
import type { Actor } from "../../cases/roles.js";
import type { Declarations } from "../../directory/declarations.js";
import type { NodeContext } from "../../server/node-context.js";
import { packOf } from "../requests/request-record.js";
import { assertMayReadTreaties } from "./may-read-treaties.js";

export function listDeclarations(options: {
  context: NodeContext;
  actor: Actor;
  treaty: string;
}): Declarations[] {
  assertMayReadTreaties(options.actor);
  const { treaties } = options.context;
  // An unknown treaty is a 404, not an empty list: a typo must not read as "nobody declared anything".
  const pack = packOf(options.context, options.treaty);
  return treaties.declarationStates(pack.id).flatMap((state) => treaties.declarations(state, pack.id) ?? []);
}
