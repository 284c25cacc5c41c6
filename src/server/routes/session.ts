/**
 * `/api/v1/session`: sign in, see and end the session, enrol and confirm the second factor,
 * change one's own password. Sign-in is the only public route here and is rate-limited per
 * address; its every failure answers the same 401, so it reveals nothing about accounts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { changeOwnPassword } from "../../services/users/change-own-password.js";
import { confirmTotp } from "../../services/users/confirm-totp.js";
import { enrolTotp } from "../../services/users/enrol-totp.js";
import { AuthError } from "../auth/errors.js";
import { checkLogin } from "../auth/login.js";
import { PASSWORD_MAX_LENGTH } from "../auth/passwords.js";
import {
  clearSessionCookie,
  isTokenShaped,
  SESSION_COOKIE,
  setSessionCookie,
} from "../auth/session-cookie.js";
import { SessionViewSchema, toSessionView } from "../auth/session-view.js";
import { createSession, deleteSession, deleteSessionByToken, type UserRow } from "../auth/sessions.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

/** The one answer to a failed sign-in, whatever failed. */
export const INVALID_CREDENTIALS = "invalid username, password or code";

const LoginSchema = z.object({
  username: z.string().min(1).max(256),
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
  totp: z.string().max(16).optional(),
});
const CodeSchema = z.object({ code: z.string().max(16) });
const PasswordChangeSchema = z.object({
  current: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
  next: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
});
const EnrolmentSchema = z.object({ otpauthUri: z.string(), secret: z.string() });

const TAGS = ["session"];

/** Tokens, secrets and who-is-who must not sit in a browser or proxy cache. */
const noStore = (reply: FastifyReply) => reply.header("cache-control", "no-store");

export function registerSessionRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { config } = context;

  api.post(
    "/api/v1/session",
    {
      schema: { tags: TAGS, summary: "Sign in", body: LoginSchema, response: { 200: SessionViewSchema } },
      config: {
        public: true,
        rateLimit: { max: config.security.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      // Rotation: whatever session the browser held ends here, so a planted cookie never becomes a login.
      const presented = request.cookies[SESSION_COOKIE];
      if (isTokenShaped(presented)) await deleteSessionByToken(context.db, presented);
      const outcome = await checkLogin(context, request.body);
      if (!outcome.ok) {
        if (outcome.lockedNow)
          request.log.warn({ userId: outcome.userId }, "account locked after failed sign-ins");
        clearSessionCookie(reply, config);
        throw new AuthError("UNAUTHENTICATED", INVALID_CREDENTIALS);
      }
      const { user, mfaPassed } = outcome;
      const now = context.clock.now();
      const issued = await createSession(context.db, config, {
        userId: user.id,
        authVersion: Number(user.auth_version),
        mfaPassed,
        now,
      });
      setSessionCookie(reply, issued.token, config);
      noStore(reply);
      return toSessionView(user, issued, config);
    },
  );

  api.get(
    "/api/v1/session",
    {
      schema: { tags: TAGS, summary: "The current session", response: { 200: SessionViewSchema } },
      config: { mfaExempt: true },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      noStore(reply);
      return toSessionView(await loadUser(context, session.userId), session, config);
    },
  );

  api.delete(
    "/api/v1/session",
    { schema: { tags: TAGS, summary: "Sign out" }, config: { mfaExempt: true } },
    async (request, reply) => {
      await deleteSession(context.db, sessionOf(request).idHash);
      clearSessionCookie(reply, config);
      return reply.status(204).send();
    },
  );

  api.post(
    "/api/v1/session/totp",
    {
      schema: { tags: TAGS, summary: "Start second-factor enrolment", response: { 200: EnrolmentSchema } },
      config: { mfaExempt: true },
    },
    async (request, reply) => {
      noStore(reply);
      return enrolTotp({ context, actor: actorOf(request), state: config.state });
    },
  );

  api.post(
    "/api/v1/session/totp/confirm",
    {
      schema: {
        tags: TAGS,
        summary: "Confirm second-factor enrolment",
        body: CodeSchema,
        response: { 200: SessionViewSchema },
      },
      config: { mfaExempt: true },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await confirmTotp({ context, actor, code: request.body.code });
      const issued = await rotateSession(context, sessionOf(request).idHash, actor.id);
      setSessionCookie(reply, issued.token, config);
      noStore(reply);
      return toSessionView(await loadUser(context, actor.id), issued, config);
    },
  );

  api.post(
    "/api/v1/session/password",
    { schema: { tags: TAGS, summary: "Change your password", body: PasswordChangeSchema } },
    async (request, reply) => {
      await changeOwnPassword({
        context,
        actor: actorOf(request),
        sessionIdHash: sessionOf(request).idHash,
        current: request.body.current,
        next: request.body.next,
      });
      return reply.status(204).send();
    },
  );
}

function sessionOf(request: FastifyRequest) {
  if (!request.session) throw new AuthError("UNAUTHENTICATED", "sign in first");
  return request.session;
}

async function loadUser(context: NodeContext, userId: string): Promise<UserRow> {
  const user = await context.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) throw new AuthError("UNAUTHENTICATED", "sign in first");
  return user;
}

/**
 * A new token for a session that just passed its second factor, so a token observed before that
 * (on a shared screen, in a planted cookie) is worth nothing after. The login time carries over:
 * rotation does not extend the absolute lifetime.
 */
async function rotateSession(context: NodeContext, idHash: string, userId: string) {
  return context.db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom("sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
    const user = await trx
      .selectFrom("users")
      .select("auth_version")
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!old || !user) throw new AuthError("UNAUTHENTICATED", "sign in first");
    await deleteSession(trx, idHash);
    return createSession(trx, context.config, {
      userId,
      authVersion: Number(user.auth_version),
      mfaPassed: true,
      now: context.clock.now(),
      createdAt: new Date(old.created_at),
    });
  });
}
