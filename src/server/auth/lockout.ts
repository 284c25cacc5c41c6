/**
 * Account lockout: after `lockoutThreshold` consecutive failures the account refuses every
 * sign-in, right or wrong, for `lockoutMinutes`. The count restarts when the lock is set, so
 * after it ends the user has a full set of tries again rather than one.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../store/schema.js";
import type { NodeConfig } from "../config.js";

type Executor = Kysely<Database> | Transaction<Database>;

export function isLocked(user: { locked_until: string | null }, now: Date): boolean {
  return user.locked_until !== null && now.getTime() < Date.parse(user.locked_until);
}

/** Counts one failure; true when this failure locked the account. */
export async function recordFailure(
  db: Kysely<Database>,
  config: NodeConfig,
  userId: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Incremented in SQL, not read-modify-write, so concurrent failures are all counted.
    await trx
      .updateTable("users")
      .set((eb) => ({ failed_logins: eb("failed_logins", "+", 1) }))
      .where("id", "=", userId)
      .execute();
    const row = await trx
      .selectFrom("users")
      .select("failed_logins")
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!row || Number(row.failed_logins) < config.security.lockoutThreshold) return false;
    const until = new Date(now.getTime() + config.security.lockoutMinutes * 60_000);
    await trx
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: until.toISOString() })
      .where("id", "=", userId)
      .execute();
    return true;
  });
}

export async function clearFailures(db: Executor, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set({ failed_logins: 0, locked_until: null })
    .where("id", "=", userId)
    .execute();
}
