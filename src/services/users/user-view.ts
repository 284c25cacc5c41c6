/**
 * A user as the API and CLI show it, and the rules for the fields an administrator sets. The
 * password hash and TOTP secret are not in the view: there is no way to ask for them.
 */
import type { Selectable } from "kysely";
import { z } from "zod";
import { RoleSchema } from "../../cases/roles.js";
import type { UsersTable } from "../../store/schema.js";

/** Lower-case, so "Alice" and "alice" cannot be two accounts; sign-in lower-cases what is typed. */
export const UsernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, "2 to 64 lower-case letters, digits, dots, dashes or underscores");
export const DisplayNameSchema = z.string().trim().min(1).max(200);
export const UnitSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and dashes");

export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unit: z.string(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  /** Set while sign-in is refused after too many failures. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserViewSchema>;

export function toUserView(row: Selectable<UsersTable>, now: Date): UserView {
  const locked = row.locked_until !== null && now.getTime() < Date.parse(row.locked_until);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: RoleSchema.parse(row.role),
    unit: row.unit,
    disabled: row.disabled !== 0,
    totpEnabled: row.totp_enabled === 1,
    lockedUntil: locked ? row.locked_until : null,
    createdAt: row.created_at,
  };
}
