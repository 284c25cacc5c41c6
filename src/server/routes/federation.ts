/**
 * Every node-to-node route, registered here and served only by the federation listener (mutual
 * TLS, its own port; never the officers' API). A route reads the State the connection is
 * authenticated as with `authenticatedPeer(request)`. A new federation route is one more line in
 * `registerFederationRoutes`.
 *
 * `POST /federation/v1/messages`: where peers deliver sealed messages. No officer session: the
 * pinned TLS certificate authenticates the connection, the envelope's signature the message, and
 * the two must name the same State. The body is the compact JWE (`application/jose`); the answer
 * is the sealed receipt, or problem+json with the envelope's error code.
 */
import type { FastifyInstance } from "fastify";
import { DEFAULT_MAX_SEALED_CHARS } from "../../crypto/envelope.js";
import { JOSE_MEDIA_TYPE, MESSAGES_PATH } from "../../federation/http-transport.js";
import { acceptMessage } from "../../federation/inbox.js";
import { authenticatedPeer } from "../federation-peer.js";
import type { NodeContext } from "../node-context.js";
import { registerFederationEvidenceRoutes } from "./federation-evidence.js";
import { registerFederationLedgerRoutes } from "./federation-ledger.js";

export function registerFederationRoutes(app: FastifyInstance, context: NodeContext): void {
  registerMessagesRoute(app, context);
  registerFederationLedgerRoutes(app, context);
  registerFederationEvidenceRoutes(app, context);
}

function registerMessagesRoute(app: FastifyInstance, context: NodeContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      JOSE_MEDIA_TYPE,
      { parseAs: "string", bodyLimit: DEFAULT_MAX_SEALED_CHARS + 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      MESSAGES_PATH,
      { schema: { hide: true }, config: { public: true } },
      async (request, reply) => {
        try {
          const peer = authenticatedPeer(request);
          const accepted = await acceptMessage({ context, sealed: request.body, peer });
          request.log.info(
            { messageId: accepted.messageId, duplicate: accepted.duplicate },
            accepted.duplicate ? "duplicate message: original receipt sent again" : "message accepted",
          );
          return reply.status(200).type(JOSE_MEDIA_TYPE).send(accepted.receipt);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          request.log.warn(
            { code, peer: peerOf(request), reason: (error as Error).message },
            "message refused",
          );
          throw error;
        }
      },
    );
  });
}

/** For the log only: the connection's State, if it has one. */
function peerOf(request: Parameters<typeof authenticatedPeer>[0]): string | undefined {
  try {
    return authenticatedPeer(request);
  } catch {
    return undefined;
  }
}
