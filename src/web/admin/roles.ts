/**
 * The roles an administrator can give, in the order they are offered. The UI keeps its own list
 * (the server's module brings zod into the bundle); the check below fails the type check if a
 * role is added on the server and not here.
 */
import type { Role } from "../app/api-types.js";

export const ROLES = [
  "case-officer",
  "supervisor",
  "duty-officer",
  "executing-officer",
  "auditor",
  "administrator",
] as const satisfies readonly Role[];

type Missing = Exclude<Role, (typeof ROLES)[number]>;
export const ALL_ROLES_LISTED: [Missing] extends [never] ? true : false = true;

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
