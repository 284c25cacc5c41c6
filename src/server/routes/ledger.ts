/** Ledger routes: entries, signed tree heads, inclusion and consistency proofs (auditors and administrators). */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { SignedTreeHead } from "../../ledger/tree-head.js";
import {
  ConsistencyProofSchema,
  InclusionProofSchema,
  LedgerEntryViewSchema,
  TreeHeadViewSchema,
} from "../../services/ledger/ledger-views.js";
import { consistencyProof, inclusionProof, listLedgerEntries } from "../../services/ledger/read-ledger.js";
import { signLedgerHead } from "../../services/ledger/sign-ledger-head.js";
import { latestTreeHead, toHex } from "../../store/ledger-store.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";

const count = z.coerce.number().int().min(0);

const headView = (head: SignedTreeHead) => ({ ...head, root: toHex(head.root) });

export function registerLedgerRoutes(app: FastifyInstance, context: NodeContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/v1/ledger/entries",
    {
      schema: {
        tags: ["ledger"],
        summary: "Ledger entries from an index",
        querystring: z.object({
          from: count.default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.array(LedgerEntryViewSchema) },
      },
    },
    async (request) => listLedgerEntries({ context, actor: actorOf(request), ...request.query }),
  );
  api.get(
    "/api/v1/ledger/head",
    {
      schema: {
        tags: ["ledger"],
        summary: "The latest signed tree head",
        response: { 200: TreeHeadViewSchema },
      },
    },
    async (request) => {
      if (!can(actorOf(request), "ledger.read"))
        throw new CasesError("FORBIDDEN", "your role may not read the ledger");
      const head = (await latestTreeHead(context.db)) ?? (await signLedgerHead({ context }));
      return headView(head);
    },
  );
  api.post(
    "/api/v1/ledger/heads",
    {
      schema: {
        tags: ["ledger"],
        summary: "Sign the current tree head now",
        response: { 201: TreeHeadViewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(headView(await signLedgerHead({ context, actor: actorOf(request) }))),
  );
  api.get(
    "/api/v1/ledger/proofs/inclusion",
    {
      schema: {
        tags: ["ledger"],
        summary: "Inclusion proof of an entry in the tree of a given size (default: current)",
        querystring: z.object({ index: count, size: count.optional() }),
        response: { 200: InclusionProofSchema },
      },
    },
    async (request) => inclusionProof({ context, actor: actorOf(request), ...request.query }),
  );
  api.get(
    "/api/v1/ledger/proofs/consistency",
    {
      schema: {
        tags: ["ledger"],
        summary: "Consistency proof between two tree sizes (default: to the current size)",
        querystring: z.object({ from: count, to: count.optional() }),
        response: { 200: ConsistencyProofSchema },
      },
    },
    async (request) => consistencyProof({ context, actor: actorOf(request), ...request.query }),
  );
}
