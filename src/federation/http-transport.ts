/**
 * Carries a sealed envelope to a peer over HTTP: POST to `<endpoint>/federation/v1/messages` with
 * the compact JWE as the body, the sealed receipt as the answer. Mutual TLS pinned to the
 * certificates in the cards comes later (docs/federation.md); the message layer already
 * authenticates and encrypts end to end.
 */

/** The port the delivery worker needs: send one envelope, get the peer's answer or an exception. */
export type Transport = {
  send(url: string, sealed: string): Promise<{ status: number; contentType: string; body: string }>;
};

/** The media type of a compact JOSE serialisation (RFC 7515 §9.2.1): the body of every call. */
export const JOSE_MEDIA_TYPE = "application/jose";

export const MESSAGES_PATH = "/federation/v1/messages";

export function httpTransport(options: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async send(url, sealed) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": JOSE_MEDIA_TYPE, accept: `${JOSE_MEDIA_TYPE}, application/problem+json` },
        body: sealed,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      return {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        body: await response.text(),
      };
    },
  };
}
