/** Checks on the two States: party to the treaty, reservations, languages, channels, stances. */
import { type CheckFunction, type Hit, stateLabel } from "./check-context.js";
import { isConventionOffence } from "./scope.js";

export const statesParty: CheckFunction = ({ document, pack, requesting, requested }) => {
  const hits: Hit[] = [];
  const sides = [
    { code: document.requestingState, declarations: requesting, path: "$.requestingState" },
    { code: document.requestedState, declarations: requested, path: "$.requestedState" },
  ];
  for (const side of sides) {
    const d = side.declarations;
    const party = d !== undefined && d.state === side.code && d.treaty === pack.id && d.party;
    if (!party) hits.push({ path: side.path, values: { state: stateLabel(side.code, d) } });
  }
  return hits;
};

export const reservationExcludesKind: CheckFunction = ({ document, requested }) =>
  (requested?.reservations ?? [])
    .filter((reservation) => reservation.excludesKinds.includes(document.kind))
    .map((reservation) => ({
      path: "$.kind",
      citation: reservation.citation,
      values: { state: stateLabel(document.requestedState, requested), reservation: reservation.text },
    }));

export const languageAccepted: CheckFunction = ({ document, requested }) => {
  if (!requested) return [];
  const written = [document.languages.request, ...(document.languages.translations ?? [])];
  if (written.some((language) => requested.languages.includes(language))) return [];
  return [
    {
      path: "$.languages",
      values: {
        state: stateLabel(document.requestedState, requested),
        language: written.join(", "),
        accepted: requested.languages.join(", "),
      },
    },
  ];
};

export const channelAccepted: CheckFunction = ({ document, requested }) => {
  if (!requested || !document.channel || requested.channels.includes(document.channel)) return [];
  return [
    {
      path: "$.channel",
      values: {
        state: stateLabel(document.requestedState, requested),
        channel: document.channel,
        accepted: requested.channels.join(", "),
      },
    },
  ];
};

export const interpolUrgentOnly: CheckFunction = ({ document }) =>
  document.channel === "interpol" && document.urgency === "normal" ? [{ path: "$.channel" }] : [];

/**
 * A requested State that requires dual criminality may refuse without a statement that the conduct
 * is an offence there too. Some treaties bar that for their own offences (Budapest Art 29(4)): the
 * pack says so with `exemptConventionOffences`.
 */
export const dualCriminality: CheckFunction = ({ document, requested, pack }, rule) => {
  if (!requested || document.dualCriminality) return [];
  if (rule.exemptConventionOffences && (document.offences ?? []).some((o) => isConventionOffence(pack, o)))
    return [];
  const required =
    document.kind === "preservation"
      ? requested.dualCriminality.preservation
      : requested.dualCriminality.mla === "required";
  return required
    ? [{ path: "$.dualCriminality", values: { state: stateLabel(document.requestedState, requested) } }]
    : [];
};

export const confidentialityAssured: CheckFunction = ({ document, requested }) =>
  document.confidentiality?.required && requested?.confidentialityAssured === false
    ? [{ path: "$.confidentiality", values: { state: stateLabel(document.requestedState, requested) } }]
    : [];
