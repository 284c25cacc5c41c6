/**
 * Sign-in: username, password and, for those who set one up, the authentication code. The node
 * gives one answer for every failure (so it does not reveal which accounts exist or which part was
 * wrong); this page says exactly that, and says so plainly when too many attempts were made.
 */
import { type FormEvent, useId, useState } from "react";
import { LanguageSwitch } from "../app/layout.js";
import { useSession } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./session-errors.js";
import "./session.css";

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const id = useId();
  const [busy, setBusy] = useState(false);
  // The attempt number keys the alert, so the same message after a second failure is announced again.
  const [failure, setFailure] = useState<{ error: unknown; attempt: number }>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Not a disabled button while waiting: disabling it would drop the keyboard focus.
    if (busy) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const username = String(data.get("username") ?? "");
    const password = String(data.get("password") ?? "");
    const totp = String(data.get("totp") ?? "").replace(/\s/g, "");
    setBusy(true);
    try {
      await signIn(totp === "" ? { username, password } : { username, password, totp });
    } catch (error) {
      setFailure((previous) => ({ error, attempt: (previous?.attempt ?? 0) + 1 }));
      const code = form.elements.namedItem("totp");
      if (code instanceof HTMLInputElement) code.value = "";
      // The password is typed again, so the focus waits there; the alert is announced meanwhile.
      const password = form.elements.namedItem("password");
      if (password instanceof HTMLInputElement) {
        password.value = "";
        password.focus();
      }
      setBusy(false);
    }
  }

  return (
    <main id="main" className="session-page">
      <div className="session-top">
        <span className="app-name">{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("session.signIn.heading")}</h1>
      <form className="session-form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <label htmlFor={`${id}-username`}>{t("session.signIn.username")}</label>
        <input id={`${id}-username`} name="username" autoComplete="username" required spellCheck={false} />
        <label htmlFor={`${id}-password`}>{t("session.signIn.password")}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <label htmlFor={`${id}-totp`}>{t("session.code")}</label>
        <input
          id={`${id}-totp`}
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          aria-describedby={`${id}-totp-hint`}
        />
        <p id={`${id}-totp-hint`} className="hint">
          {t("session.signIn.codeHint")}
        </p>
        {failure !== undefined && (
          <p key={failure.attempt} role="alert" className="error-text">
            {errorText(failure.error, t, { 401: "session.signIn.failed" })}
          </p>
        )}
        <button type="submit" className="primary">
          {t("session.signIn")}
        </button>
      </form>
    </main>
  );
}
