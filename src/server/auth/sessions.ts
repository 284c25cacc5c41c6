/**
 * Sessions in the `sessions` table. The token lives only in the browser's cookie; the table keys
 * on its SHA-256, so reading the database (or a backup of it) opens no session. A session dies of
 * age (absolute), of inactivity (idle), when its user is disabled, or when the user's
 * `auth_version` moved on (role, unit or status changed): the "downgraded session" case.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, SessionsTable, UsersTable } from "../../store/schema.js";
import type { NodeConfig } from "../config.js";
import { randomToken, sha256Hex } from "./tokens.js";

type Executor = Kysely<Database> | Transaction<Database>;
export type SessionRow = Selectable<SessionsTable>;
export type UserRow = Selectable<UsersTable>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** last_seen_at is written at most this often: one write per minute per session, not per call. */
export const TOUCH_INTERVAL_MS = MINUTE;

export type IssuedSession = { token: string; idHash: string; csrfToken: string; mfaPassed: boolean };

export type NewSession = {
  userId: string;
  authVersion: number;
  mfaPassed: boolean;
  now: Date;
  /** When the login that this session continues happened: a rotation must not extend its life. */
  createdAt?: Date;
};

export async function createSession(
  db: Executor,
  config: NodeConfig,
  session: NewSession,
): Promise<IssuedSession> {
  const token = randomToken();
  const idHash = sha256Hex(token);
  const csrfToken = randomToken();
  const createdAt = session.createdAt ?? session.now;
  await db
    .insertInto("sessions")
    .values({
      id_hash: idHash,
      user_id: session.userId,
      auth_version: session.authVersion,
      csrf_token: csrfToken,
      mfa_passed: session.mfaPassed ? 1 : 0,
      created_at: createdAt.toISOString(),
      last_seen_at: session.now.toISOString(),
      expires_at: new Date(createdAt.getTime() + config.security.sessionAbsoluteHours * HOUR).toISOString(),
    })
    .execute();
  return { token, idHash, csrfToken, mfaPassed: session.mfaPassed };
}

export async function deleteSessionByToken(db: Executor, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", sha256Hex(token)).execute();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

/** Every session of a user but one (the caller's, when it changed its own password). */
export async function deleteSessionsOfUser(db: Executor, userId: string, except?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (except !== undefined) query = query.where("id_hash", "!=", except);
  await query.execute();
}

/** The session a token names and its user, dead or alive; undefined when there is none. */
export async function findSession(
  db: Executor,
  token: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const idHash = sha256Hex(token);
  const session = await db
    .selectFrom("sessions")
    .selectAll()
    .where("id_hash", "=", idHash)
    .executeTakeFirst();
  if (!session) return undefined;
  const user = await db.selectFrom("users").selectAll().where("id", "=", session.user_id).executeTakeFirst();
  return user ? { session, user } : undefined;
}

export type SessionDeath = "expired" | "idle" | "disabled" | "superseded";

/** Why a session may no longer be used at `now`, or undefined while it lives. */
export function sessionDeath(
  session: SessionRow,
  user: UserRow,
  now: Date,
  config: NodeConfig,
): SessionDeath | undefined {
  const t = now.getTime();
  const absoluteEnd = Math.min(
    Date.parse(session.expires_at),
    Date.parse(session.created_at) + config.security.sessionAbsoluteHours * HOUR,
  );
  // NaN (an unparsable timestamp) fails every comparison below, so it is refused explicitly.
  if (!(t < absoluteEnd)) return "expired";
  if (!(t < Date.parse(session.last_seen_at) + config.security.sessionIdleMinutes * MINUTE)) return "idle";
  if (user.disabled !== 0) return "disabled";
  if (Number(session.auth_version) !== Number(user.auth_version)) return "superseded";
  return undefined;
}

export async function touchSession(db: Executor, session: SessionRow, now: Date): Promise<void> {
  if (now.getTime() - Date.parse(session.last_seen_at) < TOUCH_INTERVAL_MS) return;
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now.toISOString() })
    .where("id_hash", "=", session.id_hash)
    .execute();
}
