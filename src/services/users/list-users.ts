/** Lists the node's users for an administrator, by username. */
import type { Actor } from "../../cases/roles.js";
import { toUserView, type UserView } from "./user-view.js";
import { assertMayManageUsers, type UsersContext } from "./users-context.js";

export type ListUsersOptions = { context: UsersContext; actor: Actor };

export async function listUsers(options: ListUsersOptions): Promise<UserView[]> {
  assertMayManageUsers(options.actor);
  const rows = await options.context.db.selectFrom("users").selectAll().orderBy("username").execute();
  const now = options.context.clock.now();
  return rows.map((row) => toUserView(row, now));
}
