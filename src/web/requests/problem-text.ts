/**
 * The one wording of a failed call to the node, shared by every screen: no answer at all, or the
 * node's refusal in its own detail with its code (which docs/errors.md explains, so an officer or
 * an administrator can look it up).
 */
import { ApiError } from "../app/api.js";
import type { I18n } from "../i18n/i18n.js";

/** Any failure of a call as an ApiError: a network failure has no status and no problem document. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, "NETWORK", error instanceof Error ? error.message : String(error), {});

export function problemText(t: I18n["t"], error: unknown): string {
  const problem = asApiError(error);
  return problem.status === 0
    ? t("requests.problem.network", { detail: problem.detail })
    : t("requests.problem.refused", { detail: problem.detail, code: problem.code });
}
