/**
 * The rules engine: checks a request document against a treaty pack and both States' declarations.
 *
 * It returns findings and never throws, whatever it is given: the document comes from an officer
 * or from another State's node and is not trusted. Which checks run, how grave each is, and what
 * it cites all come from the pack.
 */
import type { Declarations } from "../directory/declarations.js";
import type { CheckContext, CheckFunction, Hit } from "./checks/check-context.js";
import {
  collectionPeriod,
  deadlineReasons,
  emergencyRisk,
  legalBasisTreaty,
  namesPreservation,
  preservationMinimum,
  thirdStateData,
} from "./checks/contents.js";
import {
  channelAccepted,
  confidentialityAssured,
  dualCriminality,
  interpolUrgentOnly,
  languageAccepted,
  reservationExcludesKind,
  statesParty,
} from "./checks/parties.js";
import { extraditionPenalty, scopeConventionOffence, scopeSeriousCrime } from "./checks/scope.js";
import { type Finding, sortFindings } from "./finding.js";
import { isPresent, toJsonPath, valueAt } from "./json-path.js";
import { fillTemplate, type LocalizedText } from "./languages.js";
import type { Check, FieldRule, Pack, Rule, Severity } from "./pack-schema.js";
import { RequestDocumentSchema } from "./request-document.js";

/** Checks that run after the document has been read; the first two are handled before. */
const CHECK_FUNCTIONS: Record<Exclude<Check, "document-shape" | "kind-provided">, CheckFunction> = {
  "states-party": statesParty,
  "reservation-excludes-kind": reservationExcludesKind,
  "scope-serious-crime": scopeSeriousCrime,
  "scope-convention-offence": scopeConventionOffence,
  "extradition-penalty": extraditionPenalty,
  "language-accepted": languageAccepted,
  "channel-accepted": channelAccepted,
  "interpol-urgent-only": interpolUrgentOnly,
  "dual-criminality": dualCriminality,
  "preservation-minimum": preservationMinimum,
  "names-preservation": namesPreservation,
  "deadline-reasons": deadlineReasons,
  "emergency-risk": emergencyRisk,
  "third-state-data": thirdStateData,
  "collection-period": collectionPeriod,
  "confidentiality-assured": confidentialityAssured,
  "legal-basis-treaty": legalBasisTreaty,
};

export function validate(
  request: unknown,
  pack: Pack,
  requestingDeclarations: Declarations | undefined,
  requestedDeclarations: Declarations | undefined,
): Finding[] {
  const parsed = RequestDocumentSchema.safeParse(request);
  if (!parsed.success) {
    const rule = rulesFor(pack, "document-shape")[0];
    if (!rule) return [];
    return parsed.error.issues.map((issue) =>
      finding(rule, { path: toJsonPath(issue.path), values: { detail: issue.message } }),
    );
  }
  const document = parsed.data;
  const kind = pack.kinds.find((k) => k.id === document.kind);
  if (!kind?.provided) {
    return rulesFor(pack, "kind-provided").map((rule) =>
      finding(rule, { path: "$.kind", values: { kind: document.kind } }),
    );
  }
  const context: CheckContext = {
    document,
    kind,
    pack,
    requesting: requestingDeclarations,
    requested: requestedDeclarations,
  };
  const findings = [
    ...fieldFindings(kind.mandatory, document, "error", pack.templates.mandatory),
    ...fieldFindings(kind.recommended, document, "warning", pack.templates.recommended),
  ];
  for (const rule of pack.rules) {
    if (rule.check === "document-shape" || rule.check === "kind-provided") continue;
    if (rule.kinds && !rule.kinds.includes(document.kind)) continue;
    for (const hit of CHECK_FUNCTIONS[rule.check](context, rule)) findings.push(finding(rule, hit));
  }
  return sortFindings(findings);
}

function rulesFor(pack: Pack, check: Check): Rule[] {
  return pack.rules.filter((rule) => rule.check === check);
}

function finding(rule: Rule, hit: Hit): Finding {
  return {
    severity: rule.severity,
    ruleId: rule.id,
    citation: hit.citation ?? rule.citation,
    path: hit.path,
    message: fillTemplate(rule.message, hit.values ?? {}),
  };
}

function fieldFindings(
  rules: readonly FieldRule[],
  document: unknown,
  severity: Severity,
  template: LocalizedText,
): Finding[] {
  return rules
    .filter((rule) => !isPresent(valueAt(document, rule.path)))
    .map((rule) => ({
      severity,
      ruleId: rule.id,
      citation: rule.citation,
      path: rule.path,
      message: fillTemplate(template, { label: rule.label }),
    }));
}
