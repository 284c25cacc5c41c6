/**
 * The node's refusal, shown beside the form that caused it: its own detail (which names the
 * field or the rule) and its code, so an administrator can look the code up in docs/errors.md;
 * worded as every screen words it (requests/problem-text.ts). The alert region is always
 * rendered, so assistive technology announces the text when it appears.
 */
import type { ApiError } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import { asApiError, problemText } from "../requests/problem-text.js";

export { asApiError };

export function ApiErrorAlert({ error, id }: { error: ApiError | undefined; id?: string }) {
  const { t } = useI18n();
  return (
    <div role="alert" id={id} className="error api-error">
      {error === undefined ? null : <p>{problemText(t, error)}</p>}
    </div>
  );
}
