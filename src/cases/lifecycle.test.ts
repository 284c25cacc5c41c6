/**
 * The transition table, exhaustively: every action from every state, by every role and by the
 * node itself, with guards satisfied — allowed exactly when the table says so — and each guard
 * refusing on its own.
 */
import { describe, expect, it } from "vitest";
import type { ActionInput } from "./action-input.js";
import { availableActions, decideTransition } from "./decide-transition.js";
import { CasesError } from "./errors.js";
import type { GuardContext, ProcedureCitations } from "./guards.js";
import {
  INCOMING_STATES,
  OUTGOING_STATES,
  type RequestState,
  TRANSITIONS,
  type Transition,
} from "./lifecycle.js";
import type { RequestView } from "./request-view.js";
import { type Actor, ROLES, SYSTEM } from "./roles.js";

const CITE = { treaty: "uncc-2024", article: "40" };
const CITATIONS: ProcedureCitations = {
  reasonsForRefusal: { ...CITE, paragraph: "24" },
  consultation: { ...CITE, paragraph: "27" },
  postponement: { ...CITE, paragraph: "26" },
  moreInformation: { ...CITE, paragraph: "16" },
  conditions: { ...CITE, paragraph: "27" },
  preservationPeriod: { treaty: "uncc-2024", article: "42", paragraph: "7" },
};
const FULL_INPUT: ActionInput = {
  reason: "because",
  grounds: ["R-ESSENTIAL"],
  conditions: [{ type: "confidentiality", text: "keep it confidential" }],
  consultationNotAppropriate: "no time",
  extensionDays: 30,
};

const user = (role: (typeof ROLES)[number], unit = "cyber", id = `${role}-1`): Actor => ({
  kind: "user",
  id,
  role,
  unit,
});

function view(
  transition: Transition,
  state: RequestState,
  overrides: Partial<RequestView> = {},
): RequestView {
  return {
    id: "r1",
    direction: transition.direction,
    kind: "preservation",
    state,
    urgency: "urgent",
    urgentQueue: true,
    draftedBy: "someone-else",
    unit: "cyber",
    ...overrides,
  };
}

function context(
  actor: Actor,
  request: RequestView,
  input: ActionInput = FULL_INPUT,
  history: string[] = [],
): GuardContext {
  return {
    actor,
    request,
    input,
    findings: [],
    history,
    allowedGrounds: ["R-ESSENTIAL", "R-DOMLAW"],
    citations: CITATIONS,
  };
}

function attempt(ctx: GuardContext, action: string): string {
  try {
    decideTransition(ctx, action);
    return "ok";
  } catch (error) {
    if (error instanceof CasesError) return error.code;
    throw error;
  }
}

const ACTORS: Actor[] = [...ROLES.map((role) => user(role)), SYSTEM];
const label = (actor: Actor) => (actor.kind === "system" ? "system" : actor.role);

describe("the transition table", () => {
  const cases = TRANSITIONS.flatMap((t) =>
    t.from.map((from) => ({ t, from, name: `${t.direction} ${t.action} from ${from}` })),
  );

  it.each(cases)("$name: allowed exactly for the roles it names", ({ t, from }) => {
    for (const actor of ACTORS) {
      const allowed = t.by.includes(label(actor) as never);
      expect([label(actor), attempt(context(actor, view(t, from)), t.action)]).toEqual([
        label(actor),
        allowed ? "ok" : "FORBIDDEN",
      ]);
    }
  });

  it.each(TRANSITIONS.map((t) => ({ t, name: `${t.direction} ${t.action}` })))(
    "$name: refused from every other state",
    ({ t }) => {
      const states: readonly RequestState[] = t.direction === "outgoing" ? OUTGOING_STATES : INCOMING_STATES;
      const actor = t.by[0] === "system" ? SYSTEM : user(t.by[0] as (typeof ROLES)[number]);
      for (const state of states.filter((s) => !t.from.includes(s))) {
        expect([state, attempt(context(actor, view(t, state)), t.action)]).toEqual([
          state,
          "TRANSITION_NOT_ALLOWED",
        ]);
      }
    },
  );

  it("leads every action to a state of its own direction", () => {
    for (const t of TRANSITIONS) {
      const states: readonly string[] = t.direction === "outgoing" ? OUTGOING_STATES : INCOMING_STATES;
      if (t.to !== "same") expect(states).toContain(t.to);
      for (const from of t.from) expect(states).toContain(from);
    }
  });

  it("refuses an action the table does not know", () => {
    const t = TRANSITIONS[0] as Transition;
    expect(attempt(context(user("supervisor"), view(t, "draft")), "teleport")).toBe("TRANSITION_NOT_ALLOWED");
  });
});

describe("need-to-know", () => {
  const approve = TRANSITIONS.find((t) => t.action === "approve") as Transition;
  const grant = TRANSITIONS.find((t) => t.action === "grant") as Transition;

  it("refuses a supervisor of another unit", () => {
    expect(attempt(context(user("supervisor", "fraud"), view(approve, "awaiting-approval")), "approve")).toBe(
      "FORBIDDEN",
    );
  });

  it("lets the 24/7 duty officer act on another unit's urgent request, and on nothing else", () => {
    const duty = user("duty-officer", "24-7");
    expect(attempt(context(duty, view(grant, "under-review")), "grant")).toBe("ok");
    expect(attempt(context(duty, view(grant, "under-review", { urgentQueue: false })), "grant")).toBe(
      "FORBIDDEN",
    );
  });
});

