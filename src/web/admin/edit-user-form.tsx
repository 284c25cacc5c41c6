/**
 * Changing a user's name, role or unit. Only the fields that changed are sent, so the ledger
 * records exactly what the administrator changed; a change of role or unit ends the person's
 * sessions (the node does it), and the form says so before it is sent.
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type ApiError, api } from "../app/api.js";
import type { Role } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import type { UserView } from "./admin-types.js";
import { ApiErrorAlert, asApiError } from "./api-error.js";
import { UNIT_PATTERN } from "./create-user-form.js";
import { RoleSelect } from "./role-select.js";

type Props = { user: UserView; onSaved(user: UserView): void; onCancel(): void };

export function EditUserForm({ user, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [unit, setUnit] = useState(user.unit);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [nothing, setNothing] = useState(false);
  const prefix = `edit-${user.id}`;
  const first = useRef<HTMLInputElement>(null);
  // The form opens in the row below the button pressed; the focus follows it.
  useEffect(() => first.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes = {
      ...(displayName.trim() === user.displayName ? {} : { displayName }),
      ...(role === user.role ? {} : { role }),
      ...(unit === user.unit ? {} : { unit }),
    };
    setError(undefined);
    setNothing(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    setBusy(true);
    try {
      const answer = await api<{ user: UserView }>("PATCH", `/users/${encodeURIComponent(user.id)}`, changes);
      onSaved(answer.user);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="edit-user"
      aria-label={t("admin.edit.heading", { username: user.username })}
      onSubmit={(event) => void submit(event)}
    >
      <h2 className="edit-heading">{t("admin.edit.heading", { username: user.username })}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${prefix}-name`}>{t("admin.field.displayName")}</label>
          <input
            ref={first}
            id={`${prefix}-name`}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            required
            maxLength={200}
          />
        </div>
        <RoleSelect id={`${prefix}-role`} value={role} onChange={setRole} />
        <div className="field">
          <label htmlFor={`${prefix}-unit`}>{t("admin.field.unit")}</label>
          <input
            id={`${prefix}-unit`}
            value={unit}
            onChange={(event) => setUnit(event.target.value.toLowerCase())}
            required
            pattern={UNIT_PATTERN}
            list="known-units"
            spellCheck={false}
          />
        </div>
      </div>
      <p className="hint">{t("admin.edit.sessionsEnd")}</p>
      {nothing ? (
        <p role="status" className="hint">
          {t("admin.edit.nothingChanged")}
        </p>
      ) : null}
      <ApiErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("admin.edit.submit")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("action.cancel")}
        </button>
      </div>
    </form>
  );
}
