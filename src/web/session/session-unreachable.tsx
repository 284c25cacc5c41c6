/**
 * When the first question to the node ("who is signed in?") gets no answer — network down, node
 * restarting, a proxy error — the app cannot know whether the person is signed in. Showing the
 * sign-in page would be wrong (they may well be); this says what happened and offers to try again.
 */
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./session-errors.js";
import { SessionPage } from "./session-page.js";

export function SessionUnreachable({ failure, onRetry }: { failure: unknown; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <SessionPage heading={t("session.unreachable.heading")}>
      <div role="alert" className="error">
        <p>{errorText(failure, t, {})}</p>
      </div>
      <button type="button" className="primary" onClick={onRetry}>
        {t("app.retry")}
      </button>
    </SessionPage>
  );
}
