/**
 * The request lifecycle as one transition table: for each action, the direction, the states it
 * may start from, the state it leads to, who may take it, and the guards that must hold.
 * Everything else — the API's "actions you may take next", the UI's buttons, the tests' matrix —
 * is derived from this table, never re-coded.
 */
import type { Role } from "./roles.js";

export const OUTGOING_STATES = [
  "draft",
  "awaiting-approval",
  "approved",
  "sent",
  "delivered",
  "acknowledged",
  "under-review",
  "more-info-requested",
  "consultation",
  "postponed",
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "refused",
  "executing",
  "evidence-received",
  "closed",
  "withdrawn",
] as const;

export const INCOMING_STATES = [
  "received",
  "acknowledged",
  "under-review",
  "more-info-requested",
  "consultation",
  "postponed",
  "granted",
  "granted-with-conditions",
  "partially-granted",
  "refused",
  "executing",
  "executed",
  "closed",
  "withdrawn",
] as const;

export type RequestState = (typeof OUTGOING_STATES)[number] | (typeof INCOMING_STATES)[number];
export type Direction = "outgoing" | "incoming";

export const FINAL_STATES: ReadonlySet<RequestState> = new Set(["closed", "withdrawn"]);

/** Conditions checked before a transition; each is implemented in guards.ts. */
export type GuardName =
  | "four-eyes"
  | "treaty-valid"
  | "reason-given"
  | "grounds-and-reasons"
  | "conditions-given"
  | "consulted-or-justified"
  | "duty-urgent-only"
  | "preservation-only";

export type Transition = {
  action: string;
  direction: Direction;
  from: readonly RequestState[];
  /** `same` keeps the state (an extension, for instance, changes a deadline, not the state). */
  to: RequestState | "same";
  /** `system` is the node acting on a message from the other State. */
  by: readonly (Role | "system")[];
  guards: readonly GuardName[];
};

const DECIDABLE = ["under-review", "consultation"] as const;
const GRANTED = ["granted", "granted-with-conditions", "partially-granted"] as const;
const OUTGOING_AWAITING_DECISION = [
  "under-review",
  "consultation",
  "postponed",
  "more-info-requested",
] as const;
/** Sent and not yet answered in full: the states in which asking about progress makes sense. */
const AWAITING_ANSWER = [
  "sent",
  "delivered",
  "acknowledged",
  ...OUTGOING_AWAITING_DECISION,
  ...GRANTED,
  "executing",
] as const;
const OPEN_OUTGOING = OUTGOING_STATES.filter((s) => !FINAL_STATES.has(s) && s !== "refused");
const OPEN_INCOMING = INCOMING_STATES.filter(
  (s) => !FINAL_STATES.has(s) && s !== "refused" && s !== "executed",
);

const out = (
  action: string,
  from: readonly RequestState[],
  to: Transition["to"],
  by: Transition["by"],
  guards: GuardName[] = [],
): Transition => ({ action, direction: "outgoing", from, to, by, guards });
const inc = (
  action: string,
  from: readonly RequestState[],
  to: Transition["to"],
  by: Transition["by"],
  guards: GuardName[] = [],
): Transition => ({ action, direction: "incoming", from, to, by, guards });

