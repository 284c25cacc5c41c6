/**
 * Creates a user account. An administrator does it through the API; `node init` does it with the
 * system actor for the first administrator. Without a password, one is generated and returned
 * once: it is shown to the administrator to hand over, and stored only as a hash.
 */
import { randomUUID } from "node:crypto";
import { type Actor, actorName, type Role, RoleSchema } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { assertPasswordPolicy, generatePassword, hashPassword } from "../../server/auth/passwords.js";
import { isUniqueViolation } from "../../store/database.js";
import { appendToLedger } from "../../store/ledger-store.js";
import { DisplayNameSchema, toUserView, UnitSchema, UsernameSchema, type UserView } from "./user-view.js";
import { assertMayManageUsers, parseField, type UsersContext, userSubject } from "./users-context.js";

export type CreateUserOptions = {
  context: UsersContext;
  actor: Actor;
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  /** Omit to generate a one-time password. */
  password?: string | undefined;
};

export type CreatedUser = { user: UserView; oneTimePassword?: string };

export async function createUser(options: CreateUserOptions): Promise<CreatedUser> {
  assertMayManageUsers(options.actor);
  const username = parseField(UsernameSchema, options.username, "username");
  const displayName = parseField(DisplayNameSchema, options.displayName, "displayName");
  const role = parseField(RoleSchema, options.role, "role");
  const unit = parseField(UnitSchema, options.unit, "unit");
  const generated = options.password === undefined;
  const password = options.password ?? generatePassword();
  assertPasswordPolicy(password, username);
  const passwordHash = await hashPassword(password);
  const now = options.context.clock.now();
  const id = randomUUID();
  try {
    const row = await options.context.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom("users")
        .select("id")
        .where("username", "=", username)
        .executeTakeFirst();
      if (existing) throw new AuthError("CONFLICT", `the username ${username} is taken`);
      const inserted = await trx
        .insertInto("users")
        .values({
          id,
          username,
          display_name: displayName,
          role,
          unit,
          password_hash: passwordHash,
          totp_secret: null,
          totp_enabled: 0,
          disabled: 0,
          failed_logins: 0,
          locked_until: null,
          auth_version: 1,
          created_at: now.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendToLedger(trx, options.context.storeKind, now, [
        {
          actor: actorName(options.actor),
          type: "user.created",
          subject: userSubject(id),
          data: { username, role, unit },
        },
      ]);
      return inserted;
    });
    const user = toUserView(row, now);
    return generated ? { user, oneTimePassword: password } : { user };
  } catch (error) {
    // Two administrators creating the same username at once: the second loses at the index.
    if (isUniqueViolation(error)) throw new AuthError("CONFLICT", `the username ${username} is taken`);
    throw error;
  }
}
