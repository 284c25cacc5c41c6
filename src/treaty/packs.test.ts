/**
 * The treaty packs and demo declarations under `packs/` are data the engine trusts: this suite keeps
 * them loadable, fully translated, consistent with the checks that fill their messages, pointing at
 * fields that exist, and in step with their committed JSON Schemas.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_DIR, SCHEMA_FILES } from "../cli/generate-schemas.js";
import { type Declarations, DeclarationsSchema } from "../directory/declarations.js";
import {
  DEFAULT_PACKS_DIR,
  listDeclarationStates,
  listPackIds,
  loadDeclarations,
  loadPack,
} from "../store/pack-files.js";
import type { Citation } from "./citation.js";
import { type LocalizedText, UN_LANGUAGES } from "./languages.js";
import { CHECKS, type Check, type Pack } from "./pack-schema.js";
import { REQUEST_KINDS, type RequestDocumentInput, requestJsonSchema } from "./request-document.js";
import { validate } from "./validate.js";

/** The placeholders each check fills (see `checks/*.ts` and `validate.ts`); a message uses exactly these. */
const PLACEHOLDERS: Record<Check, readonly string[]> = {
  "document-shape": ["detail"],
  "kind-provided": ["kind"],
  "states-party": ["state"],
  "reservation-excludes-kind": ["state", "reservation"],
  "scope-serious-crime": ["minimum"],
  "scope-convention-offence": [],
  "extradition-penalty": ["minimum"],
  "language-accepted": ["state", "language", "accepted"],
  "channel-accepted": ["state", "channel", "accepted"],
  "interpol-urgent-only": [],
  "dual-criminality": ["state"],
  "preservation-minimum": ["days", "minimum"],
  "names-preservation": [],
  "deadline-reasons": [],
  "emergency-risk": [],
  "third-state-data": ["state", "requested"],
  "collection-period": [],
  "confidentiality-assured": ["state"],
  "legal-basis-treaty": ["treaty"],
};

/** Rule-id prefix of each pack. */
const PREFIX: Record<string, string> = { "uncc-2024": "uncc", "budapest-2001": "bud" };

/** Budapest has no serious-crime threshold, so its pack leaves that check out (packs/README.md). */
const OMITTED_CHECKS: Record<string, readonly Check[]> = {
  "uncc-2024": [],
  "budapest-2001": ["scope-serious-crime"],
};

/** A script each non-Latin language must actually be written in. */
const SCRIPT = { ar: /\p{Script=Arabic}/u, zh: /\p{Script=Han}/u, ru: /\p{Script=Cyrillic}/u } as const;

/** The set of `{name}` placeholders in a text; one may appear more than once. */
const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();

/** `$.data.linkToOffence` → `data-link-to-offence`. */
const fieldKey = (path: string): string =>
  path
    .slice(2)
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    .replace(/\./g, "-");

