/**
 * One treaty pack as loaded: its kinds with their mandatory and recommended contents, refusal
 * grounds, offences and procedures. The wizard builds its form from it, so the UI never hard-codes
 * what a treaty asks for.
 */
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import type { Pack } from "../../treaty/pack-schema.js";
import { packOf } from "../requests/request-record.js";
import { assertMayReadTreaties } from "./may-read-treaties.js";

export function readTreaty(options: { context: NodeContext; actor: Actor; treaty: string }): Pack {
  assertMayReadTreaties(options.actor);
  return packOf(options.context, options.treaty);
}
