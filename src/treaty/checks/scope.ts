/**
 * Whether the offences open the requested kind of cooperation: convention offences, serious crimes
 * (maximum penalty at or above the pack's threshold), and the extradition penalty threshold.
 */
import type { Pack } from "../pack-schema.js";
import type { RequestDocument } from "../request-document.js";
import type { CheckFunction } from "./check-context.js";

type Offence = NonNullable<RequestDocument["offences"]>[number];

export const isConventionOffence = (pack: Pack, offence: Offence): boolean =>
  offence.conventionOffence !== undefined && pack.offences.some((o) => o.code === offence.conventionOffence);

/** Life imprisonment and death count as above any threshold in years. */
function penaltyAtLeast(offence: Offence, years: number): boolean {
  const penalty = offence.maximumPenalty;
  if (!penalty) return false;
  if (penalty.kind === "life-imprisonment" || penalty.kind === "death") return true;
  return penalty.kind === "imprisonment" && penalty.years !== undefined && penalty.years >= years;
}

export const scopeSeriousCrime: CheckFunction = ({ document, kind, pack }) => {
  const minimum = pack.thresholds.seriousCrimeMinYears;
  const offences = document.offences ?? [];
  if (kind.scope !== "convention-or-serious" || minimum === null || offences.length === 0) return [];
  const inScope = offences.some((o) => isConventionOffence(pack, o) || penaltyAtLeast(o, minimum));
  return inScope ? [] : [{ path: "$.offences", values: { minimum } }];
};

export const scopeConventionOffence: CheckFunction = ({ document, kind, pack }) => {
  const offences = document.offences ?? [];
  if (kind.scope !== "convention-offence" || offences.length === 0) return [];
  return offences.some((o) => isConventionOffence(pack, o)) ? [] : [{ path: "$.offences" }];
};

export const extraditionPenalty: CheckFunction = ({ document, pack }) => {
  const offences = document.offences ?? [];
  if (offences.length === 0) return [];
  const minimum = pack.thresholds.extraditionMinYears;
  return offences.some((o) => penaltyAtLeast(o, minimum))
    ? []
    : [{ path: "$.offences", values: { minimum } }];
};
