/**
 * Sign-in: username, password and, for those who set one up, the authentication code (the form
 * itself is `SignInForm`, shared with the dialog shown when a session ends under a screen).
 */
import { useSession } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { SessionPage } from "./session-page.js";
import { SignInForm } from "./sign-in-form.js";

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  return (
    <SessionPage heading={t("session.signIn.heading")}>
      <SignInForm onSignIn={signIn} />
    </SessionPage>
  );
}
