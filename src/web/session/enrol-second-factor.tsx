/**
 * The page a person whose role requires a second factor sees after their first sign-in, before
 * anything else (the node refuses every other call until it is set up). Outside the usual frame,
 * as the frame's navigation would lead nowhere yet; signing out stays possible.
 */
import { LanguageSwitch } from "../app/layout.js";
import { useSession, useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { SecondFactorSetup } from "./second-factor-setup.js";
import "./session.css";

export function EnrolSecondFactor() {
  const { t } = useI18n();
  const { signOut } = useSession();
  const { user } = useSignedIn();
  return (
    <main id="main" className="session-page">
      <div className="session-top">
        <span className="app-name">{t("app.name")}</span>
        <LanguageSwitch />
        <button type="button" onClick={() => void signOut()}>
          {t("nav.signOut")}
        </button>
      </div>
      <h1>{t("session.enrol.heading")}</h1>
      <p>{t("session.enrol.required", { name: user.displayName, role: t(`role.${user.role}`) })}</p>
      <SecondFactorSetup />
    </main>
  );
}
