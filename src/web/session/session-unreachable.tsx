/**
 * When the first question to the node ("who is signed in?") gets no answer — network down, node
 * restarting, a proxy error — the app cannot know whether the person is signed in. Showing the
 * sign-in page would be wrong (they may well be); this says what happened and offers to try again.
 */
import { LanguageSwitch } from "../app/layout.js";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./session-errors.js";
import "./session.css";

export function SessionUnreachable({ failure, onRetry }: { failure: unknown; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <main id="main" className="session-page">
      <div className="session-top">
        <span className="app-name">{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("session.unreachable.heading")}</h1>
      <div role="alert" className="error">
        <p>{errorText(failure, t, {})}</p>
      </div>
      <button type="button" className="primary" onClick={onRetry}>
        {t("app.retry")}
      </button>
    </main>
  );
}
