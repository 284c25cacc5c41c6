/**
 * `POST /api/v1/requests/:id/evidence/export`: the court bundle of a request's evidence as a
 * download, made by the same service as `rogatory evidence export` — purpose stated and judged
 * against the use limitation (Art 40(19)), `exported` recorded in the custody before a byte is
 * written. The bundle is written whole to a private folder first (src/server/export-folder.ts), so
 * a refusal or a fault answers as a problem, never as half a tar, and the answer carries its
 * length and SHA-256 for the exhibit record.
 */
import { createHash } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { create as contentDisposition } from "content-disposition";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { PurposeSchema } from "../../evidence/use-limitation.js";
import { exportCourtBundle } from "../../services/evidence/export-court-bundle.js";
import { newExportFolder } from "../export-folder.js";
import type { NodeContext } from "../node-context.js";
import { actorOf } from "../request-actor.js";
import { IdParams } from "./schemas.js";

const READ_SIZE = 1 << 20;

export function registerEvidenceExportRoutes(app: FastifyInstance, context: NodeContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/v1/requests/:id/evidence/export",
    {
      schema: {
        tags: ["evidence"],
        summary: "Download the court bundle of a request's evidence, for a stated purpose",
        description:
          "The tar `rogatory evidence export` writes (files, manifests, cards, both nodes' proven " +
          "custody, signed messages and receipts, CASE/UCO), checked offline by `rogatory evidence " +
          "verify`. Answers `application/x-tar` as an attachment with its SHA-256 in " +
          "`x-content-sha256`. Other proceedings need the providing State's consent (Art 40(19)).",
        params: IdParams,
        body: z.strictObject({ purpose: PurposeSchema }),
        response: {
          200: {
            description: "the court bundle",
            content: { "application/x-tar": { schema: z.string().meta({ format: "binary" }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const folder = await newExportFolder(context);
      try {
        const path = join(folder, "court-bundle.tar");
        const { reference } = await exportCourtBundle(
          context,
          actor,
          request.params.id,
          request.body.purpose,
          path,
        );
        const sha256 = await sha256OfFile(path);
        const file = await open(path, "r");
        const size = await file.stat().then(
          (stat) => stat.size,
          async (error: unknown) => {
            await file.close();
            throw error;
          },
        );
        return (
          reply
            .header("content-type", "application/x-tar")
            .header("content-disposition", contentDisposition(`court-bundle-${reference}.tar`))
            .header("content-length", size)
            .header("x-content-sha256", sha256)
            .header("cache-control", "no-store")
            // The folder goes below while the descriptor stays open; the stream closes it at the end.
            .send(file.createReadStream({ highWaterMark: READ_SIZE }) as unknown as string)
        );
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await open(path, "r");
  try {
    for await (const piece of file.createReadStream({ highWaterMark: READ_SIZE, autoClose: false }))
      hash.update(piece as Buffer);
  } finally {
    await file.close();
  }
  return hash.digest("hex");
}
