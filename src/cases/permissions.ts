/**
 * Who may do what, declared as rules: `allow(roles, permission, guard)`. Checked in the service
 * layer for every call, whatever route or command it came through. Need-to-know: a person sees
 * the cases of their own unit; the 24/7 duty officer also sees the urgent queue of every unit;
 * the auditor reads everything; the administrator runs the node but reads no case.
 */
import { type Actor, ROLES, type Role } from "./roles.js";

export type Permission =
  | "case.create"
  | "case.read"
  | "request.read"
  | "request.draft"
  | "request.edit-draft"
  | "request.validate"
  | "user.manage"
  | "ledger.read"
  | "ledger.sign"
  | "deadline.read"
  | "peer.read"
  | "peer.manage"
  | "evidence.list"
  | "evidence.add"
  | "evidence.review"
  | "evidence.release"
  | "evidence.open"
  | "evidence.export"
  | "consent.ask"
  | "consent.answer"
  | "treaty.read"
  | "node.read"
  | "statistics.read"
  | "statistics.read-all-units";

/** The resource a permission is checked against, when there is one. */
export type Resource = { unit: string; urgentQueue?: boolean; draftedBy?: string | null; state?: string };

type Guard = (actor: Extract<Actor, { kind: "user" }>, resource: Resource | undefined) => boolean;
type PermissionRule = { roles: readonly Role[]; permission: Permission; guard: Guard };

const always: Guard = () => true;
const sameUnit: Guard = (actor, resource) => resource !== undefined && resource.unit === actor.unit;
const sameUnitOrUrgent: Guard = (actor, resource) =>
  sameUnit(actor, resource) || resource?.urgentQueue === true;
const ownDraftInUnit: Guard = (actor, resource) => sameUnit(actor, resource) && resource?.state === "draft";

const allow = (roles: readonly Role[], permission: Permission, guard: Guard = always): PermissionRule => ({
  roles,
  permission,
  guard,
});

const OFFICERS: readonly Role[] = ["case-officer", "supervisor", "executing-officer"];

export const PERMISSION_RULES: readonly PermissionRule[] = [
  allow(["case-officer", "duty-officer", "supervisor"], "case.create"),
  allow(OFFICERS, "case.read", sameUnit),
  allow(["duty-officer"], "case.read", sameUnitOrUrgent),
  allow(["auditor"], "case.read"),
  allow(OFFICERS, "request.read", sameUnit),
  allow(["duty-officer"], "request.read", sameUnitOrUrgent),
  allow(["auditor"], "request.read"),
  allow(["case-officer", "duty-officer"], "request.draft", sameUnit),
  allow(["case-officer", "duty-officer"], "request.edit-draft", ownDraftInUnit),
  allow(OFFICERS, "request.validate", sameUnit),
  allow(["duty-officer"], "request.validate", sameUnitOrUrgent),
  allow(["administrator"], "user.manage"),
  allow(["auditor", "administrator"], "ledger.read"),
  allow(["auditor", "administrator"], "ledger.sign"),
  allow(["case-officer", "supervisor", "duty-officer", "executing-officer", "auditor"], "deadline.read"),
  // Peers are whom the node trusts: the administrator manages them, the auditor may check them.
  allow(["administrator", "auditor"], "peer.read"),
  allow(["administrator"], "peer.manage"),
  // Evidence: its metadata is read like the request; its content only by officers, with a purpose.
  allow(OFFICERS, "evidence.list", sameUnit),
  allow(["duty-officer"], "evidence.list", sameUnitOrUrgent),
  allow(["auditor"], "evidence.list"),
  allow(["executing-officer"], "evidence.add", sameUnit),
  allow(["supervisor"], "evidence.review", sameUnit),
  allow(["supervisor"], "evidence.release", sameUnit),
  allow(OFFICERS, "evidence.open", sameUnit),
  allow(["case-officer", "supervisor"], "evidence.export", sameUnit),
  allow(["case-officer", "supervisor"], "consent.ask", sameUnit),
  allow(["supervisor"], "consent.answer", sameUnit),
  // The treaties, the States' declarations and this node's identity are public facts: every role reads them.
  allow(ROLES, "treaty.read"),
  allow(ROLES, "node.read"),
  // Statistics are counts (kind, counterpart State, month, outcome, days), never a case's content,
  // but a cell of 1 still tells that a unit has such a case: need-to-know applies to them too.
  // The supervisor answers for their own unit's timeliness and reads the figures of their unit's
  // requests only; the auditor reviews the node's work and reads them for every unit
  // (`statistics.read-all-units`). The scope is applied by compute-statistics.ts, which counts.
  allow(["auditor", "supervisor"], "statistics.read"),
  allow(["auditor"], "statistics.read-all-units"),
];

export function can(actor: Actor, permission: Permission, resource?: Resource): boolean {
  if (actor.kind === "system") return true;
  return PERMISSION_RULES.some(
    (rule) =>
      rule.permission === permission && rule.roles.includes(actor.role) && rule.guard(actor, resource),
  );
}
