/**
 * `POST /federation/v1/messages`: where peers deliver sealed messages. Public — no officer session:
 * the envelope authenticates the sending node. The body is the compact JWE (`application/jose`);
 * the answer is the sealed receipt, or problem+json with the envelope's error code. Kept out of
 * the OpenAPI document of the officers' API.
 */
import type { FastifyInstance } from "fastify";
import { DEFAULT_MAX_SEALED_CHARS } from "../../crypto/envelope.js";
import { JOSE_MEDIA_TYPE, MESSAGES_PATH } from "../../federation/http-transport.js";
import { acceptMessage } from "../../federation/inbox.js";
import type { NodeContext } from "../node-context.js";

export function registerFederationRoutes(app: FastifyInstance, context: NodeContext): void {
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
          const accepted = await acceptMessage({ context, sealed: request.body });
          request.log.info(
            { messageId: accepted.messageId, duplicate: accepted.duplicate },
            accepted.duplicate ? "duplicate message: original receipt sent again" : "message accepted",
          );
          return reply.status(200).type(JOSE_MEDIA_TYPE).send(accepted.receipt);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          request.log.warn({ code, reason: (error as Error).message }, "message refused");
          throw error;
        }
      },
    );
  });
}
