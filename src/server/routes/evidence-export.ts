/**
 * `POST /api/v1/requests/:id/evidence/export`: the court bundle of a request's evidence as a
 * download, made by the same service as `rogatory evidence export` — purpose stated and judged
 * against the use limitation (Art 40(19)), `exported` recorded in the custody before a byte is
 * written. The service's checks run before the disk is touched; one export at a time per node. The
 * bundle is written whole to a private folder first (src/server/export-folder.ts), so a refusal or a
 * fault answers as a problem, never as half a tar, and the answer carries its length and SHA-256 for
 * the exhibit record.
 */
import { createHash } from "node:crypto";
import { type FileHandle, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { create as contentDisposition } from "content-disposition";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "../../cases/roles.js";
import { type Purpose, PurposeSchema } from "../../evidence/use-limitation.js";
import { checkCourtBundleExport, exportCourtBundle } from "../../services/evidence/export-court-bundle.js";
import { newExportFolder, takeExportSlot } from "../export-folder.js";
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
      const { id } = request.params;
      const { purpose } = request.body;
      // Refused before the disk is touched: a call that may not export leaves no folder behind.
      await checkCourtBundleExport(context, actor, id, purpose);
      const release = takeExportSlot(context);
      let bundle: OpenBundle;
      try {
        bundle = await writeAndOpenBundle(context, actor, id, purpose);
      } catch (error) {
        release();
        throw error;
      }
      const stream = bundle.file.createReadStream({ highWaterMark: READ_SIZE });
      // The slot is held until the file is read to its end (before the answer ends, so the caller
      // may export again at once) or the download breaks off: the removed file keeps its disk space
      // while its descriptor is open, and the stream closes that right after.
      stream.once("end", release);
      stream.once("close", release);
      return reply
        .header("content-type", "application/x-tar")
        .header("content-disposition", contentDisposition(courtBundleFileName(bundle.reference)))
        .header("content-length", bundle.size)
        .header("x-content-sha256", bundle.sha256)
        .header("cache-control", "no-store")
        .send(stream as unknown as string);
    },
  );
}

type OpenBundle = { file: FileHandle; size: number; sha256: string; reference: string };

/**
 * The bundle written whole into a private folder, opened, and the folder removed before a byte is
 * sent — after a fault too — so no bundle outlives the call on disk: the open descriptor keeps the
 * bytes readable until the answer has sent them.
 */
async function writeAndOpenBundle(
  context: NodeContext,
  actor: Actor,
  requestId: string,
  purpose: Purpose,
): Promise<OpenBundle> {
  const folder = await newExportFolder(context);
  try {
    const path = join(folder, "court-bundle.tar");
    const { reference } = await exportCourtBundle(context, actor, requestId, purpose, path);
    const sha256 = await sha256OfFile(path);
    const file = await open(path, "r");
    try {
      return { file, size: (await file.stat()).size, sha256, reference };
    } catch (error) {
      await file.close();
      throw error;
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * `court-bundle-<reference>.tar`, the reference reduced to `[A-Za-z0-9._-]` (any other character,
 * counted by code point, becomes `-`): a reference is the requesting State's free text and may hold
 * `/`, `\` or characters a file system or a browser's download folder would take otherwise.
 */
export function courtBundleFileName(reference: string): string {
  return `court-bundle-${reference.replace(/[^A-Za-z0-9._-]/gu, "-")}.tar`;
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
