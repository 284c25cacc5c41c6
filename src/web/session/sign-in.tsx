/**
 * Sign-in: username, password and, for those who set one up, the authentication code (the form
 * itself is `SignInForm`, shared with the dialog shown when a session ends under a screen).
 */
import { LanguageSwitch } from "../app/layout.js";
import { useSession } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { SignInForm } from "./sign-in-form.js";
import "./session.css";

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  return (
    <main id="main" className="session-page">
      <div className="session-top">
        <span className="app-name">{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("session.signIn.heading")}</h1>
      <SignInForm onSignIn={signIn} />
    </main>
  );
}
