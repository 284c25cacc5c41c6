/**
 * Setting up the second factor: the node makes a new secret, this shows it (in groups of four, to
 * be typed into an authenticator app) with its otpauth:// address (for apps that take it pasted),
 * and a code from the app proves it holds the secret. Used by the enrolment a role requires and by
 * the account page. No QR code: that would need a library for little gain on an officer's desk.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api } from "../app/api.js";
import type { SessionView } from "../app/api-types.js";
import { useSession } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./session-errors.js";
import "./session.css";

type Enrolment = { otpauthUri: string; secret: string };

const grouped = (secret: string): string => secret.replace(/(.{4})(?=.)/g, "$1 ");

export function SecondFactorSetup({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const { update } = useSession();
  const id = useId();
  // One enrolment per setup: starting again would replace the secret the person is typing in.
  const started = useRef<Promise<Enrolment> | null>(null);
  const [restart, setRestart] = useState(0);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [startFailure, setStartFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; attempt: number }>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `restart` is the trigger of a new attempt.
  useEffect(() => {
    started.current ??= api<Enrolment>("POST", "/session/totp");
    let current = true;
    started.current.then(
      (started) => current && setEnrolment(started),
      (error: unknown) => current && setStartFailure(error),
    );
    return () => {
      current = false;
    };
  }, [restart]);

  function retry() {
    started.current = null;
    setStartFailure(undefined);
    setRestart((n) => n + 1);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    setBusy(true);
    try {
      update(await api<SessionView>("POST", "/session/totp/confirm", { code }));
      onDone?.();
    } catch (error) {
      setFailure((previous) => ({ error, attempt: (previous?.attempt ?? 0) + 1 }));
      setBusy(false);
    }
  }

  if (startFailure !== undefined)
    return (
      <div role="alert" className="error">
        <p>{errorText(startFailure, t, { 409: "session.totp.alreadyEnabled" })}</p>
        <button type="button" onClick={retry}>
          {t("app.retry")}
        </button>
      </div>
    );
  if (enrolment === undefined) return <p aria-busy="true">{t("app.loading")}</p>;
  return (
    <div className="second-factor">
      <ol>
        <li>{t("session.totp.stepApp")}</li>
        <li>
          {t("session.totp.stepKey")}
          <dl className="totp-key">
            <dt>{t("session.totp.secret")}</dt>
            <dd>
              <code className="totp-secret" dir="ltr">
                {grouped(enrolment.secret)}
              </code>
            </dd>
            <dt>{t("session.totp.uri")}</dt>
            <dd>
              <code className="totp-uri" dir="ltr">
                {enrolment.otpauthUri}
              </code>
            </dd>
          </dl>
        </li>
        <li>{t("session.totp.stepCode")}</li>
      </ol>
      <form className="session-form" onSubmit={(event) => void confirm(event)} aria-busy={busy}>
        <label htmlFor={`${id}-code`}>{t("session.code")}</label>
        <input
          id={`${id}-code`}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          required
          aria-describedby={`${id}-code-hint`}
        />
        <p id={`${id}-code-hint`} className="hint">
          {t("session.totp.codeHint")}
        </p>
        {failure !== undefined && (
          <p key={failure.attempt} role="alert" className="error-text">
            {errorText(failure.error, t, { 401: "session.totp.wrongCode", 409: "session.totp.conflict" })}
          </p>
        )}
        <button type="submit" className="primary">
          {t("session.totp.confirm")}
        </button>
      </form>
    </div>
  );
}
