import { describe, expect, it } from "vitest";
import { CASE_UCO_CONTEXT, type CustodyRecordInput, custodyToCaseUco } from "./case-uco.js";
import { checkCaseUco, OFFICIAL_PREFIXES } from "./case-uco-shapes.js";
import { CHUNK_SIZE, TAG_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";
import { type Manifest, parseManifest } from "./manifest.js";

const REQUEST_ID = "0b6d5c1e-8f4a-4c2b-9e7d-3a1f2b4c5d6e";
const SHA_A = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SHA_B = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const hex = (c: string) => c.repeat(64);

function manifest(
  itemId: string,
  fileName: string,
  size: number,
  sha256: string,
  mediaType: string,
): Manifest {
  // Chunk sizes follow chunked-aead.ts, whatever its chunk size is now.
  const full = Math.floor(size / CHUNK_SIZE);
  const rest = size % CHUNK_SIZE;
  const sizes = size === 0 ? [0] : [...Array<number>(full).fill(CHUNK_SIZE), ...(rest > 0 ? [rest] : [])];
  return parseManifest({
    format: "rogatory.evidence-manifest/1",
    itemId,
    requestId: REQUEST_ID,
    fileName,
    mediaType,
    size,
    sha256,
    chunkSize: CHUNK_SIZE,
    chunks: sizes.map((s, index) => ({
      index,
      last: index === sizes.length - 1,
      plaintextSha256: hex("a"),
      ciphertextSha256: hex("b"),
      ciphertextSize: s + TAG_LENGTH,
    })),
    source: { kind: "service-provider", name: "Mailco", system: "mail" },
    acquisition: { method: "provider export", officer: "bob", at: "2025-03-01T10:00:00.000Z" },
    legalBasis: { treaty: "uncc-2024", article: "40" },
    conditions: [{ type: "use-limitation", text: "Only for case 12/2025" }],
    node: { state: "XB" },
  });
}

function record(): CustodyRecordInput {
  return {
    request: {
      id: REQUEST_ID,
      reference: "XA-2025-0012",
      kind: "stored-data",
      requestingState: "XA",
      requestedState: "XB",
      treaty: "uncc-2024",
    },
    items: [
      {
        manifest: manifest("11111111-2222-4333-8444-555555555555", "empty.log", 0, SHA_A, "text/plain"),
        events: [
          { event: "acquired", at: "2025-03-01T10:00:00.000Z", actor: "bob", state: "XB", ledgerIndex: 7 },
          { event: "sealed", at: "2025-03-01T10:00:01.000Z", actor: "node:XB", state: "XB", ledgerIndex: 8 },
          { event: "released", at: "2025-03-02T09:00:00.000Z", actor: "carol", state: "XB", ledgerIndex: 12 },
          {
            event: "transmitted",
            at: "2025-03-02T09:01:00.000Z",
            actor: "node:XB",
            state: "XB",
            ledgerIndex: 13,
          },
          {
            event: "received",
            at: "2025-03-02T09:02:00.000Z",
            actor: "node:XA",
            state: "XA",
            ledgerIndex: 40,
          },
          {
            event: "verified",
            at: "2025-03-02T09:02:01.000Z",
            actor: "node:XA",
            state: "XA",
            ledgerIndex: 41,
          },
          {
            event: "opened",
            at: "2025-03-03T08:00:00.000Z",
            actor: "alice",
            state: "XA",
            purpose: "prosecution of case 12/2025",
            ledgerIndex: 45,
          },
        ],
      },
      {
        manifest: manifest(
          "66666666-7777-4888-9999-000000000000",
          "mailbox.mbox",
          140000,
          SHA_B,
          "application/mbox",
        ),
        events: [
          { event: "acquired", at: "2025-03-01T11:00:00.000Z", actor: "bob", state: "XB", ledgerIndex: 9 },
          { event: "reviewed", at: "2025-03-01T12:00:00.000Z", actor: "carol", state: "XB", ledgerIndex: 10 },
          {
            event: "exported",
            at: "2025-03-04T08:00:00.000Z",
            actor: "alice",
            state: "XA",
            purpose: "court hearing",
            ledgerIndex: 50,
          },
        ],
      },
    ],
  };
}

type Node = Record<string, unknown> & { "@id": string; "@type": string };
type Doc = { "@context": Record<string, string>; "@graph": Node[] };

const exported = (input: CustodyRecordInput = record()) => custodyToCaseUco(input) as Doc;
const byType = (doc: Doc, type: string) => doc["@graph"].filter((n) => n["@type"] === type);
const byId = (doc: Doc, id: string) => doc["@graph"].find((n) => n["@id"] === id);
const idOf = (value: unknown) => (value as { "@id": string })["@id"];
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

describe("custodyToCaseUco", () => {
  it("produces a document that conforms to the CASE/UCO shapes", () => {
    expect(checkCaseUco(exported())).toEqual([]);
  });

  it("maps the context prefixes to the official ontology IRIs", () => {
    const doc = exported();
    expect(doc["@context"]).toEqual(CASE_UCO_CONTEXT);
    expect(doc["@context"]["uco-core"]).toBe("https://ontology.unifiedcyberontology.org/uco/core/");
    expect(doc["@context"]["case-investigation"]).toBe(
      "https://ontology.caseontology.org/case/investigation/",
    );
    expect(doc["@context"].xsd).toBe("http://www.w3.org/2001/XMLSchema#");
  });

  it("gives the same document for the same record, and other ids for another request", () => {
    expect(JSON.stringify(exported())).toBe(JSON.stringify(exported()));
    const other = record();
    const otherId = "0b6d5c1e-8f4a-4c2b-9e7d-3a1f2b4c5d6f";
    other.request.id = otherId;
    other.items = other.items.map((item) => ({
      ...item,
      manifest: { ...item.manifest, requestId: otherId },
    }));
    const ids = new Set(exported()["@graph"].map((n) => n["@id"]));
    expect(exported(other)["@graph"].some((n) => ids.has(n["@id"]))).toBe(false);
  });

  it("describes the request as the investigation compiling every node", () => {
    const doc = exported();
    const [investigation] = byType(doc, "case-investigation:Investigation");
    expect(investigation?.["uco-core:name"]).toBe("XA-2025-0012");
    expect(investigation?.["case-investigation:focus"]).toEqual(["stored-data"]);
    const reference = first(investigation?.["uco-core:externalReference"]) as Node;
    expect(reference["uco-core:externalIdentifier"]).toBe(REQUEST_ID);
    const compiled = (investigation?.["uco-core:object"] as unknown[] | undefined)?.map(idOf);
    const others = doc["@graph"].filter((n) => n !== investigation).map((n) => n["@id"]);
    expect(compiled).toEqual(others);
    const authorization = byId(doc, idOf(first(investigation?.["case-investigation:relevantAuthorization"])));
    expect(authorization?.["case-investigation:authorizationIdentifier"]).toEqual(["XA-2025-0012"]);
    expect(authorization?.["uco-core:description"]).toContain("uncc-2024");
  });

  it("carries each file's name, size, media type and SHA-256 as given", () => {
    const input = record();
    const files = byType(exported(input), "uco-observable:File");
    expect(files).toHaveLength(2);
    files.forEach((file, i) => {
      const m = input.items[i]?.manifest as Manifest;
      const facets = file["uco-core:hasFacet"] as Node[];
      const fileFacet = facets.find((f) => f["@type"] === "uco-observable:FileFacet") as Node;
      const content = facets.find((f) => f["@type"] === "uco-observable:ContentDataFacet") as Node;
      expect(fileFacet["uco-observable:fileName"]).toBe(m.fileName);
      expect(fileFacet["uco-observable:sizeInBytes"]).toEqual({
        "@type": "xsd:integer",
        "@value": String(m.size),
      });
      expect(content["uco-observable:sizeInBytes"]).toEqual({
        "@type": "xsd:integer",
        "@value": String(m.size),
      });
      expect(content["uco-observable:mimeType"]).toBe(m.mediaType);
      expect(content["uco-observable:hash"]).toEqual([
        {
          "@id": expect.stringMatching(/^kb:hash-/),
          "@type": "uco-types:Hash",
          "uco-types:hashMethod": { "@type": "uco-vocabulary:HashNameVocab", "@value": "SHA256" },
          "uco-types:hashValue": { "@type": "xsd:hexBinary", "@value": m.sha256 },
        },
      ]);
    });
  });

  it("turns every custody event, in order, into an action on its file with its actor, time, place and ledger entry", () => {
    const input = record();
    const doc = exported(input);
    const files = byType(doc, "uco-observable:File");
    const actions = byType(doc, "case-investigation:InvestigativeAction");
    expect(actions).toHaveLength(input.items.reduce((n, item) => n + item.events.length, 0));
    input.items.forEach((item, i) => {
      const fileId = files[i]?.["@id"];
      const mine = actions.filter((a) => idOf(first(a["uco-action:object"])) === fileId);
      expect(mine.map((a) => a["uco-core:name"])).toEqual(item.events.map((e) => e.event));
      mine.forEach((action, j) => {
        const event = item.events[j];
        expect(action["uco-action:startTime"]).toEqual({ "@type": "xsd:dateTime", "@value": event?.at });
        const reference = first(action["uco-core:externalReference"]) as Node;
        expect(reference["uco-core:externalIdentifier"]).toBe(String(event?.ledgerIndex));
        expect(reference["uco-core:definingContext"]).toContain(`ledger of ${event?.state}`);
        const performer = byId(doc, idOf(action["uco-action:performer"])) as Node;
        if (event?.actor.startsWith("node:")) {
          expect(performer["@type"]).toBe("uco-tool:Tool");
          expect(performer["uco-core:name"]).toBe(`Rogatory node of ${event.actor.slice(5)}`);
        } else {
          expect(performer).toMatchObject({ "@type": "uco-identity:Person", "uco-core:name": event?.actor });
        }
        const location = byId(doc, idOf(first(action["uco-action:location"]))) as Node;
        expect(first(location["uco-core:hasFacet"])).toMatchObject({ "uco-location:country": event?.state });
        expect(action["uco-core:description"]).toBe(
          event?.purpose === undefined ? undefined : `Stated purpose: ${event.purpose}`,
        );
        // Each step results in a provenance record of the same file, and follows the step before it.
        const result = byId(doc, idOf(first(action["uco-action:result"]))) as Node;
        expect(result["@type"]).toBe("case-investigation:ProvenanceRecord");
        expect((result["uco-core:object"] as unknown[]).map(idOf)).toEqual([fileId]);
        expect(result["case-investigation:exhibitNumber"]).toBe(item.manifest.itemId);
        const informedBy = action["case-investigation:wasInformedBy"] as unknown[] | undefined;
        expect(informedBy?.map(idOf)).toEqual(j === 0 ? undefined : [mine[j - 1]?.["@id"]]);
      });
    });
  });

  it("refuses an inconsistent record with EVIDENCE_CUSTODY_RECORD_INVALID", () => {
    const cases: [string, (r: CustodyRecordInput) => void][] = [
      ["unknown event", (r) => Object.assign(r.items[0]?.events[0] ?? {}, { event: "lost" })],
      ["bad time", (r) => Object.assign(r.items[0]?.events[0] ?? {}, { at: "yesterday" })],
      ["bad State", (r) => Object.assign(r.items[0]?.events[0] ?? {}, { state: "xb" })],
      ["empty actor", (r) => Object.assign(r.items[0]?.events[0] ?? {}, { actor: "" })],
      ["ledger entry used twice", (r) => Object.assign(r.items[1]?.events[0] ?? {}, { ledgerIndex: 7 })],
      [
        "item of another request",
        (r) => Object.assign(r.request, { id: "0b6d5c1e-8f4a-4c2b-9e7d-3a1f2b4c5d6f" }),
      ],
      ["item listed twice", (r) => r.items.push(r.items[0] as CustodyRecordInput["items"][number])],
    ];
    for (const [what, breakIt] of cases) {
      const input = record();
      breakIt(input);
      expect(() => custodyToCaseUco(input), what).toThrow(
        expect.objectContaining({ code: "EVIDENCE_CUSTODY_RECORD_INVALID" }),
      );
    }
    const input = record();
    Object.assign(input.items[0]?.manifest ?? {}, { sha256: "not-a-hash" });
    expect(() => custodyToCaseUco(input)).toThrow(EvidenceError);
  });
});

describe("checkCaseUco", () => {
  const mutate = (change: (doc: Doc) => void): Doc => {
    const doc = structuredClone(exported());
    change(doc);
    return doc;
  };
  const file = (doc: Doc) => byType(doc, "uco-observable:File")[0] as Node;
  const hash = (doc: Doc) =>
    first(((file(doc)["uco-core:hasFacet"] as Node[])[1] as Node)["uco-observable:hash"]) as Node;
  const action = (doc: Doc) => byType(doc, "case-investigation:InvestigativeAction")[0] as Node;
  const record_ = (doc: Doc) => byType(doc, "case-investigation:ProvenanceRecord")[0] as Node;

  const breakages: [string, (doc: Doc) => void, string][] = [
    ["a node without @id", (d) => delete (file(d) as Partial<Node>)["@id"], "@id must be"],
    [
      "an @id that is not kb:<kind>-<UUID>",
      (d) => Object.assign(record_(d), { "@id": "kb:record-1" }),
      "@id must be",
    ],
    [
      "two nodes with one @id",
      (d) => Object.assign(record_(d), { "@id": file(d)["@id"] }),
      "used by two nodes",
    ],
    ["a node without @type", (d) => delete (action(d) as Partial<Node>)["@type"], "no @type"],
    [
      "a class not in the ontology",
      (d) => Object.assign(file(d), { "@type": "uco-observable:Fyle" }),
      "not a class",
    ],
    [
      "a property the class does not allow",
      (d) => Object.assign(file(d), { "uco-observable:fileName": "x" }),
      "not allowed",
    ],
    [
      "a hash value as a plain string",
      (d) => Object.assign(hash(d), { "uco-types:hashValue": SHA_A }),
      "must be typed xsd:hexBinary",
    ],
    [
      "a SHA-256 value of 63 hex digits",
      (d) =>
        Object.assign(hash(d), {
          "uco-types:hashValue": { "@type": "xsd:hexBinary", "@value": `0${SHA_A.slice(2)}` },
        }),
      "64 hex digits, not 63",
    ],
    [
      "a hash value that is not hex",
      (d) =>
        Object.assign(hash(d), {
          "uco-types:hashValue": { "@type": "xsd:hexBinary", "@value": "zz".repeat(32) },
        }),
      "not a valid xsd:hexBinary",
    ],
    [
      "a hash method outside HashNameVocab",
      (d) =>
        Object.assign(hash(d), {
          "uco-types:hashMethod": { "@type": "uco-vocabulary:HashNameVocab", "@value": "SHA257" },
        }),
      "not a valid uco-vocabulary:HashNameVocab",
    ],
    [
      "a hash without its value",
      (d) => delete hash(d)["uco-types:hashValue"],
      "uco-types:hashValue is required",
    ],
    [
      "a size typed as a string",
      (d) =>
        Object.assign((file(d)["uco-core:hasFacet"] as Node[])[0] as Node, {
          "uco-observable:sizeInBytes": { "@type": "xsd:string", "@value": "0" },
        }),
      "not xsd:integer",
    ],
    [
      "a size that is not an integer",
      (d) =>
        Object.assign((file(d)["uco-core:hasFacet"] as Node[])[0] as Node, {
          "uco-observable:sizeInBytes": { "@type": "xsd:integer", "@value": "1.5" },
        }),
      "not a valid xsd:integer",
    ],
    [
      "an impossible start time",
      (d) =>
        Object.assign(action(d), {
          "uco-action:startTime": { "@type": "xsd:dateTime", "@value": "2025-02-30T10:00:00Z" },
        }),
      "not a valid xsd:dateTime",
    ],
    [
      "a start time as a plain string",
      (d) => Object.assign(action(d), { "uco-action:startTime": "2025-03-01T10:00:00Z" }),
      "must be typed xsd:dateTime",
    ],
    [
      "two performers",
      (d) =>
        Object.assign(action(d), {
          "uco-action:performer": [action(d)["uco-action:performer"], { "@id": file(d)["@id"] }],
        }),
      "at most 1 allowed",
    ],
    [
      "a reference to a node not in the graph",
      (d) =>
        Object.assign(action(d), {
          "uco-action:result": [{ "@id": "kb:provenance-record-00000000-0000-4000-8000-000000000000" }],
        }),
      "not in the graph",
    ],
    [
      "a location that is not a Location",
      (d) => Object.assign(action(d), { "uco-action:location": [{ "@id": file(d)["@id"] }] }),
      "not a uco-location:Location",
    ],
    [
      "a provenance record without its object",
      (d) => delete record_(d)["uco-core:object"],
      "uco-core:object is required",
    ],
    [
      "a literal where a reference belongs",
      (d) => Object.assign(record_(d), { "uco-core:object": ["the file"] }),
      "must reference a node",
    ],
    [
      "a prefix mapped to another IRI",
      (d) =>
        Object.assign(d["@context"], { "uco-core": "https://unifiedcyberontology.org/ontology/uco/core#" }),
      "uco-core must map to https://ontology.unifiedcyberontology.org/uco/core/",
    ],
    [
      "an unknown prefix",
      (d) => Object.assign(d["@context"], { acme: "http://example.org/acme#" }),
      "unexpected prefix acme",
    ],
  ];

  it("accepts the export unchanged (the breakages below are what it catches)", () => {
    expect(checkCaseUco(exported())).toEqual([]);
  });

  it.each(breakages)("catches %s", (_what, change, expected) => {
    const problems = checkCaseUco(mutate(change));
    expect(
      problems.some((p) => p.includes(expected)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("knows only the official namespace IRIs", () => {
    for (const iri of Object.values(OFFICIAL_PREFIXES)) {
      expect(iri).toMatch(
        /^(https:\/\/ontology\.(unifiedcyberontology|caseontology)\.org\/(uco|case)\/[a-z]+\/|http:\/\/www\.w3\.org\/2001\/XMLSchema#)$/,
      );
    }
  });
});
