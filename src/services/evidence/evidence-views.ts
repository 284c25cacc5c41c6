/**
 * The evidence answers of the API (src/server/routes/evidence.ts): the items of a request with
 * their custody record, where an upload stands, and the consents to other uses. Plain zod with
 * nothing of Node in reach, so the routes declare their answers with it, the services build to it
 * and the web UI takes its types from here.
 */
import { z } from "zod";

export const CustodyEventViewSchema = z.object({
  event: z.string(),
  actor: z.string(),
  at: z.string(),
  purpose: z.string().nullable(),
  /** The entry's index in the ledger of the State that recorded it. */
  ledgerIndex: z.number().int(),
});
export type CustodyEventView = z.infer<typeof CustodyEventViewSchema>;

/** An item: where it stands, what it is, who acquired it, and its custody. Never the wrapped key or the manifest. */
export const EvidenceItemViewSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  direction: z.string().describe("held (acquired here) or received (from another State)"),
  state: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  /** Known once the item is sealed or its manifest arrived. */
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  manifestSha256: z.string().nullable(),
  /** The State that acquired the item and signed its manifest. */
  originState: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  chunks: z
    .object({ present: z.number().int(), total: z.number().int() })
    .describe("chunks stored here out of those listed: a received item's progress"),
  lastFetchError: z.string().nullable().describe("why the last fetch of a received item's chunks failed"),
  custody: z
    .array(CustodyEventViewSchema)
    .describe("this node's custody events for the item, in ledger order"),
  senderCustody: z
    .object({ state: z.string(), events: z.array(CustodyEventViewSchema) })
    .nullable()
    .describe("received items: the sending State's custody events, as they came with the item"),
});
export type EvidenceItemView = z.infer<typeof EvidenceItemViewSchema>;

export const UploadViewSchema = z.object({
  itemId: z.string(),
  requestId: z.string(),
  fileName: z.string(),
  state: z.string(),
  offset: z.number().int().describe("bytes taken so far: the next piece starts here"),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
});
export type UploadView = z.infer<typeof UploadViewSchema>;

export const ConsentViewSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  direction: z.string().describe("asked (by this node) or received-request (from another State)"),
  purpose: z.string(),
  status: z.string().describe("pending, granted or refused"),
  reasons: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type ConsentView = z.infer<typeof ConsentViewSchema>;
