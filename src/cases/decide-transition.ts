/**
 * Decides whether an actor may take an action on a request now, and lists the actions they may
 * take next. Pure: the caller loads the request and its history and persists the outcome.
 */
import { CasesError } from "./errors.js";
import { firstFailingGuard, type GuardContext } from "./guards.js";
import {
  type RequestState,
  type Transition,
  targetState,
  transitionFor,
  transitionsFrom,
} from "./lifecycle.js";
import { can } from "./permissions.js";
import type { RequestView } from "./request-view.js";
import type { Actor } from "./roles.js";

/** Roles and need-to-know, before any guard: may this actor take this transition on this request at all? */
export function mayAttempt(actor: Actor, transition: Transition, request: RequestView): boolean {
  if (actor.kind === "system") return transition.by.includes("system");
  if (!transition.by.includes(actor.role)) return false;
  return can(actor, "request.read", { unit: request.unit, urgentQueue: request.urgentQueue });
}

export type TransitionOutcome = { transition: Transition; from: RequestState; to: RequestState };

export function decideTransition(context: GuardContext, action: string): TransitionOutcome {
  const { actor, request } = context;
  const transition = transitionFor(request.direction, action);
  if (!transition)
    throw new CasesError("TRANSITION_NOT_ALLOWED", `no action "${action}" on ${request.direction} requests`);
  if (!mayAttempt(actor, transition, request)) {
    throw new CasesError("FORBIDDEN", `your role may not ${action} this request`);
  }
  if (!transition.from.includes(request.state)) {
    throw new CasesError("TRANSITION_NOT_ALLOWED", `cannot ${action} a request that is ${request.state}`);
  }
  const failure = firstFailingGuard(transition.guards, context, action);
  if (failure) throw failure;
  return { transition, from: request.state, to: targetState(transition, request.state) };
}

/**
 * The actions this person may take next, as shown to them. Guards that depend on what they will
 * type (reasons, grounds) are left to the attempt; guards about who they are apply now.
 */
export function availableActions(actor: Actor, request: RequestView): string[] {
  return transitionsFrom(request.direction, request.state)
    .filter((t) => actor.kind === "user" && mayAttempt(actor, t, request))
    .filter(
      (t) => !(t.guards.includes("four-eyes") && actor.kind === "user" && request.draftedBy === actor.id),
    )
    .filter(
      (t) =>
        !(
          t.guards.includes("duty-urgent-only") &&
          actor.kind === "user" &&
          actor.role === "duty-officer" &&
          !request.urgentQueue
        ),
    )
    .filter((t) => !(t.guards.includes("preservation-only") && request.kind !== "preservation"))
    .map((t) => t.action);
}
