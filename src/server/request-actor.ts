/**
 * The signed-in person behind an API call, attached by the auth plugin. Routes read it through
 * `actorOf`, which refuses calls without a valid session — so a route cannot forget to.
 */
import type { FastifyRequest } from "fastify";
import type { Actor } from "../cases/roles.js";
import { AuthError } from "./auth/errors.js";

export type UserActor = Extract<Actor, { kind: "user" }>;

export type SessionInfo = { idHash: string; userId: string; csrfToken: string; mfaPassed: boolean };

declare module "fastify" {
  interface FastifyRequest {
    actor: UserActor | undefined;
    session: SessionInfo | undefined;
  }
}

export function actorOf(request: FastifyRequest): UserActor {
  if (!request.actor) throw new AuthError("UNAUTHENTICATED", "sign in first");
  return request.actor;
}
