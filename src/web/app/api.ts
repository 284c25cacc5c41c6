/**
 * The one way the UI calls its node: JSON in and out, the session's CSRF token on every change,
 * and the node's problem+json answers turned into `ApiError` with their code, so a screen can say
 * what went wrong in the reader's language rather than show a stack trace.
 *
 * A session can end under an open screen (idle too long, signed out or replaced in another tab).
 * The session layer registers a `SessionWatcher` and is told, so it can ask the person to sign in
 * again over the screen instead of losing what they typed. A stale CSRF token (another tab signed
 * in again: same cookie, new token) is refreshed from GET /session and the call retried once, if
 * the session still belongs to the same person.
 */
import type { SessionView } from "./api-types.js";

let csrfToken: string | undefined;

/** Set from the session view after sign-in; every state-changing call sends it back. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export type SessionWatcher = {
  /** A call was refused for want of a live session (401 UNAUTHENTICATED). */
  ended(): void;
  /**
   * The session as the node has it now, fetched after a stale CSRF token; true if it is the same
   * person's, so the refused call may be sent again with the new token.
   */
  renewed(view: SessionView): boolean;
};

let watcher: SessionWatcher | undefined;

/** Registers the session layer's watcher; returns the function that removes it. */
export function watchSession(next: SessionWatcher): () => void {
  watcher = next;
  return () => {
    if (watcher === next) watcher = undefined;
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly problem: Readonly<Record<string, unknown>>,
  ) {
    super(detail);
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  let problem: Record<string, unknown> = {};
  try {
    problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    problem = { detail: text };
  }
  const code = typeof problem.code === "string" ? problem.code : `HTTP_${response.status}`;
  const detail = typeof problem.detail === "string" ? problem.detail : response.statusText;
  return new ApiError(response.status, code, detail, problem);
}

function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (method !== "GET" && csrfToken !== undefined) headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    headers["content-type"] = "application/octet-stream";
    payload = body;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (payload !== undefined) init.body = payload;
  return fetch(`/api/v1${path}`, init);
}

/**
 * Tells the watcher when `error` means the session is gone. Signing in is the exception: its 401
 * is a wrong password, not an ended session. (MFA_REQUIRED is also a 401, but a wrong code while
 * enrolling, which the enrolment screen handles.)
 */
function noticed(method: Method, path: string, error: ApiError): ApiError {
  const signingIn = method === "POST" && path === "/session";
  if (error.status === 401 && error.code === "UNAUTHENTICATED" && !signingIn) watcher?.ended();
  return error;
}

let renewing: Promise<boolean> | undefined;

/** A fresh CSRF token from GET /session, once for all the calls refused together. */
function renewCsrfToken(): Promise<boolean> {
  renewing ??= (async () => {
    try {
      const response = await send("GET", "/session");
      if (!response.ok) {
        noticed("GET", "/session", await errorFrom(response));
        return false;
      }
      const view = (await response.json()) as SessionView;
      // Without a watcher nobody can tell whose session this is: better to fail than act for another.
      if (watcher === undefined || !watcher.renewed(view)) return false;
      csrfToken = view.csrfToken;
      return true;
    } catch {
      return false;
    } finally {
      renewing = undefined;
    }
  })();
  return renewing;
}

/** Sends a request to `/api/v1{path}`; `body` is JSON, or raw bytes for an upload piece. */
export async function call(method: Method, path: string, body?: unknown): Promise<Response> {
  const response = await send(method, path, body);
  if (response.ok) return response;
  const error = await errorFrom(response);
  if (error.code === "CSRF" && method !== "GET" && (await renewCsrfToken())) {
    const retried = await send(method, path, body);
    if (retried.ok) return retried;
    throw noticed(method, path, await errorFrom(retried));
  }
  throw noticed(method, path, error);
}

/** Like `call`, for answers in JSON (undefined for 204). */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