type JsonSchema = { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Whether a dotted path names a property of the schema, looking through unions. */
function schemaHasPath(schema: JsonSchema, keys: readonly string[]): boolean {
  const [key, ...rest] = keys;
  if (key === undefined) return true;
  const direct = schema.properties?.[key];
  if (direct && schemaHasPath(direct, rest)) return true;
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((branch) => schemaHasPath(branch, keys));
}

/** Every text of a pack that an officer may read, with where it sits. */
function packTexts(pack: Pack): { where: string; text: LocalizedText; sentence: boolean }[] {
  return [
    { where: "title", text: pack.title, sentence: false },
    { where: "templates.mandatory", text: pack.templates.mandatory, sentence: true },
    { where: "templates.recommended", text: pack.templates.recommended, sentence: true },
    ...pack.offences.map((o) => ({ where: `offence ${o.code}`, text: o.title, sentence: false })),
    ...pack.refusalGrounds.map((g) => ({ where: `ground ${g.code}`, text: g.title, sentence: true })),
    ...pack.kinds.flatMap((k) => [
      { where: `kind ${k.id}`, text: k.title, sentence: false },
      ...[...k.mandatory, ...k.recommended].map((f) => ({
        where: `field ${f.id}`,
        text: f.label,
        sentence: true,
      })),
    ]),
    ...pack.rules.map((r) => ({ where: `rule ${r.id}`, text: r.message, sentence: true })),
  ];
}

/** Every citation anywhere in the pack: rules, kinds, fields, time rules, grounds, offences, changedBy. */
function citations(value: unknown, where = "$"): { where: string; citation: Citation }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => citations(item, `${where}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "citation" ? [{ where, citation: inner as Citation }] : citations(inner, `${where}.${key}`),
  );
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

const packIds = listPackIds();
const packs = packIds.map((id) => loadPack(id));

it("lists exactly the two packs and the three demo States", () => {
  expect(packIds).toEqual(["budapest-2001", "uncc-2024"]);
  expect(listDeclarationStates()).toEqual(["XA", "XB", "XC"]);
});

describe.each(packs.map((pack) => [pack.id, pack] as const))("pack %s", (id, pack) => {
  const prefix = PREFIX[id] ?? "";

  it("names its JSON Schema, and has a prefix and a version", () => {
    const raw = readJson(join(DEFAULT_PACKS_DIR, `${id}.json`)) as { $schema: string };
    expect(existsSync(join(DEFAULT_PACKS_DIR, raw.$schema))).toBe(true);
    expect(prefix).not.toBe("");
    expect(pack.version).toBe("1.0.0");
  });

  it("has every text in six languages, each really translated", () => {
    for (const { where, text, sentence } of packTexts(pack)) {
      for (const lang of UN_LANGUAGES) expect(text[lang].trim(), `${where} [${lang}]`).not.toBe("");
      for (const [lang, script] of Object.entries(SCRIPT) as [keyof typeof SCRIPT, RegExp][]) {
        expect(text[lang], `${where} [${lang}] copies English`).not.toBe(text.en);
        expect(text[lang], `${where} [${lang}] is not in its script`).toMatch(script);
      }
      // French and Spanish may share a short title with English ("Extradition"), never a sentence.
      if (sentence)
        for (const lang of ["fr", "es"] as const) expect(text[lang], `${where} [${lang}]`).not.toBe(text.en);
    }
  });

  it("fills the field templates with {label} only", () => {
    for (const lang of UN_LANGUAGES) {
      expect(placeholders(pack.templates.mandatory[lang])).toEqual(["label"]);
      expect(placeholders(pack.templates.recommended[lang])).toEqual(["label"]);
    }
  });

  it("uses in each message exactly the placeholders its check fills", () => {
    for (const rule of pack.rules) {
      const expected = [...PLACEHOLDERS[rule.check]].sort();
      for (const lang of UN_LANGUAGES)
        expect(placeholders(rule.message[lang]), `${rule.id} [${lang}]`).toEqual(expected);
    }
  });

  it("has one rule per check, with ids <prefix>.<check>, and two for dual criminality", () => {
    const ids = pack.rules.map((r) => r.id).sort();
    const expected = CHECKS.filter((check) => !OMITTED_CHECKS[id]?.includes(check))
      .flatMap((check) =>
        check === "dual-criminality"
          ? [`${prefix}.${check}.mla`, `${prefix}.${check}.preservation`]
          : [`${prefix}.${check}`],
      )
      .sort();
    expect(ids).toEqual(expected);
    for (const rule of pack.rules) expect(rule.id.startsWith(`${prefix}.${rule.check}`)).toBe(true);
  });

  it("scopes the kind-bound rules to their kinds", () => {
    const kindsOf = (ruleId: string) => pack.rules.find((r) => r.id === `${prefix}.${ruleId}`)?.kinds;
    expect(kindsOf("dual-criminality.preservation")).toEqual(["preservation"]);
    expect(kindsOf("dual-criminality.mla")).not.toContain("preservation");
    expect(kindsOf("preservation-minimum")).toEqual(["preservation"]);
    expect(kindsOf("extradition-penalty")).toEqual(["extradition"]);
    expect(kindsOf("collection-period")).toEqual(["real-time-traffic", "interception"]);
    expect(kindsOf("names-preservation")).toEqual(["traffic-disclosure", "stored-data", "general-mla"]);
  });

  it("defines all eleven kinds, in order, with the 24/7 queue for the urgent three", () => {
    expect(pack.kinds.map((k) => k.id)).toEqual([...REQUEST_KINDS]);
    const urgent = pack.kinds.filter((k) => k.urgentQueue).map((k) => k.id);
    expect(urgent).toEqual(["preservation", "traffic-disclosure", "urgent-contact"]);
  });

  it("keeps preservation for at least 60 days and marks our own time suggestions advisory", () => {
    const preservation = pack.kinds.find((k) => k.id === "preservation");
    const minimum = preservation?.timeRules.find((t) => t.type === "preservation-minimum-days");
    expect(minimum?.value).toBe(60);
    expect(minimum?.advisory).toBeUndefined();
    for (const kind of pack.kinds) {
      for (const rule of kind.timeRules) {
        if (rule.type !== "preservation-minimum-days") expect(rule.advisory, rule.id).toBe(true);
      }
    }
  });

  it("forms field rule ids from the path, and points every field rule at a field of the request", () => {
    const schema = requestJsonSchema() as JsonSchema;
    for (const kind of pack.kinds) {
      const mandatory = new Set(kind.mandatory.map((f) => f.path));
      for (const field of [...kind.mandatory, ...kind.recommended]) {
        expect(field.id).toBe(`${prefix}.${kind.id}.${fieldKey(field.path)}`);
        expect(schemaHasPath(schema, field.path.split(".").slice(1)), `${field.id}: ${field.path}`).toBe(
          true,
        );
      }
      for (const field of kind.recommended) {
        expect(mandatory.has(field.path), `${field.id} is both mandatory and recommended`).toBe(false);
      }
    }
  });

  it("cites only itself", () => {
    const all = citations(pack);
    expect(all.length).toBeGreaterThan(100);
    for (const { where, citation } of all) expect(citation.treaty, where).toBe(id);
  });

  it("names in changedBy only settings that declarations have", () => {
    const schema = readJson(join(SCHEMA_DIR, "declarations.schema.json")) as JsonSchema;
    for (const kind of pack.kinds) {
      for (const { declaration } of kind.changedBy) {
        expect(schemaHasPath(schema, declaration.split(".")), `${kind.id}: ${declaration}`).toBe(true);
      }
    }
  });

  it("has a declarations file for each demo State", () => {
    for (const state of listDeclarationStates()) {
      const declarations = loadDeclarations(state, id);
      expect(declarations?.state).toBe(state);
      expect(declarations?.treaty).toBe(id);
      const raw = readJson(join(DEFAULT_PACKS_DIR, "declarations", state, `${id}.json`)) as {
        $schema: string;
      };
      expect(existsSync(join(DEFAULT_PACKS_DIR, "declarations", state, raw.$schema))).toBe(true);
    }
  });
});

describe("committed JSON Schemas", () => {
  it.each(Object.keys(SCHEMA_FILES))("%s equals what src/cli/generate-schemas.ts produces", (name) => {
    const build = SCHEMA_FILES[name];
    expect(build).toBeDefined();
    expect(readJson(join(SCHEMA_DIR, name))).toEqual(build?.());
  });

  it("the declaration files also pass the zod schema directly", () => {
    for (const state of listDeclarationStates()) {
      for (const id of packIds) {
        const raw = readJson(join(DEFAULT_PACKS_DIR, "declarations", state, `${id}.json`));
        expect(DeclarationsSchema.safeParse(raw).success).toBe(true);
      }
    }
  });
});

describe("the three demo States differ as the demo needs", () => {
  const get = (state: string, treaty: string): Declarations => {
    const d = loadDeclarations(state, treaty);
    if (!d) throw new Error(`no declarations for ${state} under ${treaty}`);
    return d;
  };

  it("XA is party to the UN Convention only", () => {
    expect(get("XA", "uncc-2024").party).toBe(true);
    expect(get("XA", "budapest-2001").party).toBe(false);
    expect(get("XA", "uncc-2024").reservations).toEqual([]);
    expect(get("XA", "uncc-2024").languages).toEqual(["en", "fr", "ar"]);
  });

  it.each(packIds)("XB (%s) accepts only French and Spanish and excludes interception", (treaty) => {
    const xb = get("XB", treaty);
    expect(xb.party).toBe(true);
    expect([...xb.languages].sort()).toEqual(["es", "fr"]);
    expect(xb.reservations.some((r) => r.excludesKinds.includes("interception"))).toBe(true);
    expect(xb.dualCriminality.mla).toBe("discretionary");
    expect(xb.channels).not.toContain("interpol");
  });

  it.each(packIds)(
    "XC (%s) requires dual criminality, cannot assure confidentiality, accepts INTERPOL",
    (treaty) => {
      const xc = get("XC", treaty);
      expect(xc.party).toBe(true);
      expect(xc.dualCriminality).toEqual({ preservation: true, mla: "required" });
      expect(xc.confidentialityAssured).toBe(false);
      expect(xc.channels).toContain("interpol");
      expect([...xc.languages].sort()).toEqual(["en", "ru", "zh"]);
    },
  );
});

describe("packs and declarations work together in the engine", () => {
  const base = (requestedState: string): RequestDocumentInput => ({
    format: "rogatory.request/1",
    kind: "interception",
    reference: "XA-2026-0001",
    requestingState: "XA",
    requestedState,
    languages: { request: "en" },
    offences: [{ conventionOffence: "UNCC-07", maximumPenalty: { kind: "imprisonment", years: 5 } }],
  });

  it("an interception request in English to XB is refused for language and reservation, in every language", () => {
    const pack = loadPack("uncc-2024");
    const findings = validate(
      base("XB"),
      pack,
      loadDeclarations("XA", "uncc-2024"),
      loadDeclarations("XB", "uncc-2024"),
    );
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toContain("uncc.language-accepted");
    expect(ids).toContain("uncc.reservation-excludes-kind");
    expect(ids).toContain("uncc.interception.safeguards");
    const reservation = findings.find((f) => f.ruleId === "uncc.reservation-excludes-kind");
    expect(reservation?.citation).toMatchObject({ article: "46", paragraph: "1" });
    for (const finding of findings) {
      for (const lang of UN_LANGUAGES)
        expect(finding.message[lang], `${finding.ruleId} [${lang}]`).not.toMatch(/\{\w+\}/);
    }
  });

  it("a Budapest request from XA fails because XA is not party", () => {
    const pack = loadPack("budapest-2001");
    const findings = validate(
      { ...base("XC"), kind: "general-mla" },
      pack,
      loadDeclarations("XA", "budapest-2001"),
      loadDeclarations("XC", "budapest-2001"),
    );
    const party = findings.filter((f) => f.ruleId === "bud.states-party");
    expect(party.map((f) => f.path)).toEqual(["$.requestingState"]);
    expect(findings.map((f) => f.ruleId)).toContain("bud.dual-criminality.mla");
  });

  it("a preservation to XC without a dual-criminality statement draws the warning", () => {
    const pack = loadPack("uncc-2024");
    const findings = validate(
      { ...base("XC"), kind: "preservation", preservation: { periodDays: 30 } },
      pack,
      loadDeclarations("XA", "uncc-2024"),
      loadDeclarations("XC", "uncc-2024"),
    );
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toContain("uncc.dual-criminality.preservation");
    expect(ids).toContain("uncc.preservation-minimum");
    expect(findings.find((f) => f.ruleId === "uncc.preservation-minimum")?.message.en).toContain("(30 days)");
  });

  it("only Budapest refuses technical assistance as a kind", () => {
    const doc = { ...base("XB"), kind: "technical-assistance" as const };
    const bud = validate(doc, loadPack("budapest-2001"), undefined, undefined).map((f) => f.ruleId);
    expect(bud).toEqual(["bud.kind-provided"]);
    const uncc = validate(doc, loadPack("uncc-2024"), undefined, undefined).map((f) => f.ruleId);
    expect(uncc).not.toContain("uncc.kind-provided");
  });

  it("the reservation texts name the State they belong to", () => {
    for (const state of listDeclarationStates()) {
      for (const id of packIds) {
        const d = loadDeclarations(state, id);
        for (const reservation of d?.reservations ?? []) {
          expect(reservation.citation.treaty).toBe(id);
          expect(reservation.text.en).toContain(d?.stateName.en ?? "?");
        }
      }
    }
  });
});
