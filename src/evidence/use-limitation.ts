/**
 * Use limitation (Art 40(19)): evidence furnished by another State may be used only for the
 * investigations, prosecutions or proceedings stated in the request, unless that State consented in
 * advance. Every opening and export states its purpose; a use for other proceedings needs a consent
 * received from the providing State for that same purpose. Pure: the consents are passed in.
 */
import { z } from "zod";

export const PURPOSE_USES = ["stated-proceedings", "other-proceedings"] as const;

export const PurposeSchema = z.strictObject({
  /** For the proceedings the request states, or for others (which need consent). */
  use: z.enum(PURPOSE_USES),
  /** What for, in the officer's words: recorded in the custody entry. */
  text: z.string().trim().min(3).max(2000),
});
export type Purpose = z.infer<typeof PurposeSchema>;

export const USE_LIMITATION_CITATION = "UNCC Art 40(19)";

/** Purposes compare without case or repeated spaces: the consent names the purpose the officer asked for. */
export const samePurpose = (a: string, b: string): boolean => normalise(a) === normalise(b);
const normalise = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

export type UseVerdict = { allowed: true; consentId?: string } | { allowed: false; reason: string };

/**
 * Whether evidence received from another State may be used for `purpose`. Evidence this node
 * acquired itself is not limited by this rule (`received` false).
 */
export function judgeUse(options: {
  received: boolean;
  purpose: Purpose;
  grantedConsents: readonly { id: string; purpose: string }[];
  useConditions: readonly string[];
}): UseVerdict {
  const { purpose } = options;
  if (!options.received || purpose.use === "stated-proceedings") return { allowed: true };
  const consent = options.grantedConsents.find((c) => samePurpose(c.purpose, purpose.text));
  if (consent !== undefined) return { allowed: true, consentId: consent.id };
  const conditions =
    options.useConditions.length > 0
      ? ` The decision's conditions: ${options.useConditions.join("; ")}.`
      : "";
  return {
    allowed: false,
    reason: `${USE_LIMITATION_CITATION}: evidence from another State is used for other proceedings only with its prior consent, and none was received for "${purpose.text}". Ask for it first.${conditions}`,
  };
}
