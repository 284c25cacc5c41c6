/** The roles an administrator can give, in the order they are offered: the server's own list. */
import { ROLES } from "../../cases/role-list.js";
import type { Role } from "../app/api-types.js";

export { ROLES };

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
