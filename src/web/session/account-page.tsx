/**
 * The signed-in person's own account: who the node knows them as, changing their password, and
 * setting up a second factor if they have none. A session that passed a second factor belongs to
 * someone who has one (the node demands the code from everyone who enrolled), so `mfaPassed` is
 * what tells the page which to show. Replacing a factor takes an administrator's reset, by design.
 */
import { useEffect, useRef, useState } from "react";
import type { ScreenProps } from "../app/screens.js";
import { useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ChangePasswordForm } from "./change-password-form.js";
import { SecondFactorSetup } from "./second-factor-setup.js";
import "./session.css";

function SecondFactorSection() {
  const { t } = useI18n();
  const { mfaPassed } = useSignedIn();
  const [setting, setSetting] = useState(false);
  const [justEnabled, setJustEnabled] = useState(false);
  const region = useRef<HTMLDivElement>(null);

  // The button that opened the setup is gone; the focus goes to what replaced it.
  useEffect(() => {
    if (setting) region.current?.focus();
  }, [setting]);

  let content: React.ReactNode;
  if (mfaPassed) content = <p>{t("session.account.factorSet")}</p>;
  else if (setting)
    content = (
      <div ref={region} tabIndex={-1}>
        <SecondFactorSetup onDone={() => setJustEnabled(true)} />
      </div>
    );
  else
    content = (
      <>
        <p>{t("session.account.noFactor")}</p>
        <button type="button" onClick={() => setSetting(true)}>
          {t("session.account.setUpFactor")}
        </button>
      </>
    );
  return (
    <section aria-labelledby="account-factor">
      <h2 id="account-factor">{t("session.account.factorHeading")}</h2>
      <div role="status">{justEnabled && <p>{t("session.totp.enabled")}</p>}</div>
      {content}
    </section>
  );
}

export function AccountPage(_props: ScreenProps) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  return (
    <div className="session-page">
      <h1>{t("nav.account")}</h1>
      <dl className="account-facts">
        <dt>{t("session.account.name")}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t("session.account.username")}</dt>
        <dd>{user.username}</dd>
        <dt>{t("session.account.role")}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        <dt>{t("session.account.unit")}</dt>
        <dd>{user.unit}</dd>
      </dl>
      <section aria-labelledby="account-password">
        <h2 id="account-password">{t("session.account.passwordHeading")}</h2>
        <ChangePasswordForm />
      </section>
      <SecondFactorSection />
    </div>
  );
}
