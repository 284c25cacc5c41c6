/**
 * A signed-in officer's HTTP client against a real node process: the session cookie and the CSRF
 * header travel on every call and follow the node's rotations, as a browser's would.
 *
 * Each call opens its own connection (no keep-alive pool): a test that kills and restarts a node
 * must not have its next call land on a socket the dead process left behind.
 */
import { request as httpRequest } from "node:http";
import { CSRF_HEADER } from "../../src/server/auth/install-auth.js";
import { SESSION_COOKIE } from "../../src/server/auth/session-cookie.js";

export type HttpResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body's bytes as they came (binary answers: an opened evidence file). */
  bytes: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes.
  body: any;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One HTTP call; rejects when the node cannot be reached or dies before answering. */
export function httpCall(
  base: string,
  method: Method,
  path: string,
  options: { body?: unknown; bytes?: Buffer; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const payload = options.bytes ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (options.bytes !== undefined) headers["content-type"] = "application/octet-stream";
  else if (payload !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const call = httpRequest(new URL(path, base), { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString("utf8");
        let body: unknown;
        if (String(response.headers["content-type"] ?? "").includes("json")) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, bytes, body });
      });
    });
    call.on("error", reject);
    call.end(payload);
  });
}

export type HttpClient = {
  readonly username: string;
  get(path: string): Promise<HttpResponse>;
  post(path: string, body?: unknown): Promise<HttpResponse>;
  put(path: string, body?: unknown): Promise<HttpResponse>;
  patch(path: string, body?: unknown): Promise<HttpResponse>;
  delete(path: string, body?: unknown): Promise<HttpResponse>;
  /** PUTs raw bytes (`application/octet-stream`), as an upload piece. */
  putBytes(path: string, bytes: Buffer): Promise<HttpResponse>;
  /** Like `post`, but fails the test unless the node answers `status`; returns the body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes.
  expect(method: Method, path: string, status: number, body?: unknown): Promise<any>;
};

const sessionCookieIn = (response: HttpResponse): string | undefined => {
  const raw = response.headers["set-cookie"];
  const cookies = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const cookie of cookies) {
    const [pair] = cookie.split(";");
    const [name, value] = (pair ?? "").split("=");
    if (name?.trim() === SESSION_COOKIE) return value ?? "";
  }
  return undefined;
};

/** Signs in with a password (no second factor: test nodes switch it off) and fails if refused. */
export async function signIn(base: string, username: string, password: string): Promise<HttpClient> {
  const login = await httpCall(base, "POST", "/api/v1/session", { body: { username, password } });
  if (login.status !== 200)
    throw new Error(`sign-in of ${username} refused (${login.status}): ${login.text}`);
  let cookie = sessionCookieIn(login);
  let csrfToken = String(login.body.csrfToken);
  const call = async (
    method: Method,
    path: string,
    body?: unknown,
    bytes?: Buffer,
  ): Promise<HttpResponse> => {
    const headers: Record<string, string> = { [CSRF_HEADER]: csrfToken };
    if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
    const response = await httpCall(base, method, path, {
      ...(bytes === undefined ? { body } : { bytes }),
      headers,
    });
    const set = sessionCookieIn(response);
    if (set !== undefined) cookie = set;
    if (response.status === 200 && typeof response.body?.csrfToken === "string")
      csrfToken = response.body.csrfToken;
    return response;
  };
  return {
    username,
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    put: (path, body) => call("PUT", path, body),
    patch: (path, body) => call("PATCH", path, body),
    delete: (path, body) => call("DELETE", path, body),
    putBytes: (path, bytes) => call("PUT", path, undefined, bytes),
    expect: async (method, path, status, body) => {
      const response = await call(method, path, body);
      if (response.status !== status)
        throw new Error(
          `${method} ${path} as ${username}: ${response.status}, not ${status}: ${response.text}`,
        );
      return response.body;
    },
  };
}
