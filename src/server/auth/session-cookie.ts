/**
 * The session cookie. HttpOnly so page scripts never see the token; SameSite=Strict so no other
 * site's page can make the browser send it; Secure unless configured off for plain-HTTP loopback.
 */
import type { FastifyReply } from "fastify";
import type { NodeConfig } from "../config.js";

export const SESSION_COOKIE = "rogatory_session";

/** base64url of 32 bytes: anything else is not one of our tokens and is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isTokenShaped(value: string | undefined): value is string {
  return value !== undefined && TOKEN_SHAPE.test(value);
}

function cookieOptions(config: NodeConfig) {
  return { httpOnly: true, sameSite: "strict", path: "/", secure: config.security.secureCookies } as const;
}

export function setSessionCookie(reply: FastifyReply, token: string, config: NodeConfig): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: NodeConfig): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
