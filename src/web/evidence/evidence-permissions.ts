/**
 * Which evidence steps to offer the signed-in person. Evidence answers carry no list of actions as
 * requests do, so this mirrors the node's rules: the roles of src/cases/permissions.ts (every one of
 * them within the request's unit) and the states in which the services accept each step. It only
 * decides which buttons to show; the node checks again, and its refusal is shown if it disagrees.
 * (The rules are copied, not imported: permissions.ts pulls zod into the bundle through roles.ts.)
 */
import type { RequestDetail, Role, SessionView } from "../app/api-types.js";
import type { Consent, EvidenceItem } from "./evidence-types.js";

type Permission =
  | "evidence.add"
  | "evidence.review"
  | "evidence.release"
  | "evidence.open"
  | "evidence.export"
  | "consent.ask"
  | "consent.answer";

/** src/cases/permissions.ts: who may, always in the request's own unit. */
const ROLES_FOR: Readonly<Record<Permission, readonly Role[]>> = {
  "evidence.add": ["executing-officer"],
  "evidence.review": ["supervisor"],
  "evidence.release": ["supervisor"],
  "evidence.open": ["case-officer", "supervisor", "executing-officer"],
  "evidence.export": ["case-officer", "supervisor"],
  "consent.ask": ["case-officer", "supervisor"],
  "consent.answer": ["supervisor"],
};

/** src/services/evidence/upload.ts, TAKING_EVIDENCE. */
const TAKING_EVIDENCE = ["granted", "granted-with-conditions", "partially-granted", "executing"];
/** src/services/evidence/release.ts, RELEASABLE_REQUEST_STATES. */
const RELEASABLE = ["granted", "granted-with-conditions", "partially-granted", "executing", "executed"];
/** src/services/evidence/open-evidence.ts, READABLE_STATES: whole and checked. */
const READABLE = ["sealed", "reviewed", "transmitted", "received"];
/** src/services/evidence/consent.ts: before it is sent, the other State has nothing to consent to. */
const NOT_SENT = ["draft", "awaiting-approval", "approved"];

export type EvidenceRights = {
  upload: boolean;
  export(items: readonly EvidenceItem[]): boolean;
  open(item: EvidenceItem): boolean;
  review(item: EvidenceItem): boolean;
  release(item: EvidenceItem): boolean;
  askConsent: boolean;
  answerConsent(consent: Consent): boolean;
};

export const isReadable = (item: EvidenceItem): boolean => READABLE.includes(item.state);

export function evidenceRights(user: SessionView["user"], request: RequestDetail): EvidenceRights {
  const may = (permission: Permission) =>
    user.unit === request.unit && ROLES_FOR[permission].includes(user.role);
  const incoming = request.direction === "incoming";
  return {
    upload: may("evidence.add") && incoming && TAKING_EVIDENCE.includes(request.state),
    export: (items) => may("evidence.export") && items.some(isReadable),
    open: (item) => may("evidence.open") && isReadable(item),
    review: (item) => may("evidence.review") && item.direction === "held" && item.state === "sealed",
    release: (item) =>
      may("evidence.release") &&
      item.direction === "held" &&
      item.state === "reviewed" &&
      RELEASABLE.includes(request.state),
    askConsent: may("consent.ask") && !incoming && !NOT_SENT.includes(request.state),
    answerConsent: (consent) =>
      may("consent.answer") && consent.direction === "received-request" && consent.status === "pending",
  };
}
