/**
 * The rules engine against the real packs and the demo States' declarations: every rule has a case
 * that breaks it and a case that passes, under both treaties; findings carry the rule's citation and
 * the field; messages exist in all six languages with every placeholder filled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadDeclarations, loadPack } from "../store/pack-files.js";
import type { Finding } from "./finding.js";
import { UN_LANGUAGES } from "./languages.js";
import type { Pack } from "./pack-schema.js";
import { validate } from "./validate.js";

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary fields of example documents
type Doc = Record<string, any>;

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples", "valid");
const UNCC = loadPack("uncc-2024");
const BUDAPEST = loadPack("budapest-2001");
const PACKS = [UNCC, BUDAPEST];

const example = (kind: string): Doc => JSON.parse(readFileSync(join(EXAMPLES, `${kind}.json`), "utf8"));

/** The same request under the Budapest Convention, between two of its parties (XA is not one). */
function forPack(doc: Doc, pack: Pack): Doc {
  if (pack.id === UNCC.id) return doc;
  const copy = structuredClone(doc);
  copy.legalBasis = [{ treaty: BUDAPEST.id, article: "25" }];
  copy.requestingState = copy.requestedState === "XC" ? "XB" : "XC";
  for (const offence of copy.offences ?? [])
    if (offence.conventionOffence === "UNCC-13") offence.conventionOffence = "BUD-08";
  return copy;
}

function run(doc: unknown, pack: Pack = UNCC): Finding[] {
  const fields = (doc ?? {}) as Doc;
  const declarations = (state: unknown) =>
    typeof state === "string" ? loadDeclarations(state, pack.id) : undefined;
  return validate(doc, pack, declarations(fields.requestingState), declarations(fields.requestedState));
}

const idsOf = (findings: Finding[], severity?: Finding["severity"]) =>
  findings.filter((f) => !severity || f.severity === severity).map((f) => f.ruleId);

function remove(doc: Doc, path: string): Doc {
  const copy = structuredClone(doc);
  const keys = path.split(".").slice(1);
  const last = keys.pop() as string;
  let parent: Doc | undefined = copy;
  for (const key of keys) parent = parent?.[key];
  if (parent) delete parent[last];
  return copy;
}

const KINDS = readdirSync(EXAMPLES).map((f) => f.replace(/\.json$/, ""));

describe("valid examples", () => {
  it.each(KINDS)("%s passes every rule of the UN Convention", (kind) => {
    expect(idsOf(run(example(kind)), "error")).toEqual([]);
  });

  it.each(KINDS.filter((k) => k !== "technical-assistance"))(
    "%s passes every rule of the Budapest Convention",
    (kind) => {
      expect(idsOf(run(forPack(example(kind), BUDAPEST), BUDAPEST), "error")).toEqual([]);
    },
  );
});

