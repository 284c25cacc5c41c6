/**
 * The shapes of the node's answers, taken from the server's own response schemas (types only:
 * nothing of the server reaches the bundle), so a changed answer fails the UI's type check.
 */
import type { z } from "zod";
import type { Role } from "../../cases/roles.js";
import type {
  CaseSchema,
  CorrespondenceSchema,
  FindingSchema,
  RequestDetailSchema,
  RequestSchema,
  ValidationResultSchema,
} from "../../server/routes/schemas.js";

export type { Role };

/** GET /api/v1/session (src/server/auth/session-view.ts; written out here because that module reaches node-only code). */
export type SessionView = {
  user: { id: string; username: string; displayName: string; role: Role; unit: string };
  csrfToken: string;
  mfaPassed: boolean;
  mfaEnrolmentRequired: boolean;
};
export type CaseView = z.infer<typeof CaseSchema>;
export type RequestView = z.infer<typeof RequestSchema>;
export type RequestDetail = z.infer<typeof RequestDetailSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type ValidationResult = z.infer<typeof ValidationResultSchema>;
export type Correspondence = z.infer<typeof CorrespondenceSchema>;
