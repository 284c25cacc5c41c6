/**
 * The sign-in fields and their failure message, shared by the sign-in page and the dialog shown
 * when a session ends under an open screen. The node gives one answer for every failure (so it
 * does not reveal which accounts exist or which part was wrong); the form says exactly that.
 */
import { type FormEvent, useId, useState } from "react";
import type { Credentials } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./session-errors.js";

export function SignInForm({
  onSignIn,
  username,
}: {
  onSignIn(credentials: Credentials): Promise<void>;
  /** Filled in beforehand (the dialog knows who was signed in); still editable. */
  username?: string | undefined;
}) {
  const { t } = useI18n();
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
      await onSignIn(totp === "" ? { username, password } : { username, password, totp });
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
    <form className="session-form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <label htmlFor={`${id}-username`}>{t("session.signIn.username")}</label>
      <input
        id={`${id}-username`}
        name="username"
        autoComplete="username"
        required
        spellCheck={false}
        defaultValue={username}
      />
      <label htmlFor={`${id}-password`}>{t("session.signIn.password")}</label>
      <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
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
  );
}
