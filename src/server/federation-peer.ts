/**
 * Which State a node-to-node connection is authenticated as: the federation listener records it
 * when the TLS handshake has checked the client's certificate against the pinned ones, and
 * federation routes read it for every request that arrives on that connection.
 */
import type { Socket } from "node:net";
import type { FastifyRequest } from "fastify";
import { FederationError } from "../federation/errors.js";
import { activePeerCard } from "../federation/peer-keys.js";
import { pinsOfCard } from "../federation/tls-pins.js";
import type { NodeContext } from "./node-context.js";

type ConnectionPeer = { state: string; sha256: string };

const peers = new WeakMap<Socket, ConnectionPeer>();

export function rememberPeer(socket: Socket, peer: ConnectionPeer): void {
  peers.set(socket, peer);
}

/**
 * Whether the connection's certificate is still pinned by an active peer now. Checked on every
 * request, not only at the handshake: a kept-alive connection of a peer revoked since is cut.
 * A connection the listener never admitted is refused outright (FEDERATION_TLS_UNPINNED).
 */
export async function stillPinned(context: NodeContext, request: FastifyRequest): Promise<boolean> {
  const peer = peers.get(request.raw.socket);
  if (peer === undefined) {
    throw new FederationError("FEDERATION_TLS_UNPINNED", "this connection is not authenticated as a peer");
  }
  const card = await activePeerCard(context.db, peer.state);
  return card !== undefined && pinsOfCard(card, context.clock.now()).sha256.has(peer.sha256);
}

/** The State of the TLS client that sent this request; refused when the connection has none. */
export function authenticatedPeer(request: FastifyRequest): string {
  const state = peers.get(request.raw.socket)?.state;
  if (state === undefined) {
    // Only reachable if a route is served on a connection the listener did not admit.
    throw new FederationError("FEDERATION_TLS_UNPINNED", "this connection is not authenticated as a peer");
  }
  return state;
}
