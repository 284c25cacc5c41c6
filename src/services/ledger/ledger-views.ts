/**
 * The ledger as the API shows it (src/server/routes/ledger.ts): entries, signed tree heads, and
 * inclusion and consistency proofs, hashes in hex. Plain zod with nothing of Node in reach, so the
 * routes declare their answers with it and the web UI takes its types from here.
 */
import { z } from "zod";

export const LedgerEntryViewSchema = z.object({
  index: z.number(),
  time: z.string(),
  actor: z.string(),
  type: z.string(),
  subject: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryViewSchema>;

/** Root in hex, signature in base64. */
export const TreeHeadViewSchema = z.object({
  logId: z.string(),
  size: z.number(),
  timestamp: z.number(),
  root: z.string(),
  signature: z.string(),
});
export type TreeHeadView = z.infer<typeof TreeHeadViewSchema>;

export const InclusionProofSchema = z.object({
  index: z.number(),
  size: z.number(),
  leafHash: z.string(),
  root: z.string(),
  proof: z.array(z.string()),
});
export type InclusionProof = z.infer<typeof InclusionProofSchema>;

export const ConsistencyProofSchema = z.object({
  from: z.number(),
  to: z.number(),
  fromRoot: z.string(),
  toRoot: z.string(),
  proof: z.array(z.string()),
});
export type ConsistencyProof = z.infer<typeof ConsistencyProofSchema>;
