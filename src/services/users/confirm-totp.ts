/**
 * Completes second-factor enrolment: a valid code from the new secret proves the app holds it,
 * and only then is the factor enabled. The caller then rotates the session as MFA-passed.
 */
import { type Actor, actorName } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { consumeTotp } from "../../server/auth/totp.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { type UsersContext, userSubject } from "./users-context.js";

export type ConfirmTotpOptions = {
  context: UsersContext;
  actor: Extract<Actor, { kind: "user" }>;
  code: string;
};

export async function confirmTotp(options: ConfirmTotpOptions): Promise<void> {
  const { context, actor } = options;
  const now = context.clock.now();
  const user = await context.db
    .selectFrom("users")
    .select(["id", "totp_secret", "totp_enabled"])
    .where("id", "=", actor.id)
    .executeTakeFirst();
  if (!user) throw new AuthError("NOT_FOUND", "no such user");
  if (user.totp_enabled === 1) throw new AuthError("CONFLICT", "the second factor is already enabled");
  const secret = user.totp_secret;
  if (secret === null) throw new AuthError("CONFLICT", "start enrolment first (POST /api/v1/session/totp)");
  if (!consumeTotp({ db: context.db, userId: user.id, secret, code: options.code, at: now })) {
    throw new AuthError("MFA_REQUIRED", "the code does not match; enter the one your app shows now");
  }
  await context.db.transaction().execute(async (trx) => {
    // Guarded on the secret just checked: an enrolment restarted meanwhile is not enabled blindly.
    const updated = await trx
      .updateTable("users")
      .set({ totp_enabled: 1 })
      .where("id", "=", user.id)
      .where("totp_secret", "=", secret)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AuthError("CONFLICT", "enrolment was restarted; try again");
    await appendToLedger(trx, context.storeKind, now, [
      { actor: actorName(actor), type: "user.totp-enabled", subject: userSubject(user.id), data: {} },
    ]);
  });
}
