/** Checks on what the request says: periods, deadlines, emergencies, linked requests, where the data is. */
import { type CheckFunction, stateLabel } from "./check-context.js";

export const preservationMinimum: CheckFunction = ({ document, kind }) => {
  const rule = kind.timeRules.find((r) => r.type === "preservation-minimum-days");
  const days = document.preservation?.periodDays;
  if (!rule || days === undefined || days >= rule.value) return [];
  return [
    { path: "$.preservation.periodDays", values: { days, minimum: rule.value }, citation: rule.citation },
  ];
};

/** A traffic disclosure always follows a preservation; other requests do when they ask for preserved data. */
export const namesPreservation: CheckFunction = ({ document }) => {
  const related = document.relatedRequests ?? [];
  if (related.some((r) => r.relation === "follows-preservation")) return [];
  const isDisclosure = document.kind === "traffic-disclosure";
  if (!isDisclosure && document.data?.preserved !== true) return [];
  // A traffic disclosure naming no request at all is already the mandatory-field rule's finding.
  if (isDisclosure && related.length === 0) return [];
  return [{ path: "$.relatedRequests" }];
};

export const deadlineReasons: CheckFunction = ({ document }) =>
  document.deadline && !document.deadline.reasons ? [{ path: "$.deadline.reasons" }] : [];

export const emergencyRisk: CheckFunction = ({ document }) =>
  document.urgency === "emergency" && !document.emergency ? [{ path: "$.emergency.riskToLife" }] : [];

/** Sovereignty: data stored in a third State is asked of that State's authority, not taken around it. */
export const thirdStateData: CheckFunction = ({ document, requested }) => {
  const state = document.dataLocation?.state;
  if (!state || state === document.requestedState || state === document.requestingState) return [];
  return [
    {
      path: "$.dataLocation.state",
      values: { state, requested: stateLabel(document.requestedState, requested) },
    },
  ];
};

export const collectionPeriod: CheckFunction = ({ document }) => {
  const period = document.collectionPeriod;
  if (!period) return [];
  const ordered = Date.parse(period.to) > Date.parse(period.from);
  return ordered && period.justification ? [] : [{ path: "$.collectionPeriod" }];
};

export const legalBasisTreaty: CheckFunction = ({ document, pack }) => {
  const bases = document.legalBasis ?? [];
  if (bases.length === 0 || bases.some((b) => b.treaty === pack.id)) return [];
  return [{ path: "$.legalBasis", values: { treaty: pack.id } }];
};
