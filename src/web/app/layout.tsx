/**
 * The frame around every screen: a skip link, the navigation this role may use, the language
 * switch and who is signed in. Landmarks (`header`, `nav`, `main`) let screen readers jump.
 */
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n.js";
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from "../i18n/languages.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { Link } from "./router.js";
import { mayOpen, SCREENS } from "./screens.js";
import { useSession, useSignedIn } from "./session.js";

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      {t("app.language")}{" "}
      <select
        value={language}
        onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout({ current, children }: { current: string; children: ReactNode }) {
  const { t } = useI18n();
  const { signOut } = useSession();
  const { user } = useSignedIn();
  const entries = SCREENS.filter((screen) => screen.nav !== undefined && mayOpen(screen, user.role));
  return (
    <>
      {/* A button, not a link: a `#main` link would be read as a route by the hash router. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById("main")?.focus()}>
        {t("app.skipToContent")}
      </button>
      <header className="app-header">
        <span className="app-name">{t("app.name")}</span>
        <nav aria-label={t("nav.label")}>
          <ul>
            {entries.map((screen) => (
              <li key={screen.route}>
                <Link to={`/${screen.route}`} aria-current={screen.route === current ? "page" : undefined}>
                  {t(screen.nav as MessageKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-user">
          <LanguageSwitch />
          <Link to="/account">
            {t("nav.signedInAs", { name: user.displayName, role: t(`role.${user.role}`) })}
          </Link>
          <button type="button" onClick={() => void signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
