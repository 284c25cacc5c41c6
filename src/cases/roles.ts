/** The people who use a node, by what they do (see docs/ARCHITECTURE.md, "Who uses it"). */
import { z } from "zod";
import { ROLES } from "./role-list.js";

export { ROLES };
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Who acts: a signed-in person, or the node itself acting on a message from another State. */
export type Actor = { kind: "user"; id: string; role: Role; unit: string } | { kind: "system"; id: "system" };

export const SYSTEM: Actor = { kind: "system", id: "system" };

export const actorName = (actor: Actor): string => (actor.kind === "system" ? "system" : `user:${actor.id}`);
