/** The frame of the pages shown before anyone is signed in: the app's name, the language switch, a heading. */
import type { ReactNode } from "react";
import { LanguageSwitch } from "../app/layout.js";
import { useI18n } from "../i18n/i18n.js";
import "./session.css";

export function SessionPage({ heading, children }: { heading: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <main id="main" className="session-page">
      <div className="session-top">
        <span className="app-name">{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{heading}</h1>
      {children}
    </main>
  );
}
