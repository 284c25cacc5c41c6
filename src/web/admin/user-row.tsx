/**
 * One account in the users table, with what an administrator does to it: edit, disable or enable,
 * reset the password and second factor. Disabling and resetting take effect at once (the person's
 * sessions end), so both ask for confirmation first; enabling does not.
 */
import { useEffect, useRef, useState } from "react";
import { type ApiError, api } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import type { ResetResult, UserView } from "./admin-types.js";
import { ApiErrorAlert, asApiError } from "./api-error.js";
import { EditUserForm } from "./edit-user-form.js";
import type { OneTimeSecret } from "./one-time-password.js";

const COLUMNS = 8;

type Mode = "none" | "edit" | "confirm-disable" | "confirm-reset";
type Props = {
  user: UserView;
  onChanged(user: UserView, announcement: string): void;
  onSecret(secret: OneTimeSecret): void;
};

function StatusCell({ user }: { user: UserView }) {
  const { t, dateTime } = useI18n();
  if (user.disabled) return <span className="badge status-disabled">{t("admin.status.disabled")}</span>;
  if (user.lockedUntil !== null)
    return (
      <span className="badge status-locked">
        {t("admin.status.locked", { until: dateTime(user.lockedUntil) })}
      </span>
    );
  return <span className="badge status-active">{t("admin.status.active")}</span>;
}

export function UserRow({ user, onChanged, onSecret }: Props) {
  const { t, date } = useI18n();
  const [mode, setMode] = useState<Mode>("none");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const path = `/users/${encodeURIComponent(user.id)}`;
  const names = { username: user.username, name: user.displayName };

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode("none");
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  const setDisabled = (disabled: boolean) =>
    run(async () => {
      const answer = await api<{ user: UserView }>("PATCH", path, { disabled });
      onChanged(answer.user, t(disabled ? "admin.announce.disabled" : "admin.announce.enabled", names));
    });
  const reset = () =>
    run(async () => {
      const answer = await api<ResetResult>("POST", `${path}/reset-password`);
      onSecret({ username: user.username, password: answer.oneTimePassword, reason: "reset" });
    });
  const open = (next: Mode) => {
    setError(undefined);
    setMode(next);
  };

  return (
    <>
      <tr>
        <th scope="row" translate="no">
          {user.username}
        </th>
        <td>{user.displayName}</td>
        <td>{t(`role.${user.role}`)}</td>
        <td translate="no">{user.unit}</td>
        <td>
          <StatusCell user={user} />
        </td>
        <td>{t(user.totpEnabled ? "admin.totp.enabled" : "admin.totp.notEnabled")}</td>
        <td>
          <time dateTime={user.createdAt}>{date(user.createdAt)}</time>
        </td>
        <td>
          <div className="row-actions">
            <button type="button" aria-label={t("admin.action.editUser", names)} onClick={() => open("edit")}>
              {t("admin.action.edit")}
            </button>
            {user.disabled ? (
              <button
                type="button"
                aria-label={t("admin.action.enableUser", names)}
                disabled={busy}
                onClick={() => void setDisabled(false)}
              >
                {t("admin.action.enable")}
              </button>
            ) : (
              <button
                type="button"
                className="danger"
                aria-label={t("admin.action.disableUser", names)}
                onClick={() => open("confirm-disable")}
              >
                {t("admin.action.disable")}
              </button>
            )}
            <button
              type="button"
              aria-label={t("admin.action.resetUser", names)}
              onClick={() => open("confirm-reset")}
            >
              {t("admin.action.reset")}
            </button>
          </div>
        </td>
      </tr>
      {mode === "none" && error === undefined ? null : (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            {mode === "edit" ? (
              <EditUserForm
                user={user}
                onCancel={() => setMode("none")}
                onSaved={(saved) => {
                  setMode("none");
                  onChanged(saved, t("admin.announce.saved", names));
                }}
              />
            ) : null}
            {mode === "confirm-disable" ? (
              <Confirm
                question={t("admin.confirm.disable", names)}
                confirmLabel={t("admin.confirm.disableButton")}
                busy={busy}
                onConfirm={() => void setDisabled(true)}
                onCancel={() => open("none")}
              />
            ) : null}
            {mode === "confirm-reset" ? (
              <Confirm
                question={t("admin.confirm.reset", names)}
                confirmLabel={t("admin.confirm.resetButton")}
                busy={busy}
                onConfirm={() => void reset()}
                onCancel={() => open("none")}
              />
            ) : null}
            {mode === "edit" ? null : <ApiErrorAlert error={error} />}
          </td>
        </tr>
      )}
    </>
  );
}

type ConfirmProps = {
  question: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
};

/** A question and two buttons, in the row it is about. */
function Confirm({ question, confirmLabel, busy, onConfirm, onCancel }: ConfirmProps) {
  const { t } = useI18n();
  const group = useRef<HTMLFieldSetElement>(null);
  // The question appears in the row below the button; the focus follows so the reader hears it.
  useEffect(() => group.current?.focus(), []);
  return (
    <fieldset ref={group} tabIndex={-1} className="confirm">
      <legend>{question}</legend>
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t("action.cancel")}
        </button>
      </div>
    </fieldset>
  );
}
