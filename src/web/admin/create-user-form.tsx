/**
 * Creating an account: the administrator names the person, their role and unit, and either lets
 * the node generate a one-time password (the default: nobody has to invent or transmit a
 * password twice) or sets one. The patterns are the node's own; the node checks them again.
 */
import { type FormEvent, useState } from "react";
import type { ApiError } from "../app/api.js";
import { api } from "../app/api.js";
import type { Role } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import type { CreatedUser } from "./admin-types.js";
import { ApiErrorAlert, asApiError } from "./api-error.js";
import { RoleSelect } from "./role-select.js";

/** As src/services/users/user-view.ts and src/server/auth/passwords.ts. */
export const USERNAME_PATTERN = "[a-z0-9][a-z0-9._\\-]{1,63}";
export const UNIT_PATTERN = "[a-z0-9][a-z0-9\\-]{0,63}";
const PASSWORD_MIN_LENGTH = 12;

type Props = { knownUnits: readonly string[]; onCreated(created: CreatedUser): void };

export function CreateUserForm({ knownUnits, onCreated }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("case-officer");
  const [unit, setUnit] = useState("");
  const [generate, setGenerate] = useState(true);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { username, displayName, role, unit, ...(generate ? {} : { password }) };
      const created = await api<CreatedUser>("POST", "/users", body);
      setUsername("");
      setDisplayName("");
      setUnit("");
      setPassword("");
      onCreated(created);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel">
      <h2 id="create-user-heading">{t("admin.create.heading")}</h2>
      <form aria-labelledby="create-user-heading" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="new-username">{t("admin.field.username")}</label>
          <input
            id="new-username"
            value={username}
            onChange={(event) => setUsername(event.target.value.toLowerCase())}
            required
            pattern={USERNAME_PATTERN}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="new-username-hint"
          />
          <p id="new-username-hint" className="hint">
            {t("admin.field.usernameHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-display-name">{t("admin.field.displayName")}</label>
          <input
            id="new-display-name"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            required
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <RoleSelect id="new-role" value={role} onChange={setRole} />
        <div className="field">
          <label htmlFor="new-unit">{t("admin.field.unit")}</label>
          <input
            id="new-unit"
            value={unit}
            onChange={(event) => setUnit(event.target.value.toLowerCase())}
            required
            pattern={UNIT_PATTERN}
            list="known-units"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="new-unit-hint"
          />
          <datalist id="known-units">
            {knownUnits.map((known) => (
              <option key={known} value={known} />
            ))}
          </datalist>
          <p id="new-unit-hint" className="hint">
            {t("admin.field.unitHint")}
          </p>
        </div>
        <fieldset>
          <legend>{t("admin.create.passwordLegend")}</legend>
          <label className="choice">
            <input
              type="radio"
              name="password-choice"
              checked={generate}
              onChange={() => setGenerate(true)}
            />{" "}
            {t("admin.create.generate")}
          </label>
          <label className="choice">
            <input
              type="radio"
              name="password-choice"
              checked={!generate}
              onChange={() => setGenerate(false)}
            />{" "}
            {t("admin.create.setNow")}
          </label>
          {generate ? null : (
            <div className="field">
              <label htmlFor="new-password">{t("admin.field.initialPassword")}</label>
              <input
                id="new-password"
                type="password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
                minLength={PASSWORD_MIN_LENGTH}
                maxLength={256}
                autoComplete="new-password"
                aria-describedby="new-password-hint"
              />
              <p id="new-password-hint" className="hint">
                {t("admin.field.passwordHint", { min: PASSWORD_MIN_LENGTH })}
              </p>
            </div>
          )}
        </fieldset>
        <ApiErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("admin.create.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
