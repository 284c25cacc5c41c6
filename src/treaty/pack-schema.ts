/**
 * Treaty packs: a treaty's offence catalogue, request kinds, mandatory contents, refusal grounds,
 * time rules and checks, as data. The engine reads a pack; a new treaty or a corrected paragraph is a
 * change to a JSON file under `packs/`, never to code.
 */
import { z } from "zod";
import { CitationSchema } from "./citation.js";
import { LocalizedTextSchema } from "./languages.js";
import { RequestKindSchema } from "./request-document.js";

export const PACK_FORMAT = "rogatory.pack/1" as const;

/** Rule ids are stable forever: findings, stored decisions and translations refer to them. */
const RuleIdSchema = z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, "a dotted rule id such as uncc.42.2.a");

/** A JSON path into the request document, e.g. `$.requestingAuthority` or `$.data.linkToOffence`. */
export const FieldPathSchema = z.string().regex(/^\$(\.[A-Za-z]+)+$/);

export const SeveritySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const FieldRuleSchema = z.strictObject({
  id: RuleIdSchema,
  path: FieldPathSchema,
  citation: CitationSchema,
  /** What the field holds, as a short noun phrase, e.g. "the authority making the request". */
  label: LocalizedTextSchema,
});
export type FieldRule = z.infer<typeof FieldRuleSchema>;

/**
 * The checks the engine knows how to run. Each is code, parameterised by the pack; a pack chooses
 * which apply, to which kinds, with what severity, citation and message.
 */
export const CHECKS = [
  "document-shape",
  "kind-provided",
  "states-party",
  "reservation-excludes-kind",
  "scope-serious-crime",
  "scope-convention-offence",
  "extradition-penalty",
  "language-accepted",
  "channel-accepted",
  "interpol-urgent-only",
  "dual-criminality",
  "preservation-minimum",
  "names-preservation",
  "deadline-reasons",
  "emergency-risk",
  "third-state-data",
  "collection-period",
  "confidentiality-assured",
  "legal-basis-treaty",
] as const;
export const CheckSchema = z.enum(CHECKS);
export type Check = z.infer<typeof CheckSchema>;

export const RuleSchema = z.strictObject({
  id: RuleIdSchema,
  check: CheckSchema,
  severity: SeveritySchema,
  citation: CitationSchema,
  /** Kinds the rule applies to; absent means every kind. */
  kinds: z.array(RequestKindSchema).min(1).optional(),
  /** Placeholders in braces are filled by the check: {state}, {language}, {days}, {minimum} … */
  message: LocalizedTextSchema,
  /** For dual-criminality rules: the treaty forbids requiring it for its own offences (Budapest Art 29(4)). */
  exemptConventionOffences: z.boolean().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const TimeRuleSchema = z.strictObject({
  id: RuleIdSchema,
  type: z.enum(["preservation-minimum-days", "reminder-before-expiry-days", "target-response-hours"]),
  value: z.number().int().positive(),
  citation: CitationSchema,
  /** A suggestion of ours (e.g. reminder days), not a treaty obligation. */
  advisory: z.boolean().optional(),
});

export const KindSchema = z.strictObject({
  id: RequestKindSchema,
  title: LocalizedTextSchema,
  citation: CitationSchema,
  /** False where the treaty has no such procedure; requests of this kind are then refused by the engine. */
  provided: z.boolean(),
  /** Urgent kinds go to the 24/7 queue on the receiving node. */
  urgentQueue: z.boolean(),
  /**
   * Which offences open this kind: any offence the treaty covers, convention offences only, or any
   * offence meeting the serious-crime threshold when it is not a convention offence.
   */
  scope: z.enum(["any-offence", "convention-offence", "convention-or-serious", "none"]),
  mandatory: z.array(FieldRuleSchema),
  recommended: z.array(FieldRuleSchema),
  refusalGrounds: z.array(z.string().regex(/^R-[A-Z-]+$/)),
  timeRules: z.array(TimeRuleSchema),
  /** Declarations and reservations that change how this kind is handled, with the provision allowing them. */
  changedBy: z.array(z.strictObject({ declaration: z.string().min(1), citation: CitationSchema })),
});
export type KindDefinition = z.infer<typeof KindSchema>;

export const OffenceDefinitionSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]+-\d{2}$/),
  citation: CitationSchema,
  title: LocalizedTextSchema,
});

export const RefusalGroundSchema = z.strictObject({
  code: z.string().regex(/^R-[A-Z-]+$/),
  citation: CitationSchema,
  title: LocalizedTextSchema,
  /** Some entries in the catalogue are explicitly *not* grounds (bank secrecy, fiscal matters alone). */
  notAGround: z.boolean().optional(),
});

export const PackSchema = z
  .strictObject({
    $schema: z.string().optional(),
    format: z.literal(PACK_FORMAT),
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: LocalizedTextSchema,
    source: z.string().min(1),
    thresholds: z.strictObject({
      /** Maximum penalty in years at or above which a non-convention offence is a serious crime; null where the treaty has no such test. */
      seriousCrimeMinYears: z.number().positive().nullable(),
      extraditionMinYears: z.number().positive(),
    }),
    templates: z.strictObject({ mandatory: LocalizedTextSchema, recommended: LocalizedTextSchema }),
    /** Provisions behind the procedural rules of the lifecycle: reasons for refusal, consultation, … */
    procedures: z.strictObject({
      reasonsForRefusal: CitationSchema,
      consultation: CitationSchema,
      postponement: CitationSchema,
      moreInformation: CitationSchema,
      conditions: CitationSchema,
      preservationPeriod: CitationSchema,
      noLongerRequired: CitationSchema,
    }),
    offences: z.array(OffenceDefinitionSchema).min(1),
    refusalGrounds: z.array(RefusalGroundSchema).min(1),
    kinds: z.array(KindSchema),
    rules: z.array(RuleSchema),
  })
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    const ruleIds = [
      ...pack.rules.map((r) => r.id),
      ...pack.kinds.flatMap((k) => [...k.mandatory, ...k.recommended, ...k.timeRules].map((r) => r.id)),
    ];
    for (const id of ruleIds) {
      if (seen.has(id)) ctx.addIssue({ code: "custom", message: `rule id ${id} is used twice` });
      seen.add(id);
    }
    const grounds = new Set(pack.refusalGrounds.map((g) => g.code));
    for (const kind of pack.kinds) {
      for (const code of kind.refusalGrounds) {
        if (!grounds.has(code))
          ctx.addIssue({ code: "custom", message: `kind ${kind.id} names unknown ground ${code}` });
      }
    }
    const kinds = new Set(pack.kinds.map((k) => k.id));
    for (const kind of RequestKindSchema.options) {
      if (!kinds.has(kind))
        ctx.addIssue({ code: "custom", message: `the pack does not say whether it provides ${kind}` });
    }
    for (const rule of pack.rules) {
      if (rule.citation.treaty !== pack.id) {
        ctx.addIssue({
          code: "custom",
          message: `rule ${rule.id} cites another treaty (${rule.citation.treaty})`,
        });
      }
    }
    // The engine needs these two to report anything at all about a document it cannot read.
    for (const check of ["document-shape", "kind-provided"] as const) {
      if (!pack.rules.some((r) => r.check === check)) {
        ctx.addIssue({ code: "custom", message: `the pack has no rule for the ${check} check` });
      }
    }
  });
export type Pack = z.infer<typeof PackSchema>;
export type PackInput = z.input<typeof PackSchema>;
