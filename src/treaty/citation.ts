/**
 * Where a rule comes from: treaty, article, paragraph and item. Every finding carries one, so an
 * officer can always see which provision a check enforces.
 */
import { z } from "zod";

export const CitationSchema = z.strictObject({
  treaty: z.string().regex(/^[a-z0-9-]+$/),
  article: z.string().min(1),
  paragraph: z.string().min(1).optional(),
  item: z.string().min(1).optional(),
  /** The digest this pack was written from could not confirm the wording or the numbering. */
  unverified: z.boolean().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

const TREATY_LABELS: Readonly<Record<string, string>> = {
  "uncc-2024": "UN Convention against Cybercrime",
  "budapest-2001": "Budapest Convention",
};

/** "UN Convention against Cybercrime, Art 42(2)(a)" — the form officers and lawyers read. */
export function formatCitation(citation: Citation): string {
  const treaty = TREATY_LABELS[citation.treaty] ?? citation.treaty;
  const paragraph = citation.paragraph ? `(${citation.paragraph})` : "";
  const item = citation.item ? `(${citation.item})` : "";
  const flag = citation.unverified ? " [unverified]" : "";
  return `${treaty}, Art ${citation.article}${paragraph}${item}${flag}`;
}
