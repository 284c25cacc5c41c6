/**
 * Creates a user account. An administrator does it through the API; `node init` does it with the
 * system actor for the first administrator. Without a password, one is generated and returned
 * once: it is shown to the administrator to hand over, and stored only as a hash.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { type Actor, actorName, type Role, RoleSchema } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { assertPasswordPolicy, generatePassword, hashPassword } from "../../server/auth/passwords.js";
import { isUniqueViolation } from "../../store/database.js";
import { appendToLedger } from "../../store/ledger-store.js";
import type { Database } from "../../store/schema.js";
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
  const fields: NewUserFields = {
    username: parseField(UsernameSchema, options.username, "username"),
    displayName: parseField(DisplayNameSchema, options.displayName, "displayName"),
    role: parseField(RoleSchema, options.role, "role"),
    unit: parseField(UnitSchema, options.unit, "unit"),
  };
  const generated = options.password === undefined;
  const password = options.password ?? generatePassword();
  assertPasswordPolicy(password, fields.username);
  const passwordHash = await hashPassword(password);
  const now = options.context.clock.now();
  const taken = () => new AuthError("CONFLICT", `the username ${fields.username} is taken`);
  try {
    const row = await options.context.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom("users")
        .select("id")
        .where("username", "=", fields.username)
        .executeTakeFirst();
      if (existing) throw taken();
      const inserted = await insertUser(trx, fields, passwordHash, now);
      await appendToLedger(trx, options.context.storeKind, now, [
        {
          actor: actorName(options.actor),
          type: "user.created",
          subject: userSubject(inserted.id),
          data: { username: fields.username, role: fields.role, unit: fields.unit },
        },
      ]);
      return inserted;
    });
    const user = toUserView(row, now);
    return generated ? { user, oneTimePassword: password } : { user };
  } catch (error) {
    // Two administrators creating the same username at once: the second loses at the index.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

type NewUserFields = { username: string; displayName: string; role: Role; unit: string };

function insertUser(trx: Transaction<Database>, fields: NewUserFields, passwordHash: string, now: Date) {
  return trx
    .insertInto("users")
    .values({
      id: randomUUID(),
      username: fields.username,
      display_name: fields.displayName,
      role: fields.role,
      unit: fields.unit,
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
}
