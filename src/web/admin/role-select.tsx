/** The "Role" choice of the create and edit forms: every role, named in the reader's language. */
import type { Role } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { isRole, ROLES } from "./roles.js";

export function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange(role: Role): void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t("admin.field.role")}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => isRole(event.target.value) && onChange(event.target.value)}
      >
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {t(`role.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
