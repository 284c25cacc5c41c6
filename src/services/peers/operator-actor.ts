/**
 * Who acts when the CLI changes a stopped node's data directory. Whoever can read that directory
 * holds the node's private keys already, so this is attribution, not authentication: the ledger
 * records the named user, and the services still check that user's role like any other call.
 */
import type { Kysely } from "kysely";
import { type Actor, RoleSchema } from "../../cases/roles.js";
import type { Database } from "../../store/schema.js";
import { PeerError } from "./peer-errors.js";

export async function operatorActor(db: Kysely<Database>, username: string): Promise<Actor> {
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "unit", "disabled"])
    .where("username", "=", username)
    .executeTakeFirst();
  if (user === undefined || user.disabled !== 0) {
    throw new PeerError("NOT_FOUND", `no enabled user ${username} on this node; name one with --as`);
  }
  return { kind: "user", id: user.id, role: RoleSchema.parse(user.role), unit: user.unit };
}
