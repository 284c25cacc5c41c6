/**
 * The treaties and declarations as the API shows them: the list of packs this node holds, a pack
 * as loaded, and the States' declarations. Plain zod over domain schemas, with nothing of Node in
 * reach, so the web UI takes its types from here.
 */
import { z } from "zod";
import { DeclarationsSchema } from "../../directory/declarations.js";
import { LocalizedTextSchema } from "../../treaty/languages.js";
import { PackSchema } from "../../treaty/pack-schema.js";

export const TreatySummarySchema = z.object({
  id: z.string(),
  title: LocalizedTextSchema,
  version: z.string(),
});
export type TreatySummary = z.infer<typeof TreatySummarySchema>;

export const TreatyListSchema = z.array(TreatySummarySchema);

/** The pack exactly as the node loaded and checked it (packs/<id>.json). */
export const TreatyPackSchema = PackSchema;

/** Every State's declarations this node holds under one treaty, its own included, by State code. */
export const DeclarationsListSchema = z.array(DeclarationsSchema);