describe.each(PACKS)("mandatory and recommended contents of $id", (pack) => {
  const provided = pack.kinds.filter((k) => k.provided && KINDS.includes(k.id));
  it.each(provided.flatMap((k) => k.mandatory.map((rule) => ({ kind: k.id, rule }))))(
    "$rule.id: missing $rule.path is an error citing its article",
    ({ kind, rule }) => {
      const doc = forPack(example(kind), pack);
      const finding = run(remove(doc, rule.path), pack).find((f) => f.ruleId === rule.id);
      expect(finding).toMatchObject({ severity: "error", path: rule.path, citation: rule.citation });
      expect(finding?.message.en).toContain(rule.label.en);
      expect(idsOf(run(doc, pack))).not.toContain(rule.id);
    },
  );

  it("missing recommended contents are warnings, never errors", () => {
    let checked = 0;
    for (const kind of provided) {
      for (const rule of kind.recommended) {
        const doc = forPack(example(kind.id), pack);
        const finding = run(remove(doc, rule.path), pack).find((f) => f.ruleId === rule.id);
        expect(finding?.severity, rule.id).toBe("warning");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

type RuleCase = {
  check: string;
  name: string;
  kind: string;
  breaks: (doc: Doc) => void;
  passes: (doc: Doc) => void;
  path: string;
  only?: Pack["id"];
};

const noChange = () => {};
const RULE_CASES: RuleCase[] = [
  {
    check: "document-shape",
    name: "a lower-case State code",
    kind: "general-mla",
    path: "$.requestedState",
    breaks: (d) => {
      d.requestedState = "Xb";
    },
    passes: noChange,
  },
  {
    check: "kind-provided",
    name: "technical assistance is not in the Budapest Convention",
    kind: "technical-assistance",
    path: "$.kind",
    breaks: noChange,
    passes: (d) => {
      d.kind = "general-mla";
      d.facts = "f";
      d.assistanceSought = "a";
      d.offences = [{ provision: "p", maximumPenalty: { kind: "imprisonment", years: 5 } }];
    },
    only: "budapest-2001",
  },
  {
    check: "states-party",
    name: "the requested State filed no declarations",
    kind: "general-mla",
    path: "$.requestedState",
    breaks: (d) => {
      d.requestedState = "XZ";
    },
    passes: noChange,
  },
  {
    check: "reservation-excludes-kind",
    name: "XB reserved on interception",
    kind: "interception",
    path: "$.kind",
    breaks: (d) => {
      d.requestedState = "XB";
      d.requestingState = d.requestingState === "XB" ? "XC" : d.requestingState;
      d.languages = { request: "fr" };
    },
    passes: noChange,
  },
  {
    check: "scope-serious-crime",
    name: "a three-year offence that is no convention offence",
    kind: "general-mla",
    path: "$.offences",
    breaks: (d) => {
      d.offences = [{ provision: "p", maximumPenalty: { kind: "imprisonment", years: 3 } }];
    },
    passes: (d) => {
      d.offences = [{ provision: "p", maximumPenalty: { kind: "imprisonment", years: 4 } }];
    },
    only: "uncc-2024",
  },
  {
    check: "scope-convention-offence",
    name: "extradition for a non-convention offence",
    kind: "extradition",
    path: "$.offences",
    breaks: (d) => {
      d.offences = [{ provision: "p", maximumPenalty: { kind: "life-imprisonment" } }];
    },
    passes: noChange,
  },
  {
    check: "extradition-penalty",
    name: "extradition for an offence punished by a fine only",
    kind: "extradition",
    path: "$.offences",
    breaks: (d) => {
      d.offences[0].maximumPenalty = { kind: "fine-only" };
    },
    passes: (d) => {
      d.offences[0].maximumPenalty = { kind: "imprisonment", years: 1 };
    },
  },
  {
    check: "language-accepted",
    name: "English to a State that accepts French and Spanish",
    kind: "general-mla",
    path: "$.languages",
    breaks: (d) => {
      d.languages = { request: "en" };
    },
    passes: (d) => {
      d.languages = { request: "en", translations: ["es"] };
    },
  },
  {
    check: "channel-accepted",
    name: "INTERPOL to a State that does not take it",
    kind: "urgent-contact",
    path: "$.channel",
    breaks: (d) => {
      d.channel = "interpol";
    },
    passes: (d) => {
      d.channel = "contact-point-247";
    },
  },
  {
    check: "interpol-urgent-only",
    name: "INTERPOL for a request that is not urgent",
    kind: "interception",
    path: "$.channel",
    breaks: (d) => {
      d.channel = "interpol";
      d.urgency = "normal";
    },
    passes: (d) => {
      d.channel = "interpol";
      d.urgency = "urgent";
    },
  },
  {
    check: "dual-criminality.preservation",
    name: "preservation to a State requiring dual criminality, with no statement",
    kind: "preservation",
    path: "$.dualCriminality",
    breaks: (d) => {
      d.requestedState = "XC";
      d.requestingState = "XB";
      d.languages = { request: "en" };
      d.dataLocation = { state: "XC" };
      d.offences = [{ provision: "Penal code, s. 1", maximumPenalty: { kind: "imprisonment", years: 5 } }];
    },
    passes: (d) => {
      d.requestedState = "XC";
      d.requestingState = "XB";
      d.languages = { request: "en" };
      d.dataLocation = { state: "XC" };
      d.dualCriminality = { statement: "fraud in XC too" };
    },
  },
  {
    check: "dual-criminality.mla",
    name: "MLA to a State requiring dual criminality, with no statement",
    kind: "interception",
    path: "$.dualCriminality",
    breaks: (d) => {
      delete d.dualCriminality;
    },
    passes: noChange,
  },
  {
    check: "preservation-minimum",
    name: "preservation for 59 days",
    kind: "preservation",
    path: "$.preservation.periodDays",
    breaks: (d) => {
      d.preservation.periodDays = 59;
    },
    passes: (d) => {
      d.preservation.periodDays = 60;
    },
  },
  {
    check: "names-preservation",
    name: "stored data said to be preserved, no preservation named",
    kind: "stored-data",
    path: "$.relatedRequests",
    breaks: (d) => {
      d.relatedRequests = [{ relation: "related", reference: "X" }];
    },
    passes: noChange,
  },
  {
    check: "deadline-reasons",
    name: "a deadline without reasons",
    kind: "stored-data",
    path: "$.deadline.reasons",
    breaks: (d) => {
      delete d.deadline.reasons;
    },
    passes: noChange,
  },
  {
    check: "emergency-risk",
    name: "an emergency with no risk to life stated",
    kind: "urgent-contact",
    path: "$.emergency.riskToLife",
    breaks: (d) => {
      delete d.emergency;
    },
    passes: (d) => {
      delete d.emergency;
      d.urgency = "urgent";
    },
  },
  {
    check: "third-state-data",
    name: "data stored in a third State",
    kind: "preservation",
    path: "$.dataLocation.state",
    breaks: (d) => {
      d.dataLocation = { state: "XD" };
    },
    passes: noChange,
  },
  {
    check: "collection-period",
    name: "a collection period that ends before it starts",
    kind: "real-time-traffic",
    path: "$.collectionPeriod",
    breaks: (d) => {
      d.collectionPeriod.to = "2026-06-01T00:00:00Z";
    },
    passes: noChange,
  },
  {
    check: "confidentiality-assured",
    name: "confidentiality asked of a State that cannot assure it",
    kind: "interception",
    path: "$.confidentiality",
    breaks: (d) => {
      d.confidentiality = { required: true };
    },
    passes: (d) => {
      d.confidentiality = { required: false };
    },
  },
  {
    check: "legal-basis-treaty",
    name: "a request citing another treaty only",
    kind: "general-mla",
    path: "$.legalBasis",
    breaks: (d) => {
      d.legalBasis = [{ treaty: "other-treaty", article: "1" }];
    },
    passes: noChange,
  },
];

describe.each(PACKS)("rules of $id", (pack) => {
  const prefix = pack.id === UNCC.id ? "uncc" : "bud";
  const cases = RULE_CASES.filter((c) => !c.only || c.only === pack.id);

  it.each(cases)("$check: $name", (c) => {
    const ruleId = `${prefix}.${c.check}`;
    const rule = pack.rules.find((r) => r.id === ruleId);
    expect(rule, `${ruleId} exists`).toBeDefined();
    const broken = forPack(example(c.kind), pack);
    c.breaks(broken);
    const finding = run(broken, pack).find((f) => f.ruleId === ruleId);
    expect(finding).toMatchObject({ severity: rule?.severity, path: c.path });
    if (c.check !== "reservation-excludes-kind") expect(finding?.citation).toEqual(rule?.citation);
    const passing = forPack(example(c.kind), pack);
    c.passes(passing);
    expect(idsOf(run(passing, pack))).not.toContain(ruleId);
  });

  it("every rule of the pack has a breaking case above", () => {
    const covered = new Set(cases.map((c) => `${prefix}.${c.check}`));
    // A pack that provides every kind cannot break kind-provided; that is the one rule allowed no case.
    if (pack.kinds.every((k) => k.provided)) covered.add(`${prefix}.kind-provided`);
    expect(pack.rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe("findings", () => {
  it("cite the reservation itself when a reservation excludes the kind", () => {
    const doc = example("interception");
    Object.assign(doc, { requestedState: "XB", languages: { request: "fr" } });
    const finding = run(doc).find((f) => f.ruleId === "uncc.reservation-excludes-kind");
    const reservation = loadDeclarations("XB", UNCC.id)?.reservations[0];
    expect(finding?.citation).toEqual(reservation?.citation);
    expect(finding?.message.fr).toContain(reservation?.text.fr);
  });

  it("exempt Budapest offences from a dual-criminality reservation on preservation (Art 29(4)), not UN ones", () => {
    const toXC = (pack: Pack) => {
      const doc = forPack(example("preservation"), pack);
      Object.assign(doc, {
        requestedState: "XC",
        requestingState: "XB",
        languages: { request: "en" },
        dataLocation: { state: "XC" },
      });
      return run(doc, pack).map((f) => f.ruleId);
    };
    expect(toXC(BUDAPEST)).not.toContain("bud.dual-criminality.preservation");
    expect(toXC(UNCC)).toContain("uncc.dual-criminality.preservation");
  });

  it("name the States in the reader's language", () => {
    const doc = example("general-mla");
    doc.languages = { request: "en" };
    const finding = run(doc).find((f) => f.ruleId === "uncc.language-accepted");
    const name = loadDeclarations("XB", UNCC.id)?.stateName;
    expect(finding?.message.fr).toContain(`${name?.fr} (XB)`);
    expect(finding?.message.zh).toContain(`${name?.zh}（XB）`);
  });

  it("take the preservation minimum from the pack's time rule", () => {
    const doc = example("preservation");
    doc.preservation.periodDays = 30;
    const finding = run(doc).find((f) => f.ruleId === "uncc.preservation-minimum");
    expect(finding?.message.en).toMatch(/30/);
    expect(finding?.message.en).toMatch(/60/);
    expect(finding?.citation).toMatchObject({ article: "42", paragraph: "7" });
  });

  it("read in six languages with every placeholder filled, errors first", () => {
    const doc = example("general-mla");
    Object.assign(doc, {
      languages: { request: "en" },
      channel: "interpol",
      dataLocation: { state: "XD" },
      deadline: { date: "2026-12-01" },
    });
    const findings = run(doc);
    expect(findings.length).toBeGreaterThan(3);
    for (const finding of findings) {
      for (const lang of UN_LANGUAGES) {
        expect(finding.message[lang].length).toBeGreaterThan(0);
        expect(finding.message[lang]).not.toMatch(/\{[a-z]+\}/i);
      }
    }
    const severities = findings.map((f) => f.severity);
    expect(severities.indexOf("warning")).toBeGreaterThan(severities.lastIndexOf("error"));
  });

  it("report a document that is not an object at its root", () => {
    for (const input of [null, 42, "request", [], true]) {
      expect(run(input).map((f) => [f.ruleId, f.path])).toContainEqual(["uncc.document-shape", "$"]);
    }
  });

  it("treat a State with no declarations as not party, without throwing", () => {
    const doc = example("general-mla");
    expect(
      validate(doc, UNCC, undefined, undefined).filter((f) => f.ruleId === "uncc.states-party"),
    ).toHaveLength(2);
  });
});

describe("the engine never throws", () => {
  const mutated = fc
    .record({
      kind: fc.constantFrom(...KINDS),
      edits: fc.array(
        fc.tuple(
          fc.constantFrom(
            ...Object.keys(example("stored-data")),
            "data",
            "preservation",
            "collectionPeriod",
            "offences",
          ),
          fc.jsonValue(),
        ),
        { maxLength: 6 },
      ),
    })
    .map(({ kind, edits }) => {
      const doc = example(kind);
      for (const [key, value] of edits) doc[key] = value;
      return doc;
    });

  it.each(PACKS)("on arbitrary JSON or mangled requests under $id", (pack) => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), mutated), (input) => {
        const findings = run(input, pack);
        expect(Array.isArray(findings)).toBe(true);
        for (const f of findings) expect(Object.keys(f.message).sort()).toEqual([...UN_LANGUAGES].sort());
      }),
      { numRuns: 400 },
    );
  });
});
