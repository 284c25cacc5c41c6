/**
 * Checks a sign-in. Every way it can fail (unknown user, wrong password, missing or wrong code,
 * disabled or locked account) ends in the same outcome, and each takes one Argon2 verification,
 * so neither the answer nor its timing tells which usernames exist or which part was wrong.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import type { Clock } from "../clock.js";
import type { NodeConfig } from "../config.js";
import { clearFailures, isLocked, recordFailure } from "./lockout.js";
import { verifyAgainstDummy, verifyPassword } from "./passwords.js";
import type { UserRow } from "./sessions.js";
import { consumeTotp } from "./totp.js";

export type LoginDeps = { db: Kysely<Database>; clock: Clock; config: NodeConfig };
export type Credentials = { username: string; password: string; totp?: string | undefined };

export type LoginOutcome =
  | { ok: true; user: UserRow; mfaPassed: boolean }
  /** `lockedNow`: this failure locked the account (worth a warning in the log, never in the answer). */
  | { ok: false; userId?: string; lockedNow: boolean };

/** Usernames are stored lower-case; sign-in is case-insensitive so "Alice" finds "alice". */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

export async function checkLogin(deps: LoginDeps, credentials: Credentials): Promise<LoginOutcome> {
  const now = deps.clock.now();
  const user = await deps.db
    .selectFrom("users")
    .selectAll()
    .where("username", "=", normaliseUsername(credentials.username))
    .executeTakeFirst();
  if (!user) {
    await verifyAgainstDummy(credentials.password);
    return { ok: false, lockedNow: false };
  }
  // Verified before the account's state is looked at, so a locked or disabled account takes as long.
  const passwordOk = await verifyPassword(user.password_hash, credentials.password);
  if (user.disabled !== 0 || isLocked(user, now)) return { ok: false, userId: user.id, lockedNow: false };
  const fail = async (): Promise<LoginOutcome> => ({
    ok: false,
    userId: user.id,
    lockedNow: await recordFailure(deps.db, deps.config, user.id, now),
  });
  if (!passwordOk) return fail();
  let mfaPassed = false;
  if (user.totp_enabled === 1) {
    const code = credentials.totp ?? "";
    if (
      !user.totp_secret ||
      !consumeTotp({ db: deps.db, userId: user.id, secret: user.totp_secret, code, at: now })
    ) {
      return fail();
    }
    mfaPassed = true;
  }
  if (user.failed_logins !== 0 || user.locked_until !== null) await clearFailures(deps.db, user.id);
  return { ok: true, user, mfaPassed };
}
