/**
 * Reading evidence: the plaintext of one item, checked chunk by chunk as it streams, after the
 * person's stated purpose passed the use limitation and was recorded as an `opened` custody event
 * (committed before the first byte is read, so no reading goes unrecorded).
 */
import { CasesError } from "../../cases/errors.js";
import type { Actor } from "../../cases/roles.js";
import { type IngestedFile, readEvidence } from "../../evidence/ingest.js";
import { unwrapFileKey } from "../../evidence/key-wrap.js";
import { PurposeSchema } from "../../evidence/use-limitation.js";
import type { NodeContext } from "../../server/node-context.js";
import { inTransaction } from "../in-transaction.js";
import { appendCustody } from "./custody-log.js";
import {
  blobsOf,
  type EvidenceItemRow,
  loadItemFor,
  manifestSha256Of,
  requireItemState,
  sharedRequestId,
  signedManifestOf,
} from "./evidence-item.js";
import { checkUse } from "./use-check.js";

/** States in which an item is whole and checked: sealed here, or fully received. */
export const READABLE_STATES = ["sealed", "reviewed", "transmitted", "received"];

export type OpenedEvidence = {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: AsyncGenerator<Buffer, void, undefined>;
};

export async function openEvidence(
  context: NodeContext,
  actor: Actor,
  itemId: string,
  purposeInput: unknown,
): Promise<OpenedEvidence> {
  const purpose = PurposeSchema.safeParse(purposeInput);
  if (!purpose.success) throw new CasesError("BAD_REQUEST", "state the purpose: { use, text }");
  const item = await inTransaction(context, async (trx) => {
    const { item, request } = await loadItemFor(trx, actor, itemId, "evidence.open");
    requireItemState(item, READABLE_STATES, "opening it");
    const consentId = await checkUse(trx, request, item.direction === "received", purpose.data);
    await appendCustody(trx, { ...context, trx }, [
      {
        itemId,
        event: "opened",
        actor,
        requestId: sharedRequestId(request),
        manifestSha256: manifestSha256Of(item),
        purpose: `${purpose.data.use}: ${purpose.data.text}`,
        ...(consentId === undefined ? {} : { extra: { consent: consentId } }),
      },
    ]);
    return item;
  });
  const file = await storedFileOf(context, item);
  return {
    fileName: item.file_name,
    mediaType: item.media_type,
    size: file.size,
    sha256: file.sha256,
    content: readEvidence(file, blobsOf(context)),
  };
}

/** What `readEvidence` needs of a stored item: its key and the chunks its signed manifest lists. */
export async function storedFileOf(context: NodeContext, item: EvidenceItemRow): Promise<IngestedFile> {
  const signed = signedManifestOf(item);
  const key = await unwrapFileKey(item.wrapped_key, context.keys.encryptionPrivate, item.id);
  return {
    key,
    size: signed.manifest.size,
    sha256: signed.manifest.sha256,
    chunks: signed.manifest.chunks.map((c) => ({
      index: c.index,
      last: c.last,
      address: c.ciphertextSha256,
      plaintextSha256: c.plaintextSha256,
      ciphertextSize: c.ciphertextSize,
    })),
  };
}
