/**
 * What the users services need from the node: the database, its kind (for the ledger's locking),
 * and the clock. A NodeContext satisfies it; so does the CLI's `node init`, which has a store and
 * no server.
 */
import type { Kysely } from "kysely";
import { type ZodType, z } from "zod";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import type { Clock } from "../../server/clock.js";
import type { Database } from "../../store/schema.js";

export type UsersContext = { db: Kysely<Database>; storeKind: "sqlite" | "postgres"; clock: Clock };

/** The service layer enforces roles, whatever route or command the call came through. */
export function assertMayManageUsers(actor: Actor): void {
  if (!can(actor, "user.manage")) throw new AuthError("FORBIDDEN", "only an administrator may manage users");
}

/** The ledger subject for a user: the id, never the name (names change; ids do not). */
export const userSubject = (userId: string): string => `user:${userId}`;

/** Checks a field the way the route's schema does, for callers (the CLI) that come without one. */
export function parseField<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AuthError("BAD_REQUEST", `${field}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
