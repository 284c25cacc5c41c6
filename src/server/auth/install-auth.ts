/**
 * Authentication for every API route: one `onRequest` hook on the root instance, so no route
 * can be registered outside it. A route under /api/ needs a live session unless its config says
 * `public: true`; a state-changing call also needs the session's CSRF token; and a session that
 * has not passed a required second factor may reach only routes marked `mfaExempt`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { RoleSchema } from "../../cases/roles.js";
import type { NodeContext } from "../node-context.js";
import { AuthError } from "./errors.js";
import { mfaRequired } from "./mfa-policy.js";
import { isTokenShaped, SESSION_COOKIE } from "./session-cookie.js";
import { deleteSession, findSession, sessionDeath, touchSession } from "./sessions.js";
import { constantTimeEqual } from "./tokens.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Reachable without a session (health, sign-in). */
    public?: boolean;
    /** Reachable by a session that still owes its second factor (to enrol it, or to sign out). */
    mfaExempt?: boolean;
  }
}

export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** One body for every reason a session is refused, so a caller cannot tell a dead session from a forged one. */
const noSession = () => new AuthError("UNAUTHENTICATED", "sign in first");

export function installAuth(app: FastifyInstance, context: NodeContext): void {
  app.decorateRequest("actor", undefined);
  app.decorateRequest("session", undefined);
  app.addHook("onRequest", async (request) => {
    if (!needsSession(request)) return;
    const { csrfToken, mfaOwed } = await attachSession(request, context);
    // CSRF before the second factor: a forged cross-site call learns nothing about the session.
    if (!SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (typeof presented !== "string" || !constantTimeEqual(presented, csrfToken)) {
        throw new AuthError("CSRF", `send the session's CSRF token in the ${CSRF_HEADER} header`);
      }
    }
    if (mfaOwed && request.routeOptions.config?.mfaExempt !== true) {
      throw new AuthError("MFA_REQUIRED", "pass the second factor first");
    }
  });
}

/**
 * Decided by the matched route's pattern, not the raw URL, so an encoded or oddly cased path
 * cannot slip past. Unmatched paths under /api/ also need a session: they answer 401, not 404,
 * to callers who are not signed in.
 */
function needsSession(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url;
  if (!path.startsWith("/api/")) return false;
  return request.routeOptions.config?.public !== true;
}

async function attachSession(
  request: FastifyRequest,
  context: NodeContext,
): Promise<{ csrfToken: string; mfaOwed: boolean }> {
  const token = request.cookies[SESSION_COOKIE];
  if (!isTokenShaped(token)) throw noSession();
  const found = await findSession(context.db, token);
  if (!found) throw noSession();
  const { session, user } = found;
  const now = context.clock.now();
  const role = RoleSchema.safeParse(user.role);
  if (sessionDeath(session, user, now, context.config) !== undefined || !role.success) {
    await deleteSession(context.db, session.id_hash);
    throw noSession();
  }
  const mfaPassed = session.mfa_passed === 1;
  await touchSession(context.db, session, now);
  // Who the caller is comes from the user row, as it is now; the session only says they signed in.
  request.actor = { kind: "user", id: user.id, role: role.data, unit: user.unit };
  request.session = { idHash: session.id_hash, userId: user.id, csrfToken: session.csrf_token, mfaPassed };
  return { csrfToken: session.csrf_token, mfaOwed: mfaRequired(user, context.config) && !mfaPassed };
}
