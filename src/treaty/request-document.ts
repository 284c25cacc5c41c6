/**
 * The request document: what an officer writes and what one State sends another.
 *
 * The schema checks shape only (types, formats, enumerations). Which contents are mandatory for a
 * kind of request is treaty data, decided by the rules engine from the pack, so nearly every
 * content field is optional here. The format is versioned by `format`; a new major version gets a
 * new literal and a migration, never a silent change.
 */
import { z } from "zod";

export const REQUEST_FORMAT = "rogatory.request/1" as const;

export const REQUEST_KINDS = [
  "preservation",
  "traffic-disclosure",
  "stored-data",
  "real-time-traffic",
  "interception",
  "general-mla",
  "spontaneous-information",
  "urgent-contact",
  "extradition",
  "freezing-confiscation",
  "technical-assistance",
] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

/** ISO 3166 alpha-2, including the user-assigned codes (XA, XB, XC) our demo States use. */
export const StateCodeSchema = z.string().regex(/^[A-Z]{2}$/, "a two-letter State code such as XA");
export const TreatyIdSchema = z.string().regex(/^[a-z0-9-]+$/, "a treaty pack id such as uncc-2024");
/** Any written language as an ISO 639-1 code; the requested State's accepted ones come from its declarations. */
export const LanguageCodeSchema = z.string().regex(/^[a-z]{2}$/, "an ISO 639-1 language code such as fr");

const text = z.string().trim().min(1);
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

const ContactSchema = z.strictObject({
  email: z.email().optional(),
  phone: text.optional(),
  address: text.optional(),
});

export const AuthoritySchema = z.strictObject({
  name: text,
  kind: z
    .enum(["central-authority", "contact-point-247", "prosecutor", "court", "police", "other"])
    .optional(),
  function: text.optional(),
  contact: ContactSchema.optional(),
});

export const LegalBasisSchema = z.strictObject({
  treaty: TreatyIdSchema,
  article: text,
  paragraph: text.optional(),
});

export const MaximumPenaltySchema = z.strictObject({
  kind: z.enum(["imprisonment", "life-imprisonment", "death", "fine-only"]),
  /** Years of imprisonment; required for `imprisonment`. */
  years: z.number().min(0).max(100).optional(),
});

export const OffenceSchema = z.strictObject({
  /** Code from the pack's offence catalogue (UNCC-07, BUD-02 …) where the conduct is a convention offence. */
  conventionOffence: z
    .string()
    .regex(/^[A-Z]+-\d{2}$/)
    .optional(),
  provision: text.optional(),
  description: text.optional(),
  maximumPenalty: MaximumPenaltySchema.optional(),
});

export const PersonSchema = z.strictObject({
  role: z.enum(["suspect", "accused", "person-sought", "victim", "witness", "account-holder", "other"]),
  name: text.optional(),
  dateOfBirth: isoDate.optional(),
  nationality: StateCodeSchema.optional(),
  location: text.optional(),
  description: text.optional(),
});

const ip = z.union([z.ipv4(), z.ipv6()]);
export const IdentifierSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("account"), service: text, value: text }),
  z.strictObject({ type: z.literal("email"), value: z.email() }),
  z.strictObject({
    type: z.literal("phone"),
    value: z.string().regex(/^\+[1-9]\d{6,14}$/, "E.164, e.g. +15550100"),
  }),
  z.strictObject({
    type: z.literal("domain"),
    value: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "a domain name"),
  }),
  z.strictObject({
    type: z.literal("ip"),
    address: ip,
    /** An IP address alone identifies nobody: providers need the moment, its zone, and the port behind NAT. */
    timestamp: isoDateTime,
    timeZone: text,
    port: z.number().int().min(0).max(65535).optional(),
  }),
  z.strictObject({ type: z.literal("wallet"), currency: text.optional(), value: text }),
  z.strictObject({
    type: z.literal("device"),
    imei: z
      .string()
      .regex(/^\d{15}$/)
      .optional(),
    serial: text.optional(),
    description: text.optional(),
  }),
]);
export type Identifier = z.infer<typeof IdentifierSchema>;

export const DataSchema = z.strictObject({
  categories: z
    .array(z.enum(["subscriber", "traffic", "content"]))
    .min(1)
    .optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  description: text.optional(),
  linkToOffence: text.optional(),
  /** The data was preserved at our earlier request; the preservation must then be named. */
  preserved: z.boolean().optional(),
});

