/**
 * Changing one's own password: the current one again (so a session left open on a desk cannot
 * take the account), the new one twice. The page checks what it can before sending (length, the
 * two copies agree) so the common mistakes are told at once; the node still decides.
 */
import { type FormEvent, useId, useState } from "react";
import { api } from "../app/api.js";
import { useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { errorText } from "./session-errors.js";

/** The node's policy (src/server/auth/passwords.ts), repeated here only to say it before sending. */
const MIN_LENGTH = 12;

function problemOf(current: string, next: string, again: string, username: string): MessageKey | undefined {
  if ([...next].length < MIN_LENGTH) return "session.password.tooShort";
  if (next.trim().toLowerCase() === username.trim().toLowerCase()) return "session.password.isUsername";
  if (next === current) return "session.password.unchanged";
  if (next !== again) return "session.password.mismatch";
  return undefined;
}

type Outcome = { kind: "done" } | { kind: "problem"; key: MessageKey } | { kind: "failed"; error: unknown };

export function ChangePasswordForm() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome & { attempt: number }>();

  const report = (next: Outcome) =>
    setOutcome((previous) => ({ ...next, attempt: (previous?.attempt ?? 0) + 1 }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const current = String(data.get("current") ?? "");
    const next = String(data.get("next") ?? "");
    const problem = problemOf(current, next, String(data.get("again") ?? ""), user.username);
    if (problem !== undefined) return report({ kind: "problem", key: problem });
    setBusy(true);
    try {
      await api("POST", "/session/password", { current, next });
      form.reset();
      report({ kind: "done" });
    } catch (error) {
      report({ kind: "failed", error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="session-form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <label htmlFor={`${id}-current`}>{t("session.password.current")}</label>
      <input id={`${id}-current`} name="current" type="password" autoComplete="current-password" required />
      <label htmlFor={`${id}-next`}>{t("session.password.new")}</label>
      <input
        id={`${id}-next`}
        name="next"
        type="password"
        autoComplete="new-password"
        required
        aria-describedby={`${id}-next-hint`}
      />
      <p id={`${id}-next-hint`} className="hint">
        {t("session.password.rule", { min: MIN_LENGTH })}
      </p>
      <label htmlFor={`${id}-again`}>{t("session.password.again")}</label>
      <input id={`${id}-again`} name="again" type="password" autoComplete="new-password" required />
      <div role="status">
        {outcome?.kind === "done" && <p key={outcome.attempt}>{t("session.password.changed")}</p>}
      </div>
      {outcome !== undefined && outcome.kind !== "done" && (
        <p key={outcome.attempt} role="alert" className="error-text">
          {outcome.kind === "problem"
            ? t(outcome.key, { min: MIN_LENGTH })
            : errorText(outcome.error, t, { 403: "session.password.wrongCurrent" })}
        </p>
      )}
      <button type="submit" className="primary">
        {t("session.password.submit")}
      </button>
    </form>
  );
}