export const TRANSITIONS: readonly Transition[] = [
  // Outgoing: drafted and approved here, then carried by federation; the other State's answers arrive as system actions.
  out("submit", ["draft"], "awaiting-approval", ["case-officer", "duty-officer"], ["treaty-valid"]),
  out("return-to-drafter", ["awaiting-approval"], "draft", ["supervisor"], ["four-eyes", "reason-given"]),
  out("approve", ["awaiting-approval"], "approved", ["supervisor"], ["four-eyes", "treaty-valid"]),
  out("send", ["approved"], "sent", ["system"]),
  out("record-delivery", ["sent"], "delivered", ["system"]),
  out("record-acknowledgement", ["sent", "delivered"], "acknowledged", ["system"]),
  out("record-review", ["acknowledged"], "under-review", ["system"]),
  out("record-info-request", ["under-review", "consultation"], "more-info-requested", ["system"]),
  out(
    "provide-information",
    ["more-info-requested"],
    "under-review",
    ["case-officer", "supervisor"],
    ["reason-given"],
  ),
  out("record-consultation", ["under-review", "postponed"], "consultation", ["system"]),
  out(
    "answer-consultation",
    ["consultation"],
    "under-review",
    ["case-officer", "supervisor"],
    ["reason-given"],
  ),
  out("record-postponement", OUTGOING_AWAITING_DECISION, "postponed", ["system"]),
  out("record-grant", OUTGOING_AWAITING_DECISION, "granted", ["system"]),
  out("record-grant-with-conditions", OUTGOING_AWAITING_DECISION, "granted-with-conditions", ["system"]),
  out("record-partial-grant", OUTGOING_AWAITING_DECISION, "partially-granted", ["system"]),
  out("record-refusal", OUTGOING_AWAITING_DECISION, "refused", ["system"]),
  out("record-execution", GRANTED, "executing", ["system"]),
  out("record-evidence", ["executing", ...GRANTED], "evidence-received", ["system"]),
  out("record-preservation-extended", GRANTED, "same", ["system"]),
  // Art 40(25): the requesting State may ask how its request is going; the state does not change.
  out("inquire-progress", AWAITING_ANSWER, "same", ["case-officer", "supervisor"]),
  out("close", ["evidence-received", "refused", ...GRANTED], "closed", ["case-officer", "supervisor"]),
  out("withdraw", OPEN_OUTGOING, "withdrawn", ["case-officer", "supervisor"], ["reason-given"]),

  // Incoming: received from another State, decided here by a supervisor, carried out by an executing officer.
  inc("acknowledge", ["received"], "acknowledged", ["duty-officer", "supervisor"], ["duty-urgent-only"]),
  inc("begin-review", ["acknowledged"], "under-review", ["duty-officer", "supervisor"], ["duty-urgent-only"]),
  inc("request-information", DECIDABLE, "more-info-requested", ["supervisor"], ["reason-given"]),
  inc("record-information", ["more-info-requested"], "under-review", ["system"]),
  inc("open-consultation", ["under-review", "postponed"], "consultation", ["supervisor"], ["reason-given"]),
  inc("record-consultation-answer", ["consultation"], "under-review", ["system"]),
  inc("grant", DECIDABLE, "granted", ["supervisor", "duty-officer"], ["duty-urgent-only"]),
  inc(
    "grant-with-conditions",
    DECIDABLE,
    "granted-with-conditions",
    ["supervisor", "duty-officer"],
    ["duty-urgent-only", "conditions-given"],
  ),
  inc(
    "grant-partially",
    DECIDABLE,
    "partially-granted",
    ["supervisor"],
    ["grounds-and-reasons", "consulted-or-justified"],
  ),
  inc("postpone", DECIDABLE, "postponed", ["supervisor"], ["reason-given", "consulted-or-justified"]),
  inc("resume", ["postponed"], "under-review", ["supervisor"]),
  inc("refuse", DECIDABLE, "refused", ["supervisor"], ["grounds-and-reasons", "consulted-or-justified"]),
  inc("extend-preservation", GRANTED, "same", ["supervisor", "duty-officer"], ["preservation-only"]),
  inc("start-execution", GRANTED, "executing", ["executing-officer", "supervisor"]),
  inc("complete-execution", ["executing"], "executed", ["executing-officer"], ["reason-given"]),
  inc("close", ["executed", "refused"], "closed", ["supervisor"]),
  inc("record-withdrawal", OPEN_INCOMING, "withdrawn", ["system"]),
];

export function transitionFor(direction: Direction, action: string): Transition | undefined {
  return TRANSITIONS.find((t) => t.direction === direction && t.action === action);
}

/** The transitions that start from this state, whoever may take them. */
export function transitionsFrom(direction: Direction, state: RequestState): Transition[] {
  return TRANSITIONS.filter((t) => t.direction === direction && t.from.includes(state));
}

export function targetState(transition: Transition, current: RequestState): RequestState {
  return transition.to === "same" ? current : transition.to;
}

/** Decisions carry grounds, reasons and conditions; these actions record one. */
export const DECISION_OUTCOMES: Readonly<Record<string, string>> = {
  grant: "granted",
  "grant-with-conditions": "granted-with-conditions",
  "grant-partially": "partially-granted",
  postpone: "postponed",
  refuse: "refused",
  "request-information": "more-info-requested",
  "record-grant": "granted",
  "record-grant-with-conditions": "granted-with-conditions",
  "record-partial-grant": "partially-granted",
  "record-postponement": "postponed",
  "record-info-request": "more-info-requested",
  "record-refusal": "refused",
};