export const CustodianSchema = z.strictObject({
  name: text,
  kind: z.enum(["service-provider", "financial-institution", "public-body", "person", "other"]).optional(),
  /** State where the custodian is established. */
  establishedIn: StateCodeSchema.optional(),
  address: text.optional(),
});

export const DataLocationSchema = z.strictObject({
  /** State where the data is believed to be stored. */
  state: StateCodeSchema.optional(),
  system: text.optional(),
});

export const RelatedRequestSchema = z.strictObject({
  relation: z.enum(["follows-preservation", "follows", "supersedes", "related"]),
  reference: text,
  /** Date the requested State confirmed the preservation; the 60-day clock runs from it. */
  confirmedOn: isoDate.optional(),
});

export const PropertySchema = z.strictObject({
  description: text,
  location: text.optional(),
  estimatedValue: z
    .strictObject({ amount: z.number().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) })
    .optional(),
});

export const RequestDocumentSchema = z.strictObject({
  format: z.literal(REQUEST_FORMAT),
  kind: RequestKindSchema,
  /** The requesting State's own reference for this request. */
  reference: text,
  requestingState: StateCodeSchema,
  requestedState: StateCodeSchema,
  channel: z.enum(["central-authority", "contact-point-247", "diplomatic", "interpol"]).optional(),
  legalBasis: z.array(LegalBasisSchema).min(1).optional(),
  requestingAuthority: AuthoritySchema.optional(),
  proceedings: z
    .strictObject({
      stage: z.enum(["investigation", "prosecution", "trial", "enforcement"]),
      subject: text,
      conductingAuthority: AuthoritySchema.optional(),
    })
    .optional(),
  facts: text.optional(),
  assistanceSought: text.optional(),
  requestedProcedures: z.array(text).optional(),
  purpose: text.optional(),
  offences: z.array(OffenceSchema).optional(),
  dualCriminality: z.strictObject({ statement: text, requestedStateProvision: text.optional() }).optional(),
  persons: z.array(PersonSchema).optional(),
  identifiers: z.array(IdentifierSchema).optional(),
  data: DataSchema.optional(),
  custodian: CustodianSchema.optional(),
  dataLocation: DataLocationSchema.optional(),
  necessity: text.optional(),
  /** For a preservation: the requesting State will follow with an MLA request for the data. */
  mlaToFollow: z.literal(true).optional(),
  preservation: z.strictObject({ periodDays: z.number().int().positive() }).optional(),
  collectionPeriod: z
    .strictObject({ from: isoDateTime, to: isoDateTime, justification: text.optional() })
    .optional(),
  safeguards: z
    .strictObject({
      authorisedBy: text,
      authorisation: z.enum(["judicial", "independent", "other"]),
      grounds: text.optional(),
      proportionality: text.optional(),
    })
    .optional(),
  urgency: z.enum(["normal", "urgent", "emergency"]).default("normal"),
  emergency: z.strictObject({ riskToLife: text }).optional(),
  deadline: z.strictObject({ date: isoDate, reasons: text.optional() }).optional(),
  confidentiality: z
    .strictObject({
      required: z.boolean(),
      noUserNotification: z.boolean().optional(),
      reasons: text.optional(),
    })
    .optional(),
  useLimitations: z.array(text).optional(),
  languages: z.strictObject({
    request: LanguageCodeSchema,
    translations: z.array(LanguageCodeSchema).optional(),
  }),
  relatedRequests: z.array(RelatedRequestSchema).optional(),
  property: z.array(PropertySchema).optional(),
  warrant: z.strictObject({ issuedBy: text, date: isoDate, reference: text.optional() }).optional(),
  information: text.optional(),
  assistanceArea: text.optional(),
});
export type RequestDocument = z.infer<typeof RequestDocumentSchema>;
/** What an author writes: `urgency` may be left out and defaults to normal. */
export type RequestDocumentInput = z.input<typeof RequestDocumentSchema>;

/** JSON Schema (draft 2020-12) of the request document, for other implementations and editors. */
export function requestJsonSchema(): Record<string, unknown> {
  return {
    $id: "urn:rogatory:schema:request:1",
    title: "Rogatory request document, format 1",
    ...z.toJSONSchema(RequestDocumentSchema, { io: "input" }),
  };
}
