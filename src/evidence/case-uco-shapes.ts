/**
 * The part of the CASE 1.x / UCO 1.x ontologies the custody export uses, written down as data, and a
 * checker that holds a JSON-LD document to it. The export (case-uco.ts) is tested against this
 * checker, and a court bundle verifier can run it on `custody.jsonld` without any RDF tooling.
 *
 * What it checks is what the ontologies' SHACL shapes say for these classes: the class of every node,
 * the properties each class allows (inherited ones included), their cardinality, the datatype and
 * lexical form of each literal, the class of the node each reference points at, that every
 * referenced node exists, and that the prefixes map to the official namespace IRIs. It is not a
 * general SHACL engine: classes and properties the export does not use are unknown to it and refused.
 *
 * Sources (read in the ontologies' Turtle, Git repositories ucoProject/UCO and casework/CASE):
 * - uco-core: `core.ttl` (UcoObject, ContextualCompilation, Facet, ExternalReference), UCO 1.x;
 * - uco-action: `action.ttl` (Action), UCO 1.x;
 * - uco-observable: `observable.ttl` (File, FileFacet, ContentDataFacet), UCO 1.x;
 * - uco-types: `types.ttl` (Hash: hashMethod and hashValue exactly once, HashNameVocab members);
 * - uco-location: `location.ttl` (Location, SimpleAddressFacet); uco-tool: `tool.ttl` (Tool);
 * - uco-identity: `identity.ttl` (Identity, Person);
 * - case-investigation: `investigation.ttl` (Investigation, Authorization, InvestigativeAction,
 *   ProvenanceRecord), CASE 1.x;
 * - `UcoThing` must not be a blank node (core.ttl SPARQL constraint), so every node here has an @id;
 *   UCO advises that the IRI end in a UUID, which this checker requires.
 */

/** The official namespace IRIs (caseontology.org / unifiedcyberontology.org, CASE 1.x and UCO 1.x). */
export const OFFICIAL_PREFIXES = {
  "case-investigation": "https://ontology.caseontology.org/case/investigation/",
  "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
  "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
  "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
  "uco-location": "https://ontology.unifiedcyberontology.org/uco/location/",
  "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
  "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
  "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
  "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
} as const;

