/** The one permission check of the treaty reads: every signed-in role has it, a session must exist. */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";

export function assertMayReadTreaties(actor: Actor): void {
  if (!can(actor, "treaty.read")) throw new CasesError("FORBIDDEN", "your role may not read the treaties");
}
