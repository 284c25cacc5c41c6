/**
 * Finding the upload an interrupted `rogatory evidence add` left behind, so that running the same
 * command again continues it instead of starting over (docs/evidence.md, "From the command line").
 *
 * An upload is the same file's when it is still `uploading`, on the same request, started by the
 * same person, under the same file name and with the same announced size. Before continuing, the
 * bytes already stored are checked against the file on disk, chunk by chunk (each stored chunk's
 * plaintext SHA-256): a different file that merely shares name and size must not be appended to
 * someone's half upload — the item would then hold neither file.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Actor } from "../cases/roles.js";
import { CHUNK_SIZE } from "../evidence/chunked-aead.js";
import type { NodeContext } from "../server/node-context.js";

/** The most recent matching upload not already taken by this run, if any. */
export async function findInterruptedUpload(
  context: NodeContext,
  actor: Actor,
  wanted: { requestId: string; fileName: string; size: number },
  taken: ReadonlySet<string>,
): Promise<string | undefined> {
  const rows = await context.db
    .selectFrom("evidence_items")
    .select(["id", "details"])
    .where("request_id", "=", wanted.requestId)
    .where("created_by", "=", actor.id)
    .where("file_name", "=", wanted.fileName)
    .where("state", "=", "uploading")
    .orderBy("created_at", "desc")
    .execute();
  const match = rows.find(
    (row) => !taken.has(row.id) && (JSON.parse(row.details) as { size?: number }).size === wanted.size,
  );
  return match?.id;
}

/** True when the file's first `offset` bytes are exactly the chunks stored for the item. */
export async function storedPrefixMatches(
  context: NodeContext,
  itemId: string,
  path: string,
  offset: number,
): Promise<boolean> {
  const chunks = await context.db
    .selectFrom("evidence_chunks")
    .select(["idx", "plaintext_sha256"])
    .where("item_id", "=", itemId)
    .where("idx", "<", Math.ceil(offset / CHUNK_SIZE))
    .orderBy("idx")
    .execute();
  if (chunks.length * CHUNK_SIZE !== offset) return false;
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(CHUNK_SIZE);
    for (const chunk of chunks) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_SIZE, chunk.idx * CHUNK_SIZE);
      const digest = createHash("sha256").update(buffer.subarray(0, bytesRead)).digest("hex");
      if (bytesRead !== CHUNK_SIZE || digest !== chunk.plaintext_sha256) return false;
    }
    return true;
  } finally {
    await file.close();
  }
}
