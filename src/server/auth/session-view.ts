/** What the API says about the caller's session: who they are, the CSRF token, and the second-factor state. */
import { z } from "zod";
import { RoleSchema } from "../../cases/roles.js";
import type { NodeConfig } from "../config.js";
import { mfaEnrolmentRequired } from "./mfa-policy.js";
import type { UserRow } from "./sessions.js";

export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unit: z.string(),
});

export const SessionViewSchema = z.object({
  user: SessionUserSchema,
  /** Send it back in the `x-csrf-token` header of every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  mfaPassed: z.boolean(),
  /** The role requires a second factor that is not set up: enrol before anything else. */
  mfaEnrolmentRequired: z.boolean(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export function toSessionView(
  user: UserRow,
  session: { csrfToken: string; mfaPassed: boolean },
  config: NodeConfig,
): SessionView {
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: RoleSchema.parse(user.role),
      unit: user.unit,
    },
    csrfToken: session.csrfToken,
    mfaPassed: session.mfaPassed,
    mfaEnrolmentRequired: mfaEnrolmentRequired(user, config),
  };
}
