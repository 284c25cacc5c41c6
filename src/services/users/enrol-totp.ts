/**
 * Starts second-factor enrolment: a new secret is stored, not yet enabled, and returned once with
 * its otpauth:// URI for the authenticator app. Enrolling again before confirming replaces it. A
 * factor already enabled is not replaced here: that takes an administrator's reset, so a stolen
 * session cannot move the factor to the thief's phone.
 */
import type { Actor } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { newTotpSecret, otpauthUri } from "../../server/auth/totp.js";
import type { UsersContext } from "./users-context.js";

export type EnrolTotpOptions = {
  context: UsersContext;
  actor: Extract<Actor, { kind: "user" }>;
  state: string;
};

export async function enrolTotp(options: EnrolTotpOptions): Promise<{ otpauthUri: string; secret: string }> {
  const user = await options.context.db
    .selectFrom("users")
    .select(["id", "username", "totp_enabled"])
    .where("id", "=", options.actor.id)
    .executeTakeFirst();
  if (!user) throw new AuthError("NOT_FOUND", "no such user");
  if (user.totp_enabled === 1) {
    throw new AuthError("CONFLICT", "a second factor is already enabled; an administrator can reset it");
  }
  const secret = newTotpSecret();
  await options.context.db
    .updateTable("users")
    .set({ totp_secret: secret })
    .where("id", "=", user.id)
    .execute();
  return { otpauthUri: otpauthUri({ state: options.state, username: user.username, secret }), secret };
}
