/**
 * An administrator resets a user who lost their password or their authenticator: a new one-time
 * password, the lockout cleared, the second factor removed (the user enrols a new one at next
 * sign-in when their role needs it), and every session of the user ended.
 */
import type { Actor } from "../../cases/roles.js";
import { actorName } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { generatePassword, hashPassword } from "../../server/auth/passwords.js";
import { deleteSessionsOfUser } from "../../server/auth/sessions.js";
import { totpReplayGuardFor } from "../../server/auth/totp.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { assertMayManageUsers, type UsersContext, userSubject } from "./users-context.js";

export type ResetPasswordOptions = { context: UsersContext; actor: Actor; userId: string };

export async function resetPassword(options: ResetPasswordOptions): Promise<{ oneTimePassword: string }> {
  assertMayManageUsers(options.actor);
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const now = options.context.clock.now();
  await options.context.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "auth_version", "totp_enabled"])
      .where("id", "=", options.userId)
      .executeTakeFirst();
    if (!user) throw new AuthError("NOT_FOUND", "no such user");
    await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        totp_secret: null,
        totp_enabled: 0,
        auth_version: Number(user.auth_version) + 1,
      })
      .where("id", "=", user.id)
      .execute();
    await deleteSessionsOfUser(trx, user.id);
    await appendToLedger(trx, options.context.storeKind, now, [
      {
        actor: actorName(options.actor),
        type: "user.password-reset",
        subject: userSubject(user.id),
        data: { totpRemoved: user.totp_enabled === 1 },
      },
    ]);
  });
  // A new secret starts with no history: its first code may fall in a step the old one used.
  totpReplayGuardFor(options.context.db).forget(options.userId);
  return { oneTimePassword };
}
