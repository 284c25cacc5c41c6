/**
 * The closed lists of the request document (kinds of authority, roles of persons, identifier
 * types …), written out for the form because the bundle carries no server code; each list is
 * checked against the document's own type, so a value the node would refuse fails `tsc`.
 */
import type { Condition } from "../../cases/action-input.js";
import type { Identifier, RequestDocument } from "../../treaty/request-document.js";

type Of<T> = NonNullable<T>;

export const AUTHORITY_KINDS = [
  "central-authority",
  "contact-point-247",
  "prosecutor",
  "court",
  "police",
  "other",
] as const satisfies readonly Of<Of<RequestDocument["requestingAuthority"]>["kind"]>[];

export const PENALTY_KINDS = [
  "imprisonment",
  "life-imprisonment",
  "death",
  "fine-only",
] as const satisfies readonly Of<Of<RequestDocument["offences"]>[number]["maximumPenalty"]>["kind"][];

export const PERSON_ROLES = [
  "suspect",
  "accused",
  "person-sought",
  "victim",
  "witness",
  "account-holder",
  "other",
] as const satisfies readonly Of<RequestDocument["persons"]>[number]["role"][];

export const IDENTIFIER_TYPES = [
  "account",
  "email",
  "phone",
  "domain",
  "ip",
  "wallet",
  "device",
] as const satisfies readonly Identifier["type"][];

export const DATA_CATEGORIES = ["subscriber", "traffic", "content"] as const satisfies readonly Of<
  Of<RequestDocument["data"]>["categories"]
>[number][];

export const CUSTODIAN_KINDS = [
  "service-provider",
  "financial-institution",
  "public-body",
  "person",
  "other",
] as const satisfies readonly Of<Of<RequestDocument["custodian"]>["kind"]>[];

export const RELATIONS = [
  "follows-preservation",
  "follows",
  "supersedes",
  "related",
] as const satisfies readonly Of<RequestDocument["relatedRequests"]>[number]["relation"][];

export const STAGES = ["investigation", "prosecution", "trial", "enforcement"] as const satisfies readonly Of<
  RequestDocument["proceedings"]
>["stage"][];

export const AUTHORISATIONS = ["judicial", "independent", "other"] as const satisfies readonly Of<
  RequestDocument["safeguards"]
>["authorisation"][];

export const CHANNELS = [
  "central-authority",
  "contact-point-247",
  "diplomatic",
  "interpol",
] as const satisfies readonly Of<RequestDocument["channel"]>[];

export const URGENCIES = [
  "normal",
  "urgent",
  "emergency",
] as const satisfies readonly RequestDocument["urgency"][];

export const CONDITION_TYPES = [
  "confidentiality",
  "use-limitation",
  "data-protection",
  "costs",
  "other",
] as const satisfies readonly Condition["type"][];

/** Every value above, each shown with `requests.value.<value>`. */
export type EnumValue =
  | (typeof AUTHORITY_KINDS)[number]
  | (typeof PENALTY_KINDS)[number]
  | (typeof PERSON_ROLES)[number]
  | (typeof IDENTIFIER_TYPES)[number]
  | (typeof DATA_CATEGORIES)[number]
  | (typeof CUSTODIAN_KINDS)[number]
  | (typeof RELATIONS)[number]
  | (typeof STAGES)[number]
  | (typeof AUTHORISATIONS)[number]
  | (typeof CHANNELS)[number]
  | (typeof URGENCIES)[number]
  | (typeof CONDITION_TYPES)[number];

const ALL: ReadonlySet<string> = new Set<string>([
  ...AUTHORITY_KINDS,
  ...PENALTY_KINDS,
  ...PERSON_ROLES,
  ...IDENTIFIER_TYPES,
  ...DATA_CATEGORIES,
  ...CUSTODIAN_KINDS,
  ...RELATIONS,
  ...STAGES,
  ...AUTHORISATIONS,
  ...CHANNELS,
  ...URGENCIES,
  ...CONDITION_TYPES,
]);

export const isEnumValue = (value: unknown): value is EnumValue =>
  typeof value === "string" && ALL.has(value);