describe("guards", () => {
  const find = (action: string, direction = "incoming") =>
    TRANSITIONS.find((t) => t.action === action && t.direction === direction) as Transition;

  it("four eyes: the drafter cannot approve or return their own draft", () => {
    for (const action of ["approve", "return-to-drafter"]) {
      const request = view(find(action, "outgoing"), "awaiting-approval", { draftedBy: "supervisor-1" });
      expect(attempt(context(user("supervisor"), request), action)).toBe("FOUR_EYES");
    }
  });

  it("treaty validation errors block submission and approval, warnings do not", () => {
    const request = view(find("approve", "outgoing"), "awaiting-approval");
    const finding = {
      ruleId: "x",
      citation: CITE,
      path: "$",
      message: { ar: "a", zh: "z", en: "e", fr: "f", ru: "r", es: "s" },
    };
    const withError = {
      ...context(user("supervisor"), request),
      findings: [{ ...finding, severity: "error" as const }],
    };
    const withWarning = {
      ...context(user("supervisor"), request),
      findings: [{ ...finding, severity: "warning" as const }],
    };
    expect(attempt(withError, "approve")).toBe("VALIDATION_BLOCKS");
    expect(attempt(withWarning, "approve")).toBe("ok");
  });

  it("a refusal needs grounds from the pack's list and reasons, citing Art 40(24)", () => {
    const refuse = view(find("refuse"), "consultation");
    const error = (input: ActionInput) => {
      try {
        decideTransition(context(user("supervisor"), refuse, input), "refuse");
        return undefined;
      } catch (e) {
        return e as CasesError;
      }
    };
    expect(error({ reason: "r" })?.citation).toEqual(CITATIONS.reasonsForRefusal);
    expect(error({ grounds: ["R-ESSENTIAL"] })?.code).toBe("INPUT_REQUIRED");
    expect(error({ grounds: ["R-DE-MINIMIS"], reason: "r" })?.message).toMatch(/R-DE-MINIMIS/);
    expect(error({ grounds: ["R-ESSENTIAL"], reason: "r", consultationNotAppropriate: "x" })).toBeUndefined();
  });

  it("refusing or postponing needs a consultation first, or a reason why not (Art 40(27))", () => {
    for (const action of ["refuse", "postpone", "grant-partially"]) {
      const request = view(find(action), "under-review");
      const input = { reason: "r", grounds: ["R-ESSENTIAL"] };
      expect(attempt(context(user("supervisor"), request, input), action)).toBe("INPUT_REQUIRED");
      expect(attempt(context(user("supervisor"), request, input, ["open-consultation"]), action)).toBe("ok");
    }
  });

  it("a conditional grant needs conditions; an extension needs days and a preservation", () => {
    const request = view(find("grant-with-conditions"), "under-review");
    expect(attempt(context(user("supervisor"), request, {}), "grant-with-conditions")).toBe("INPUT_REQUIRED");
    const extend = view(find("extend-preservation"), "granted");
    expect(attempt(context(user("supervisor"), extend, {}), "extend-preservation")).toBe("INPUT_REQUIRED");
    expect(
      attempt(context(user("supervisor"), { ...extend, kind: "stored-data" }), "extend-preservation"),
    ).toBe("TRANSITION_NOT_ALLOWED");
  });

  it("reasons are required where the table says so", () => {
    for (const t of TRANSITIONS.filter((x) => x.guards.includes("reason-given"))) {
      const actor = user(t.by[0] as (typeof ROLES)[number]);
      expect([t.action, attempt(context(actor, view(t, t.from[0] as RequestState), {}), t.action)]).toEqual([
        t.action,
        "INPUT_REQUIRED",
      ]);
    }
  });
});

describe("available actions", () => {
  it("lists what this person may do now and nothing a guard about them would refuse", () => {
    const t = TRANSITIONS.find((x) => x.action === "approve") as Transition;
    const own = view(t, "awaiting-approval", { draftedBy: "supervisor-1" });
    expect(availableActions(user("supervisor"), view(t, "awaiting-approval"))).toEqual([
      "return-to-drafter",
      "approve",
      "withdraw",
    ]);
    expect(availableActions(user("supervisor"), own)).toEqual(["withdraw"]);
    expect(availableActions(user("case-officer"), view(t, "awaiting-approval"))).toEqual(["withdraw"]);
    expect(availableActions(user("auditor"), view(t, "awaiting-approval"))).toEqual([]);
  });

  it("never lists an action the table would refuse to the same person", () => {
    for (const t of TRANSITIONS) {
      for (const from of t.from) {
        for (const actor of ACTORS.filter((a) => a.kind === "user")) {
          const request = view(t, from);
          for (const action of availableActions(actor, request)) {
            expect([action, attempt(context(actor, request), action)]).toEqual([action, "ok"]);
          }
        }
      }
    }
  });
});
