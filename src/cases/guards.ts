/**
 * The guards of the transition table. Each returns undefined when it holds, or the error that
 * explains, with the treaty provision behind it where there is one.
 */
import type { Citation } from "../treaty/citation.js";
import { type Finding, hasErrors } from "../treaty/finding.js";
import type { ActionInput } from "./action-input.js";
import { CasesError } from "./errors.js";
import type { GuardName } from "./lifecycle.js";
import type { RequestView } from "./request-view.js";
import type { Actor } from "./roles.js";

/** Provisions behind the procedural guards, taken from the request's treaty pack. */
export type ProcedureCitations = {
  reasonsForRefusal: Citation;
  consultation: Citation;
  postponement: Citation;
  moreInformation: Citation;
  conditions: Citation;
  preservationPeriod: Citation;
};

export type GuardContext = {
  actor: Actor;
  request: RequestView;
  input: ActionInput;
  /** Treaty findings for the request's document, computed by the caller when a guard needs them. */
  findings: readonly Finding[];
  /** Actions already taken on this request, oldest first. */
  history: readonly string[];
  /** Refusal grounds the pack allows for this kind. */
  allowedGrounds: readonly string[];
  citations: ProcedureCitations;
};

type Guard = (context: GuardContext, action: string) => CasesError | undefined;

const GUARDS: Record<GuardName, Guard> = {
  "four-eyes": ({ actor, request }) =>
    actor.kind === "user" && request.draftedBy === actor.id
      ? new CasesError("FOUR_EYES", "four eyes: the person who drafted a request cannot approve or return it")
      : undefined,
  "treaty-valid": ({ findings }) =>
    hasErrors(findings)
      ? new CasesError(
          "VALIDATION_BLOCKS",
          "the request breaks treaty rules; correct the errors the validation lists",
          {
            findings,
          },
        )
      : undefined,
  "reason-given": ({ input, citations }, action) =>
    input.reason
      ? undefined
      : new CasesError(
          "INPUT_REQUIRED",
          `${action} needs a reason`,
          withCitation(reasonCitation(action, citations)),
        ),
  "grounds-and-reasons": ({ input, allowedGrounds, citations }) => {
    const grounds = input.grounds ?? [];
    if (grounds.length === 0 || !input.reason) {
      return new CasesError("INPUT_REQUIRED", "a refusal needs at least one ground and the reasons for it", {
        citation: citations.reasonsForRefusal,
      });
    }
    const unknown = grounds.filter((g) => !allowedGrounds.includes(g));
    return unknown.length > 0
      ? new CasesError(
          "INPUT_REQUIRED",
          `grounds not available for this kind of request: ${unknown.join(", ")}`,
        )
      : undefined;
  },
  "conditions-given": ({ input, citations }) =>
    (input.conditions ?? []).length > 0
      ? undefined
      : new CasesError("INPUT_REQUIRED", "a grant with conditions needs at least one condition", {
          citation: citations.conditions,
        }),
  "consulted-or-justified": ({ input, history, citations }) =>
    history.includes("open-consultation") || input.consultationNotAppropriate
      ? undefined
      : new CasesError(
          "INPUT_REQUIRED",
          "consult the requesting State first, or say why consultation is not appropriate",
          { citation: citations.consultation },
        ),
  "duty-urgent-only": ({ actor, request }) =>
    actor.kind === "user" && actor.role === "duty-officer" && !request.urgentQueue
      ? new CasesError("FORBIDDEN", "the 24/7 duty officer acts only on the urgent queue")
      : undefined,
  "preservation-only": ({ request, input, citations }) => {
    if (request.kind !== "preservation") {
      return new CasesError("TRANSITION_NOT_ALLOWED", "only a preservation can be extended");
    }
    return input.extensionDays
      ? undefined
      : new CasesError("INPUT_REQUIRED", "an extension needs a number of days", {
          citation: citations.preservationPeriod,
        });
  },
};

const withCitation = (citation: Citation | undefined) => (citation ? { citation } : {});

function reasonCitation(action: string, citations: ProcedureCitations): Citation | undefined {
  if (action === "postpone") return citations.postponement;
  if (action === "request-information") return citations.moreInformation;
  if (action === "open-consultation") return citations.consultation;
  return undefined;
}

export function firstFailingGuard(
  guards: readonly GuardName[],
  context: GuardContext,
  action: string,
): CasesError | undefined {
  for (const name of guards) {
    const error = GUARDS[name](context, action);
    if (error) return error;
  }
  return undefined;
}
