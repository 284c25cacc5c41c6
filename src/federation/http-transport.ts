/**
 * Carries federation calls to a peer over HTTPS with mutual TLS: POST a sealed envelope to
 * `<endpoint>/federation/v1/messages` (the sealed receipt is the answer), or GET one of the peer's
 * federation resources (a consistency proof). This node presents its own TLS certificate; it
 * trusts, as the server, only a certificate the peer's card lists as current — the card's
 * certificates are the only trust anchors, and the one presented must have one of their SHA-256s.
 * Host names play no part: the card, not DNS or a certificate authority, says who the peer is.
 */
import { Agent, request } from "node:https";
import type { PeerCertificate } from "node:tls";
import { DEFAULT_MAX_SEALED_CHARS } from "../crypto/envelope.js";
import { type TlsIdentity, tlsOptionsOf } from "../crypto/tls-identity.js";
import type { NodeContext } from "../server/node-context.js";
import { FederationError } from "./errors.js";
import { ownTlsIdentity, type PeerPins, type PinsLog, pinsForUrl, sha256OfDer } from "./tls-pins.js";

export type TransportAnswer = { status: number; contentType: string; body: string };

/**
 * The port federation needs: send one envelope and get the peer's answer, or fetch one of the
 * peer's federation resources (a consistency proof); an exception when the peer cannot be reached.
 */
export type Transport = {
  send(url: string, sealed: string): Promise<TransportAnswer>;
  get(url: string): Promise<TransportAnswer>;
};

export type HttpTransport = Transport & {
  /** Closes the connections kept alive. */
  close(): void;
};

/** The media type of a compact JOSE serialisation (RFC 7515 §9.2.1): the body of every call. */
export const JOSE_MEDIA_TYPE = "application/jose";

export const MESSAGES_PATH = "/federation/v1/messages";

/** A receipt or a proof is small; anything far larger than an envelope is not read to the end. */
const MAX_ANSWER_CHARS = DEFAULT_MAX_SEALED_CHARS + 64 * 1024;

/** OpenSSL's verdicts on a server certificate that is not one of the anchors given. */
const UNTRUSTED = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
]);

export type HttpTransportOptions = {
  context: Pick<NodeContext, "db" | "clock" | "tls" | "config">;
  timeoutMs?: number;
  /** Who this node is on the wire; the context's TLS identity unless a test presents another. */
  identity?: TlsIdentity;
  /** The certificates a URL's server may present; the active peer's card unless a test says otherwise. */
  pins?: (url: string) => Promise<PeerPins>;
  /** Where a peer left out of the pins (its stored card unreadable) is reported. */
  log?: PinsLog;
};

type TlsCredentials = { key: string; cert: string };

export function httpTransport(options: HttpTransportOptions): HttpTransport {
  const { context } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // The URL is matched to the one active peer whose card endpoint has its origin: the Transport
  // port is called with a card's URL, and the import refuses a card whose endpoint another active
  // peer's card already has, so the match is that card's State.
  const pinsOf =
    options.pins ?? ((url: string) => pinsForUrl(context.db, url, context.clock.now(), options.log));
  // Exported to PEM once per identity, not per request: the private key is not re-encoded each call.
  let credentials: { identity: TlsIdentity; options: TlsCredentials } | undefined;
  const credentialsOf = (identity: TlsIdentity): TlsCredentials => {
    if (credentials?.identity !== identity) credentials = { identity, options: tlsOptionsOf(identity) };
    return credentials.options;
  };
  // Keep-alive: one handshake per peer, not per message. Node pools connections by their TLS
  // options, trust anchors included, so a peer whose pinned certificates change gets new ones.
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const call = async (method: "GET" | "POST", url: string, body?: string): Promise<TransportAnswer> => {
    const identity = options.identity ?? ownTlsIdentity(context);
    const pins = await pinsOf(url);
    if (pins.pems.length === 0) {
      throw new FederationError(
        "FEDERATION_TLS_UNPINNED",
        `${pins.state}'s card lists no current TLS certificate`,
      );
    }
    return exchange({ method, url, body, credentials: credentialsOf(identity), pins, agent, timeoutMs });
  };
  return {
    send: (url, sealed) => call("POST", url, sealed),
    get: (url) => call("GET", url),
    close: () => agent.destroy(),
  };
}

type Exchange = {
  method: "GET" | "POST";
  url: string;
  body: string | undefined;
  credentials: TlsCredentials;
  pins: PeerPins;
  agent: Agent;
  timeoutMs: number;
};

function exchange(x: Exchange): Promise<TransportAnswer> {
  const unpinned = (cause?: unknown) =>
    new FederationError(
      "FEDERATION_TLS_UNPINNED",
      `${x.pins.state}'s server presented a TLS certificate its card does not list as current`,
      cause === undefined ? undefined : { cause },
    );
  return new Promise((resolve, reject) => {
    const req = request(
      x.url,
      {
        method: x.method,
        agent: x.agent,
        ...x.credentials,
        ca: [...x.pins.pems],
        minVersion: "TLSv1.3",
        // Called only once OpenSSL has verified the chain against the pinned anchors: the leaf
        // itself must be pinned, whatever name it was reached by.
        checkServerIdentity: (_host: string, certificate: PeerCertificate) =>
          x.pins.sha256.has(sha256OfDer(certificate.raw)) ? undefined : unpinned(),
        headers: {
          accept: `${JOSE_MEDIA_TYPE}, application/problem+json`,
          ...(x.body === undefined ? {} : { "content-type": JOSE_MEDIA_TYPE }),
        },
        timeout: x.timeoutMs,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
          if (text.length > MAX_ANSWER_CHARS) response.destroy(new Error("the answer is too large"));
        });
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers["content-type"] ?? ""),
            body: text,
          }),
        );
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`no answer from ${x.pins.state} within ${x.timeoutMs} ms`)),
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code !== undefined && UNTRUSTED.has(error.code) ? unpinned(error) : error);
    });
    req.end(x.body);
  });
}
