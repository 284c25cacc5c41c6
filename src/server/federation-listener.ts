/**
 * The node-to-node listener: HTTPS with mutual TLS on its own port, serving only the federation
 * routes. A client must present a certificate that an active peer's card lists as current; the
 * handshake fails otherwise (no HTTP answer at all). The trust anchors are exactly those
 * certificates — no certificate authority, no system store.
 *
 * The pinned set is read from the peers table again before every new connection (and every few
 * seconds), and the server's secure context replaced when it changed: a peer imported, updated or
 * revoked — by this process or another sharing the database — is trusted or refused from its next
 * connection on, and the open connections of a peer no longer trusted are closed.
 */

import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { FastifyInstance } from "fastify";
import { type TlsIdentity, tlsOptionsOf } from "../crypto/tls-identity.js";
import type { Log } from "../federation/log.js";
import { activePeerPins, ownTlsIdentity, sha256OfDer } from "../federation/tls-pins.js";
import { buildFederationApp } from "./federation-app.js";
import { rememberPeer } from "./federation-peer.js";
import type { NodeContext } from "./node-context.js";

export type FederationListener = {
  /** `https://host:port` of the listener: what the card's endpoint names. */
  url: string;
  port: number;
  app: FastifyInstance<Server>;
  /** Reads the pinned certificates again now (otherwise done before each new connection). */
  refreshTrust(): Promise<void>;
  close(): Promise<void>;
};

/** Also refreshed on a timer, so that keep-alive connections of a revoked peer are closed soon. */
const TRUST_REFRESH_MS = 5_000;

type Trust = { key: string; stateOf: ReadonlyMap<string, string>; pems: string[] };

export async function startFederationListener(
  context: NodeContext,
  options: { host: string; port: number; logger?: boolean; log?: Log },
): Promise<FederationListener> {
  const identity = ownTlsIdentity(context);
  let trust = await readTrust(context, options.log);
  const server = createServer({
    ...secureContextOptions(identity, trust),
    requestCert: true,
    rejectUnauthorized: true,
  });
  const app = await buildFederationApp(context, {
    logger: options.logger === true,
    server: (handler) => server.on("request", handler),
  });
  const open = new Map<TLSSocket, string>();
  server.on("secureConnection", (socket: TLSSocket) => {
    const sha256 = sha256OfSocket(socket);
    const state = sha256 === undefined ? undefined : trust.stateOf.get(sha256);
    // The handshake verified the chain; the leaf must also be pinned by the peer it maps to now.
    if (sha256 === undefined || state === undefined) return void socket.destroy();
    rememberPeer(socket, { state, sha256 });
    open.set(socket, state);
    socket.once("close", () => open.delete(socket));
  });
  server.on("tlsClientError", (error, socket) => {
    options.log?.warn(
      { code: (error as NodeJS.ErrnoException).code, remote: socket.remoteAddress },
      "TLS handshake refused",
    );
  });

  const refresh = coalesced(async () => {
    const next = await readTrust(context, options.log);
    if (next.key === trust.key) return;
    trust = next;
    server.setSecureContext(secureContextOptions(identity, trust));
    for (const [socket, state] of open) {
      if (stateOfSocket(socket, trust) !== state) socket.destroy();
    }
  });

  // A plain TCP front, paused until the trust is fresh, then handed to the HTTPS server, which
  // wraps it in TLS with the secure context of that moment.
  const sockets = new Set<Socket>();
  const front: NetServer = createNetServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    refresh().then(
      () => server.emit("connection", socket),
      (error: unknown) => {
        options.log?.warn({ err: error }, "could not read the pinned certificates; connection refused");
        socket.destroy();
      },
    );
  });
  try {
    await listen(front, options.host, options.port);
  } catch (error) {
    // A port in use: the app (and whatever its plugins opened) must not outlive the failed start.
    await app.close();
    throw error;
  }
  const timer = setInterval(
    () =>
      void refresh().catch((error: unknown) =>
        options.log?.warn({ err: error }, "could not read the pinned certificates"),
      ),
    TRUST_REFRESH_MS,
  );
  timer.unref();
  const port = (front.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `https://${host}:${port}`,
    port,
    app,
    refreshTrust: refresh,
    close: async () => {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      for (const socket of open.keys()) socket.destroy();
      await closed;
      await app.close();
    },
  };
}

function listen(front: NetServer, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen({ host, port }, () => {
      front.off("error", reject);
      resolve();
    });
  });
}

function secureContextOptions(identity: TlsIdentity, trust: Trust) {
  return {
    ...tlsOptionsOf(identity),
    // Never empty-handed into the defaults: an empty list still means "no anchor", not "the system's".
    ca: trust.pems,
    minVersion: "TLSv1.3" as const,
  };
}

async function readTrust(context: NodeContext, log: Log | undefined): Promise<Trust> {
  const pins = await activePeerPins(context.db, context.clock.now(), log);
  const stateOf = new Map<string, string>();
  const pems: string[] = [];
  for (const peer of pins) {
    for (const sha256 of peer.sha256) stateOf.set(sha256, peer.state);
    pems.push(...peer.pems);
  }
  return { key: [...stateOf.entries()].sort().join(","), stateOf, pems };
}

function sha256OfSocket(socket: TLSSocket): string | undefined {
  const certificate = socket.getPeerCertificate();
  return certificate?.raw === undefined ? undefined : sha256OfDer(certificate.raw);
}

function stateOfSocket(socket: TLSSocket, trust: Trust): string | undefined {
  const sha256 = sha256OfSocket(socket);
  return sha256 === undefined ? undefined : trust.stateOf.get(sha256);
}

/**
 * Runs `task` now, or — if a run is under way, which may have read the peers before a change —
 * once more after it; callers arriving meanwhile share that next run.
 */
function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (running === undefined) {
      running = task().finally(() => {
        running = undefined;
      });
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return run();
      });
    return next;
  };
  return run;
}
