/**
 * A signed-in user changes their own password. The current password is asked again, so a session
 * left open on an unattended desk cannot be turned into a taken-over account; a wrong one counts
 * towards the lockout like a failed sign-in. The user's other sessions end; this one continues.
 */
import { type Actor, actorName } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { recordFailure } from "../../server/auth/lockout.js";
import { assertPasswordPolicy, hashPassword, verifyPassword } from "../../server/auth/passwords.js";
import { deleteSessionsOfUser } from "../../server/auth/sessions.js";
import type { NodeConfig } from "../../server/config.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { type UsersContext, userSubject } from "./users-context.js";

export type ChangeOwnPasswordOptions = {
  /** The lockout settings come with it: a wrong current password counts as a failed sign-in. */
  context: UsersContext & { config: NodeConfig };
  actor: Extract<Actor, { kind: "user" }>;
  /** The caller's session, which stays open. */
  sessionIdHash: string;
  current: string;
  next: string;
};

export async function changeOwnPassword(options: ChangeOwnPasswordOptions): Promise<void> {
  const { context, actor } = options;
  const user = await context.db
    .selectFrom("users")
    .select(["id", "username", "password_hash"])
    .where("id", "=", actor.id)
    .executeTakeFirst();
  if (!user) throw new AuthError("NOT_FOUND", "no such user");
  const now = context.clock.now();
  if (!(await verifyPassword(user.password_hash, options.current))) {
    await recordFailure(context.db, context.config, user.id, now);
    throw new AuthError("FORBIDDEN", "the current password is wrong");
  }
  assertPasswordPolicy(options.next, user.username);
  if (options.next === options.current)
    throw new AuthError("BAD_REQUEST", "choose a password different from the current one");
  const passwordHash = await hashPassword(options.next);
  await context.db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", user.id).execute();
    await deleteSessionsOfUser(trx, user.id, options.sessionIdHash);
    await appendToLedger(trx, context.storeKind, now, [
      { actor: actorName(actor), type: "user.password-changed", subject: userSubject(user.id), data: {} },
    ]);
  });
}
