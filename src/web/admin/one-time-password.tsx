/**
 * A one-time password the node has just generated, shown this once: the node keeps only its hash,
 * so closing this panel loses it for good. It takes the focus when it appears, so a screen reader
 * user hears it without hunting for it, and says plainly how to hand it over.
 */
import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n.js";

export type OneTimeSecret = { username: string; password: string; reason: "created" | "reset" };

export function OneTimePassword({ secret, onDone }: { secret: OneTimeSecret; onDone(): void }) {
  const { t } = useI18n();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section ref={panel} tabIndex={-1} className="panel one-time-password" aria-labelledby="otp-heading">
      <h2 id="otp-heading">{t("admin.otp.heading", { username: secret.username })}</h2>
      <p>
        <strong>{t("admin.otp.shownOnce")}</strong>
      </p>
      <p className="otp-value">
        <code translate="no">{secret.password}</code>
      </p>
      <p>{t("admin.otp.handOver", { username: secret.username })}</p>
      {secret.reason === "reset" ? <p>{t("admin.otp.resetNote")}</p> : null}
      <button type="button" className="primary" onClick={onDone}>
        {t("admin.otp.done")}
      </button>
    </section>
  );
}
