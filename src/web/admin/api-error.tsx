/**
 * The node's refusal, shown beside the form that caused it: its own detail (which names the
 * field or the rule) and its code, so an administrator can look the code up in docs/errors.md.
 * The alert region is always rendered, so assistive technology announces the text when it appears.
 */
import { ApiError } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";

/** Any failure of a call as an ApiError: network failures have no problem document. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, "NETWORK", String(error), {});

export function ApiErrorAlert({ error, id }: { error: ApiError | undefined; id?: string }) {
  const { t } = useI18n();
  return (
    <div role="alert" id={id} className="error api-error">
      {error === undefined ? null : <p>{t("admin.refused", { detail: error.detail, code: error.code })}</p>}
    </div>
  );
}
