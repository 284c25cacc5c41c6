/**
 * The one way the UI calls its node: JSON in and out, the session's CSRF token on every change,
 * and the node's problem+json answers turned into `ApiError` with their code, so a screen can say
 * what went wrong in the reader's language rather than show a stack trace.
 */
let csrfToken: string | undefined;

/** Set from the session view after sign-in; every state-changing call sends it back. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
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

/** Sends a request to `/api/v1{path}`; `body` is JSON, or raw bytes for an upload piece. */
export async function call(method: Method, path: string, body?: unknown): Promise<Response> {
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
  const response = await fetch(`/api/v1${path}`, init);
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** Like `call`, for answers in JSON (undefined for 204). */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
