/** What a person gives with an action: a reason, refusal grounds, conditions, an extension. */
import { z } from "zod";

export const ConditionSchema = z.strictObject({
  type: z.enum(["confidentiality", "use-limitation", "data-protection", "costs", "other"]),
  text: z.string().trim().min(1).max(4000),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const ActionInputSchema = z.strictObject({
  /** Why: required for returning a draft, withdrawing, postponing, asking for information. */
  reason: z.string().trim().min(1).max(8000).optional(),
  /** Refusal grounds by code, from the pack's catalogue for the request's kind. */
  grounds: z
    .array(z.string().regex(/^R-[A-Z-]+$/))
    .max(20)
    .optional(),
  conditions: z.array(ConditionSchema).max(20).optional(),
  /** Why no consultation was held before refusing or postponing, when none was. */
  consultationNotAppropriate: z.string().trim().min(1).max(4000).optional(),
  extensionDays: z.number().int().min(1).max(365).optional(),
  /** A withdrawal because the assistance is no longer required is distinguished from others. */
  noLongerRequired: z.boolean().optional(),
  /** Optimistic concurrency: the version of the request the person was looking at. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type ActionInput = z.infer<typeof ActionInputSchema>;
