/**
 * The roles of a node's people, as a plain list: the web UI imports it at run time, so it stays
 * in a module that imports nothing (roles.ts builds the zod schema from it).
 */
export const ROLES = [
  "case-officer",
  "supervisor",
  "duty-officer",
  "executing-officer",
  "auditor",
  "administrator",
] as const;
