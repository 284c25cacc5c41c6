/**
 * Deadlines a request carries, derived from the pack's time rules and the request itself:
 * a preservation's expiry (the treaty minimum, 60 days, or the longer period asked for), the
 * response target of urgent kinds, and the deadline the requesting State suggested with reasons.
 * Pure: the caller stores what this returns.
 */
import type { Citation } from "../treaty/citation.js";
import type { KindDefinition } from "../treaty/pack-schema.js";
import type { RequestDocument } from "../treaty/request-document.js";

export type DeadlineKind = "preservation-expiry" | "response-target" | "requested";

export type DeadlinePlan = { kind: DeadlineKind; dueAt: Date; remindAt: Date | null; citation: Citation };

const DAY = 86_400_000;
const HOUR = 3_600_000;

const rule = (kind: KindDefinition, type: KindDefinition["timeRules"][number]["type"]) =>
  kind.timeRules.find((r) => r.type === type);

/** When a preservation is granted: it runs at least the treaty minimum, longer if the request asked for longer. */
export function preservationExpiry(
  kind: KindDefinition,
  document: RequestDocument,
  grantedAt: Date,
): DeadlinePlan | undefined {
  const minimum = rule(kind, "preservation-minimum-days");
  if (!minimum) return undefined;
  const days = Math.max(minimum.value, document.preservation?.periodDays ?? 0);
  const dueAt = new Date(grantedAt.getTime() + days * DAY);
  return {
    kind: "preservation-expiry",
    dueAt,
    remindAt: reminderFor(kind, dueAt),
    citation: minimum.citation,
  };
}

export function extendedExpiry(
  kind: KindDefinition,
  dueAt: Date,
  extensionDays: number,
): DeadlinePlan | undefined {
  const minimum = rule(kind, "preservation-minimum-days");
  if (!minimum) return undefined;
  const extended = new Date(dueAt.getTime() + extensionDays * DAY);
  return {
    kind: "preservation-expiry",
    dueAt: extended,
    remindAt: reminderFor(kind, extended),
    citation: minimum.citation,
  };
}

function reminderFor(kind: KindDefinition, dueAt: Date): Date | null {
  const reminder = rule(kind, "reminder-before-expiry-days");
  return reminder ? new Date(dueAt.getTime() - reminder.value * DAY) : null;
}

/** Deadlines that start when a request arrives: the urgent response target, and the one the requesting State asked for. */
export function deadlinesOnReceipt(
  kind: KindDefinition,
  document: RequestDocument,
  receivedAt: Date,
  deadlineCitation: Citation,
): DeadlinePlan[] {
  const plans: DeadlinePlan[] = [];
  const target = rule(kind, "target-response-hours");
  if (target) {
    const dueAt = new Date(receivedAt.getTime() + target.value * HOUR);
    plans.push({ kind: "response-target", dueAt, remindAt: null, citation: target.citation });
  }
  if (document.deadline) {
    const dueAt = new Date(`${document.deadline.date}T23:59:59.999Z`);
    plans.push({
      kind: "requested",
      dueAt,
      remindAt: new Date(dueAt.getTime() - 3 * DAY),
      citation: deadlineCitation,
    });
  }
  return plans;
}
