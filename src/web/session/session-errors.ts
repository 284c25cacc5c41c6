/**
 * Turns a failed session call into a sentence in the reader's language. The node's answers on
 * these routes are deliberately terse (one 401 for any failed sign-in), so each screen names what
 * a status means for it; anything else falls back to the node's own detail.
 */
import { ApiError } from "../app/api.js";
import type { I18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";

export function errorText(
  error: unknown,
  t: I18n["t"],
  byStatus: Readonly<Record<number, MessageKey>>,
): string {
  if (!(error instanceof ApiError)) return t("session.error.network");
  const key = byStatus[error.status];
  if (key !== undefined) return t(key);
  if (error.status === 429) return t("session.error.rateLimited");
  return t("app.error", { detail: error.detail });
}
