/**
 * `GET /federation/v1/ledger/consistency?first=M&second=N`: this node's signed proof that its
 * ledger at size M is a prefix of its ledger at size N (both at most the current size). Peers ask
 * for it to check the tree heads we sent them with our receipts (split-view detection,
 * docs/federation.md). Served by the federation listener, so only peers whose pinned certificate
 * passed mutual TLS reach it; no officer session. It reveals only hashes and sizes, which the
 * heads in our receipts reveal already. The answer is signed, so a peer can show it to others.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { SYSTEM } from "../../cases/roles.js";
import { CONSISTENCY_PATH, signConsistencyAnswer } from "../../federation/consistency-answer.js";
import { JOSE_MEDIA_TYPE } from "../../federation/http-transport.js";
import { consistencyProof } from "../../services/ledger/read-ledger.js";
import type { NodeContext } from "../node-context.js";

const size = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const toBase64 = (hex: string): string => Buffer.from(hex, "hex").toString("base64");

export function registerFederationLedgerRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    CONSISTENCY_PATH,
    {
      schema: { hide: true, querystring: z.object({ first: size, second: size }) },
      config: { public: true },
    },
    async (request, reply) => {
      const { first, second } = request.query;
      const proof = await consistencyProof({ context, actor: SYSTEM, from: first, to: second });
      const signed = await signConsistencyAnswer(
        {
          logId: context.keys.logId,
          first,
          second,
          firstRoot: toBase64(proof.fromRoot),
          secondRoot: toBase64(proof.toRoot),
          proof: proof.proof.map(toBase64),
        },
        context.keys.signingPrivate,
      );
      return reply.status(200).type(JOSE_MEDIA_TYPE).send(signed);
    },
  );
}
