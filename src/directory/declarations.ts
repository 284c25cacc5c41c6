/**
 * A State's declarations under one treaty: whether it is party, where requests go, which
 * languages and channels it accepts, its reservations and its stance on dual criminality.
 * One document per State per treaty, versioned; the treaty engine reads it as a value.
 */
import { z } from "zod";
import { CitationSchema } from "../treaty/citation.js";
import { LocalizedTextSchema } from "../treaty/languages.js";
import {
  LanguageCodeSchema,
  RequestKindSchema,
  StateCodeSchema,
  TreatyIdSchema,
} from "../treaty/request-document.js";

export const DECLARATIONS_FORMAT = "rogatory.declarations/1" as const;

const AuthorityContactSchema = z.strictObject({
  name: z.string().min(1),
  address: z.string().min(1).optional(),
  email: z.email().optional(),
  phone: z.string().min(1).optional(),
});

export const CHANNELS = ["central-authority", "contact-point-247", "diplomatic", "interpol"] as const;
export const ChannelSchema = z.enum(CHANNELS);

export const ReservationSchema = z.strictObject({
  id: z.string().min(1),
  /** The provision that allows the reservation, e.g. Art 23(3) or Art 46(1). */
  citation: CitationSchema,
  /** Kinds of request the State will not execute at all because of it. */
  excludesKinds: z.array(RequestKindSchema),
  text: LocalizedTextSchema,
});

export const DeclarationsSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(DECLARATIONS_FORMAT),
  state: StateCodeSchema,
  stateName: LocalizedTextSchema,
  treaty: TreatyIdSchema,
  /** Date this version of the declarations took effect. */
  version: z.iso.date(),
  party: z.boolean(),
  /** Date the treaty entered into force for this State, when party. */
  inForceSince: z.iso.date().optional(),
  centralAuthority: AuthorityContactSchema.optional(),
  contactPoint247: AuthorityContactSchema.optional(),
  /** Languages in which the State accepts requests (Art 40(14)). */
  languages: z.array(LanguageCodeSchema).min(1),
  channels: z.array(ChannelSchema).min(1),
  /** Whether the State requires dual criminality: for preservation (Art 42(4)) and for other MLA (Art 40(9)). */
  dualCriminality: z.strictObject({
    preservation: z.boolean(),
    mla: z.enum(["required", "discretionary", "not-required"]),
  }),
  /** Whether the State can keep the fact and substance of a request confidential (Art 40(20)). */
  confidentialityAssured: z.boolean(),
  /** Longest preservation its domestic law allows, in days, before renewal (Art 25(2)). */
  preservationMaxDays: z.number().int().positive().optional(),
  reservations: z.array(ReservationSchema),
});
export type Declarations = z.infer<typeof DeclarationsSchema>;