/** uco-vocabulary:HashNameVocab (types.ttl, the `sh:in` list on types:hashMethod). */
export const HASH_NAMES = ["MD5", "MD6", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SSDEEP"] as const;

type Datatype =
  | "xsd:string"
  | "xsd:dateTime"
  | "xsd:integer"
  | "xsd:nonNegativeInteger"
  | "xsd:boolean"
  | "xsd:decimal"
  | "xsd:hexBinary"
  | "xsd:anyURI"
  | "uco-vocabulary:HashNameVocab";

export type PropertyShape =
  | { literal: Datatype; min?: number; max?: number }
  | { ref: string; min?: number; max?: number };

type ClassShape = { parent?: string; properties: Record<string, PropertyShape> };

const str = (max?: number): PropertyShape =>
  max === undefined ? { literal: "xsd:string" } : { literal: "xsd:string", max };
const time: PropertyShape = { literal: "xsd:dateTime", max: 1 };
const ref = (cls: string, max?: number): PropertyShape =>
  max === undefined ? { ref: cls } : { ref: cls, max };

/** Class → parent and the properties its shape declares (inherited ones come from the parent chain). */
export const CLASS_SHAPES: Record<string, ClassShape> = {
  "uco-core:UcoThing": { properties: {} },
  "uco-core:UcoObject": {
    parent: "uco-core:UcoThing",
    properties: {
      "uco-core:name": str(1),
      "uco-core:description": str(),
      "uco-core:tag": str(),
      "uco-core:specVersion": str(1),
      "uco-core:objectCreatedTime": time,
      "uco-core:modifiedTime": { literal: "xsd:dateTime" },
      "uco-core:hasFacet": ref("uco-core:Facet"),
      "uco-core:externalReference": ref("uco-core:ExternalReference"),
      "uco-core:createdBy": ref("uco-core:IdentityAbstraction", 1),
    },
  },
  "uco-core:UcoInherentCharacterizationThing": { parent: "uco-core:UcoThing", properties: {} },
  "uco-core:Facet": { parent: "uco-core:UcoInherentCharacterizationThing", properties: {} },
  "uco-core:ExternalReference": {
    parent: "uco-core:UcoInherentCharacterizationThing",
    properties: {
      "uco-core:definingContext": str(1),
      "uco-core:externalIdentifier": str(1),
      "uco-core:referenceURL": { literal: "xsd:anyURI", max: 1 },
    },
  },
  "uco-core:Compilation": { parent: "uco-core:UcoObject", properties: {} },
  "uco-core:ContextualCompilation": {
    parent: "uco-core:Compilation",
    properties: { "uco-core:object": { ref: "uco-core:UcoObject", min: 1 } },
  },
  "uco-core:IdentityAbstraction": { parent: "uco-core:UcoObject", properties: {} },
  "uco-identity:Identity": { parent: "uco-core:IdentityAbstraction", properties: {} },
  "uco-identity:Person": { parent: "uco-identity:Identity", properties: {} },
  "uco-tool:Tool": {
    parent: "uco-core:UcoObject",
    properties: {
      "uco-tool:toolType": str(1),
      "uco-tool:version": str(1),
      "uco-tool:creator": ref("uco-identity:Identity", 1),
    },
  },
  "uco-location:Location": { parent: "uco-core:UcoObject", properties: {} },
  "uco-location:SimpleAddressFacet": {
    parent: "uco-core:Facet",
    properties: {
      "uco-location:country": str(1),
      "uco-location:region": str(1),
      "uco-location:locality": str(1),
      "uco-location:street": str(1),
      "uco-location:postalCode": str(1),
      "uco-location:addressType": str(1),
    },
  },
  "case-investigation:Authorization": {
    parent: "uco-core:UcoObject",
    properties: {
      "case-investigation:authorizationType": str(1),
      "case-investigation:authorizationIdentifier": str(),
      "uco-core:startTime": time,
      "uco-core:endTime": time,
    },
  },
  "case-investigation:Investigation": {
    parent: "uco-core:ContextualCompilation",
    properties: {
      "case-investigation:focus": str(),
      "case-investigation:investigationStatus": str(1),
      "case-investigation:relevantAuthorization": ref("case-investigation:Authorization"),
      "uco-core:startTime": time,
      "uco-core:endTime": time,
    },
  },
  "case-investigation:ProvenanceRecord": {
    parent: "uco-core:ContextualCompilation",
    properties: {
      "case-investigation:exhibitNumber": str(1),
      "case-investigation:rootExhibitNumber": str(),
    },
  },
  "uco-action:Action": {
    parent: "uco-core:UcoObject",
    properties: {
      "uco-action:startTime": time,
      "uco-action:endTime": time,
      "uco-action:performer": ref("uco-core:UcoObject", 1),
      "uco-action:environment": ref("uco-core:UcoObject", 1),
      "uco-action:instrument": ref("uco-core:UcoObject"),
      "uco-action:object": ref("uco-core:UcoObject"),
      "uco-action:participant": ref("uco-core:UcoObject"),
      "uco-action:result": ref("uco-core:UcoObject"),
      "uco-action:error": ref("uco-core:UcoObject"),
      "uco-action:location": ref("uco-location:Location"),
      "uco-action:subaction": ref("uco-action:Action"),
      "uco-action:actionCount": { literal: "xsd:nonNegativeInteger", max: 1 },
    },
  },
  "case-investigation:InvestigativeAction": {
    parent: "uco-action:Action",
    properties: { "case-investigation:wasInformedBy": ref("case-investigation:InvestigativeAction") },
  },
  // observable.ttl: ObservableObject is a UcoObject (through core:Item); File < FileSystemObject.
  "uco-observable:ObservableObject": { parent: "uco-core:UcoObject", properties: {} },
  "uco-observable:FileSystemObject": { parent: "uco-observable:ObservableObject", properties: {} },
  "uco-observable:File": { parent: "uco-observable:FileSystemObject", properties: {} },
  "uco-observable:FileFacet": {
    parent: "uco-core:Facet",
    properties: {
      "uco-observable:fileName": str(),
      "uco-observable:filePath": str(),
      "uco-observable:extension": str(1),
      "uco-observable:sizeInBytes": { literal: "xsd:integer", max: 1 },
      "uco-observable:isDirectory": { literal: "xsd:boolean" },
      "uco-observable:observableCreatedTime": time,
      "uco-observable:modifiedTime": time,
      "uco-observable:accessedTime": time,
    },
  },
  "uco-observable:ContentDataFacet": {
    parent: "uco-core:Facet",
    properties: {
      "uco-observable:hash": ref("uco-types:Hash"),
      "uco-observable:sizeInBytes": { literal: "xsd:integer", max: 1 },
      "uco-observable:mimeType": str(),
      "uco-observable:mimeClass": str(1),
      "uco-observable:magicNumber": str(1),
      "uco-observable:dataPayload": str(1),
      "uco-observable:isEncrypted": { literal: "xsd:boolean", max: 1 },
      "uco-observable:entropy": { literal: "xsd:decimal", max: 1 },
    },
  },
  "uco-types:Hash": {
    parent: "uco-core:UcoInherentCharacterizationThing",
    properties: {
      "uco-types:hashMethod": { literal: "uco-vocabulary:HashNameVocab", min: 1, max: 1 },
      "uco-types:hashValue": { literal: "xsd:hexBinary", min: 1, max: 1 },
    },
  },
};

/** Hex digits a hash of each method has (a hexBinary of another length is not that hash). */
const HASH_HEX_LENGTH: Partial<Record<(typeof HASH_NAMES)[number], number>> = {
  MD5: 32,
  SHA1: 40,
  SHA224: 56,
  SHA256: 64,
  SHA384: 96,
  SHA512: 128,
};

const NODE_ID = /^kb:[a-z][a-z0-9-]*-[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isReference = (value: JsonObject): boolean =>
  Object.keys(value).length === 1 && typeof value["@id"] === "string";

/** The class and its ancestors, nearest first. */
export function classChain(cls: string): string[] {
  const chain: string[] = [];
  for (let c: string | undefined = cls; c !== undefined; c = CLASS_SHAPES[c]?.parent) chain.push(c);
  return chain;
}

function allowedProperties(types: string[]): Map<string, PropertyShape> {
  const allowed = new Map<string, PropertyShape>();
  for (const type of types) {
    for (const cls of classChain(type)) {
      for (const [name, shape] of Object.entries(CLASS_SHAPES[cls]?.properties ?? {})) {
        if (!allowed.has(name)) allowed.set(name, shape);
      }
    }
  }
  return allowed;
}

/** Checks a CASE/UCO JSON-LD document; returns one line per violation, empty when it conforms. */
export function checkCaseUco(document: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(document)) return ["the document is not a JSON object"];
  checkContext(document["@context"], problems);
  const graph = document["@graph"];
  if (!Array.isArray(graph) || graph.length === 0) return [...problems, "@graph is not a non-empty array"];

  const nodes = new Map<string, { types: string[]; node: JsonObject }>();
  const references: { from: string; property: string; target: string; cls: string }[] = [];
  const visit = (node: JsonObject, where: string) => {
    const id = node["@id"];
    const label = typeof id === "string" ? id : where;
    if (typeof id !== "string" || !NODE_ID.test(id)) {
      problems.push(`${label}: @id must be kb:<kind>-<UUID> (UCO things are never blank nodes)`);
    } else if (nodes.has(id)) {
      problems.push(`${id}: @id used by two nodes`);
    }
    const rawTypes = node["@type"];
    const types = (Array.isArray(rawTypes) ? rawTypes : [rawTypes]).filter((t) => typeof t === "string");
    if (types.length === 0) problems.push(`${label}: no @type`);
    for (const type of types) {
      if (!(type in CLASS_SHAPES)) problems.push(`${label}: @type ${type} is not a class the export may use`);
    }
    if (typeof id === "string") nodes.set(id, { types, node });
    const allowed = allowedProperties(types);
    for (const [property, value] of Object.entries(node)) {
      if (property === "@id" || property === "@type") continue;
      const shape = allowed.get(property);
      if (shape === undefined) {
        problems.push(`${label}: property ${property} is not allowed on ${types.join(", ")}`);
        continue;
      }
      const values = Array.isArray(value) ? value : [value];
      if (values.length > (shape.max ?? Number.POSITIVE_INFINITY))
        problems.push(`${label}: ${property} has ${values.length} values, at most ${shape.max} allowed`);
      values.forEach((v, i) => {
        const at = `${label} ${property}[${i}]`;
        if ("literal" in shape) {
          const problem = checkLiteral(v, shape.literal);
          if (problem !== undefined) problems.push(`${at}: ${problem}`);
        } else if (!isObject(v) || typeof v["@id"] !== "string") {
          problems.push(`${at}: must reference a node by @id`);
        } else {
          references.push({ from: label, property, target: v["@id"], cls: shape.ref });
          if (!isReference(v)) visit(v, at);
        }
      });
    }
    for (const [property, shape] of allowed) {
      const count =
        node[property] === undefined ? 0 : Array.isArray(node[property]) ? node[property].length : 1;
      if (count < (shape.min ?? 0)) problems.push(`${label}: ${property} is required`);
    }
    if (types.includes("uco-types:Hash")) checkHashLength(node, label, problems);
  };
  graph.forEach((node, i) => {
    if (isObject(node)) visit(node, `@graph[${i}]`);
    else problems.push(`@graph[${i}]: not a node object`);
  });

  for (const { from, property, target, cls } of references) {
    const found = nodes.get(target);
    if (found === undefined)
      problems.push(`${from}: ${property} references ${target}, which is not in the graph`);
    else if (!found.types.some((t) => classChain(t).includes(cls)))
      problems.push(`${from}: ${property} references ${target}, a ${found.types.join(", ")}, not a ${cls}`);
  }
  return problems;
}

function checkContext(context: unknown, problems: string[]): void {
  if (!isObject(context)) {
    problems.push("@context is not an object of prefixes");
    return;
  }
  for (const [prefix, iri] of Object.entries(OFFICIAL_PREFIXES)) {
    if (context[prefix] !== iri) problems.push(`@context: ${prefix} must map to ${iri}`);
  }
  const kb = context.kb;
  if (typeof kb !== "string" || !/^[a-z][a-z0-9+.-]*:\S+$/.test(kb))
    problems.push("@context: kb must map to an IRI");
  for (const prefix of Object.keys(context)) {
    if (prefix !== "kb" && !(prefix in OFFICIAL_PREFIXES))
      problems.push(`@context: unexpected prefix ${prefix}`);
  }
}

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** The lexical rules of each datatype (XML Schema 1.1 Part 2), for a JSON-LD value. */
function checkLiteral(value: Json, datatype: Datatype): string | undefined {
  // JSON-LD reads a bare string as xsd:string, a bare integer as xsd:integer, a bare boolean as xsd:boolean.
  if (typeof value === "string") return datatype === "xsd:string" ? undefined : `must be typed ${datatype}`;
  if (typeof value === "boolean") return datatype === "xsd:boolean" ? undefined : `must be typed ${datatype}`;
  if (typeof value === "number")
    return datatype === "xsd:integer" && Number.isSafeInteger(value)
      ? undefined
      : `must be typed ${datatype}`;
  if (!isObject(value) || typeof value["@value"] !== "string") return `must be a value of type ${datatype}`;
  if (value["@type"] !== datatype) return `is typed ${String(value["@type"])}, not ${datatype}`;
  const text = value["@value"];
  const ok = (() => {
    switch (datatype) {
      case "xsd:string":
        return true;
      case "xsd:dateTime":
        return validDateTime(text);
      case "xsd:integer":
        return /^[+-]?\d+$/.test(text);
      case "xsd:nonNegativeInteger":
        return /^\+?\d+$/.test(text);
      case "xsd:boolean":
        return /^(true|false|1|0)$/.test(text);
      case "xsd:decimal":
        return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text);
      case "xsd:hexBinary":
        return /^([0-9a-fA-F]{2})*$/.test(text);
      case "xsd:anyURI":
        return !/\s/.test(text);
      case "uco-vocabulary:HashNameVocab":
        return (HASH_NAMES as readonly string[]).includes(text);
    }
  })();
  return ok ? undefined : `"${text}" is not a valid ${datatype}`;
}

function validDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 14 && Number(m[10]) < 60);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetOk
  );
}

function checkHashLength(node: JsonObject, label: string, problems: string[]): void {
  const method = node["uco-types:hashMethod"];
  const value = node["uco-types:hashValue"];
  if (!isObject(method) || !isObject(value)) return;
  const expected = HASH_HEX_LENGTH[method["@value"] as (typeof HASH_NAMES)[number]];
  const hex = value["@value"];
  if (expected !== undefined && typeof hex === "string" && hex.length !== expected)
    problems.push(
      `${label}: a ${String(method["@value"])} hashValue has ${expected} hex digits, not ${hex.length}`,
    );
}
