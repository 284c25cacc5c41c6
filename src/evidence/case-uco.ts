/**
 * The custody record of a request's evidence as a CASE/UCO JSON-LD document (CASE 1.x, UCO 1.x), so
 * that forensic tools that speak CASE can read who did what to which file, when and where. It goes
 * into the court bundle as `custody.jsonld`; docs/evidence.md, "CASE/UCO export", describes it.
 *
 * The mapping follows the CASE examples' chain-of-custody pattern: the request is an Investigation;
 * each evidence item is a File with its name, size, media type and SHA-256; each custody event is an
 * InvestigativeAction on the File whose result is a ProvenanceRecord of the File. The same record
 * always gives the same document (node ids are name-based UUIDs), so two exports can be compared.
 *
 * Pure: no I/O. src/evidence/case-uco-shapes.ts holds the ontology constraints the output is tested against.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { UuidSchema } from "../crypto/envelope-kinds.js";
import { StateCodeSchema, TreatyIdSchema } from "../treaty/request-document.js";
import { OFFICIAL_PREFIXES } from "./case-uco-shapes.js";
import { CUSTODY_EVENTS } from "./custody.js";
import { EvidenceError } from "./errors.js";
import { type Manifest, parseManifest } from "./manifest.js";

export type CustodyEventInput = {
  /** One of CUSTODY_EVENTS (src/evidence/custody.ts). */
  event: string;
  /** ISO 8601 time of the ledger entry. */
  at: string;
  /** A user name, or `node:XA` for a node acting on its own. */
  actor: string;
  /** The State whose ledger holds the entry. */
  state: string;
  purpose?: string;
  /** The entry's index in that State's ledger. */
  ledgerIndex: number;
};

export type CustodyRecordInput = {
  request: {
    id: string;
    reference: string;
    kind: string;
    requestingState: string;
    requestedState: string;
    treaty: string;
  };
  /** Events in the order they are to be read (the caller's custody order); kept as given. */
  items: { manifest: Manifest; events: CustodyEventInput[] }[];
};

/**
 * Base IRI of the `kb:` nodes. A URN in the project's own namespace: the nodes name things of this
 * export, not resources anyone can fetch.
 */
export const CASE_UCO_KB = "urn:rogatory:case-uco:";

export const CASE_UCO_CONTEXT = { kb: CASE_UCO_KB, ...OFFICIAL_PREFIXES } as const;

/** Namespace of the name-based (version 5) UUIDs in node ids; fixed so the same record gives the same ids. */
const ID_NAMESPACE = "5b0f8f6e-2c47-4d2a-9f61-7d3c1e0a9b24";

const NODE_ACTOR = /^node:([A-Z]{2})$/;

const EventSchema = z.strictObject({
  event: z.enum(CUSTODY_EVENTS),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(200),
  state: StateCodeSchema,
  purpose: z.string().min(1).max(4000).optional(),
  ledgerIndex: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});

const RecordSchema = z.strictObject({
  request: z.strictObject({
    id: UuidSchema,
    reference: z.string().min(1).max(200),
    kind: z.string().min(1).max(100),
    requestingState: StateCodeSchema,
    requestedState: StateCodeSchema,
    treaty: TreatyIdSchema,
  }),
  items: z.array(z.strictObject({ manifest: z.unknown(), events: z.array(EventSchema) })),
});

type JsonLdNode = { "@id": string; "@type": string; [property: string]: unknown };

const ref = (id: string) => ({ "@id": id });
const typed = (type: string, value: string) => ({ "@type": type, "@value": value });

/** Builds the JSON-LD document; EVIDENCE_CUSTODY_RECORD_INVALID (or EVIDENCE_MANIFEST_INVALID) on bad input. */
export function custodyToCaseUco(record: CustodyRecordInput): object {
  const { request, items } = checkRecord(record);
  const ids = nodeIds(request.id);
  const graph: JsonLdNode[] = [];
  const places = new Map<string, { tool: string; location: string }>();
  const actors = new Map<string, string>();

  const placeOf = (state: string) => {
    let place = places.get(state);
    if (place === undefined) {
      place = { tool: ids("tool", state), location: ids("location", state) };
      places.set(state, place);
    }
    return place;
  };
  const actorOf = (actor: string): string => {
    const node = NODE_ACTOR.exec(actor);
    if (node?.[1] !== undefined) return placeOf(node[1]).tool;
    let id = actors.get(actor);
    if (id === undefined) {
      id = ids("person", actor);
      actors.set(actor, id);
    }
    return id;
  };

  const itemNodes: JsonLdNode[] = [];
  for (const { manifest, events } of items) {
    const file = fileNode(manifest, ids);
    itemNodes.push(file);
    let previous: string | undefined;
    for (const event of events) {
      const key = `${event.state}:${event.ledgerIndex}`;
      const actionId = ids("investigative-action", key);
      const recordId = ids("provenance-record", key);
      const place = placeOf(event.state);
      itemNodes.push({
        "@id": actionId,
        "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": event.event,
        ...(event.purpose === undefined
          ? {}
          : { "uco-core:description": `Stated purpose: ${event.purpose}` }),
        "uco-action:startTime": typed("xsd:dateTime", event.at),
        "uco-action:performer": ref(actorOf(event.actor)),
        "uco-action:instrument": [ref(place.tool)],
        "uco-action:location": [ref(place.location)],
        "uco-action:object": [ref(file["@id"])],
        "uco-action:result": [ref(recordId)],
        ...(previous === undefined ? {} : { "case-investigation:wasInformedBy": [ref(previous)] }),
        "uco-core:externalReference": [
          {
            "@id": ids("external-reference", key),
            "@type": "uco-core:ExternalReference",
            "uco-core:definingContext": `Rogatory ledger of ${event.state}, entry evidence.${event.event}`,
            "uco-core:externalIdentifier": String(event.ledgerIndex),
          },
        ],
      });
      itemNodes.push({
        "@id": recordId,
        "@type": "case-investigation:ProvenanceRecord",
        "uco-core:description": `${manifest.fileName} after "${event.event}" in ${event.state}`,
        "case-investigation:exhibitNumber": manifest.itemId,
        "uco-core:object": [ref(file["@id"])],
      });
      previous = actionId;
    }
  }

  for (const [state, place] of [...places].sort(([a], [b]) => a.localeCompare(b))) {
    graph.push(toolNode(state, place.tool, ids), locationNode(state, place.location, ids));
  }
  for (const [actor, id] of [...actors].sort(([a], [b]) => a.localeCompare(b))) {
    graph.push({ "@id": id, "@type": "uco-identity:Person", "uco-core:name": actor });
  }
  graph.push(...itemNodes);

  const authorizationId = ids("authorization", "request");
  const authorization: JsonLdNode = {
    "@id": authorizationId,
    "@type": "case-investigation:Authorization",
    "case-investigation:authorizationType": "international cooperation request",
    "case-investigation:authorizationIdentifier": [request.reference],
    "uco-core:description": `${request.kind} request from ${request.requestingState} to ${request.requestedState} under treaty ${request.treaty}`,
  };
  const investigation: JsonLdNode = {
    "@id": ids("investigation", "request"),
    "@type": "case-investigation:Investigation",
    "uco-core:name": request.reference,
    "case-investigation:focus": [request.kind],
    "case-investigation:relevantAuthorization": [ref(authorizationId)],
    "uco-core:externalReference": [
      {
        "@id": ids("external-reference", "request"),
        "@type": "uco-core:ExternalReference",
        "uco-core:definingContext": "Rogatory request id",
        "uco-core:externalIdentifier": request.id,
      },
    ],
    "uco-core:object": [authorization, ...graph].map((node) => ref(node["@id"])),
  };
  return { "@context": CASE_UCO_CONTEXT, "@graph": [investigation, authorization, ...graph] };
}

function checkRecord(record: CustodyRecordInput): {
  request: CustodyRecordInput["request"];
  items: CustodyRecordInput["items"];
} {
  const parsed = RecordSchema.safeParse(record);
  if (!parsed.success) invalid(`not a valid custody record: ${z.prettifyError(parsed.error)}`);
  const { request } = parsed.data;
  const seenItems = new Set<string>();
  const seenEntries = new Set<string>();
  const items = parsed.data.items.map(({ manifest: raw, events }) => {
    const manifest = parseManifest(raw);
    if (manifest.requestId !== request.id)
      invalid(`item ${manifest.itemId} belongs to request ${manifest.requestId}, not ${request.id}`);
    if (seenItems.has(manifest.itemId)) invalid(`item ${manifest.itemId} is listed twice`);
    seenItems.add(manifest.itemId);
    for (const { state, ledgerIndex } of events) {
      const key = `${state}:${ledgerIndex}`;
      if (seenEntries.has(key)) invalid(`ledger entry ${ledgerIndex} of ${state} is given for two events`);
      seenEntries.add(key);
    }
    return { manifest, events: events.map(dropUndefinedPurpose) };
  });
  return { request, items };
}

function dropUndefinedPurpose(event: z.infer<typeof EventSchema>): CustodyEventInput {
  const { purpose, ...rest } = event;
  return purpose === undefined ? rest : { ...rest, purpose };
}

function invalid(message: string): never {
  throw new EvidenceError("EVIDENCE_CUSTODY_RECORD_INVALID", message);
}

function fileNode(manifest: Manifest, ids: NodeIds): JsonLdNode {
  const item = manifest.itemId;
  const source = `${manifest.source.kind} "${manifest.source.name}"${manifest.source.system === undefined ? "" : `, system "${manifest.source.system}"`}`;
  return {
    "@id": ids("file", item),
    "@type": "uco-observable:File",
    "uco-core:name": manifest.fileName,
    "uco-core:description": [
      `Evidence item ${item}, acquired from ${source} by ${manifest.acquisition.method}`,
    ],
    "uco-core:hasFacet": [
      {
        "@id": ids("file-facet", item),
        "@type": "uco-observable:FileFacet",
        "uco-observable:fileName": manifest.fileName,
        "uco-observable:sizeInBytes": typed("xsd:integer", String(manifest.size)),
      },
      {
        "@id": ids("content-data-facet", item),
        "@type": "uco-observable:ContentDataFacet",
        "uco-observable:sizeInBytes": typed("xsd:integer", String(manifest.size)),
        "uco-observable:mimeType": manifest.mediaType,
        "uco-observable:hash": [
          {
            "@id": ids("hash", item),
            "@type": "uco-types:Hash",
            "uco-types:hashMethod": typed("uco-vocabulary:HashNameVocab", "SHA256"),
            "uco-types:hashValue": typed("xsd:hexBinary", manifest.sha256),
          },
        ],
      },
    ],
  };
}

function toolNode(state: string, id: string, ids: NodeIds): JsonLdNode {
  return {
    "@id": id,
    "@type": "uco-tool:Tool",
    "uco-core:name": `Rogatory node of ${state}`,
    "uco-tool:toolType": "Rogatory node",
    "uco-core:externalReference": [
      {
        "@id": ids("external-reference", `node:${state}`),
        "@type": "uco-core:ExternalReference",
        "uco-core:definingContext": "Rogatory node actor",
        "uco-core:externalIdentifier": `node:${state}`,
      },
    ],
  };
}

function locationNode(state: string, id: string, ids: NodeIds): JsonLdNode {
  return {
    "@id": id,
    "@type": "uco-location:Location",
    "uco-core:name": `State ${state}`,
    "uco-core:hasFacet": [
      {
        "@id": ids("simple-address-facet", state),
        "@type": "uco-location:SimpleAddressFacet",
        "uco-location:country": state,
      },
    ],
  };
}

type NodeIds = (kind: string, key: string) => string;

/** `kb:<kind>-<UUID v5 of request id, kind and key>`: stable, and distinct across requests and kinds. */
function nodeIds(requestId: string): NodeIds {
  return (kind, key) => `kb:${kind}-${uuidV5(`${requestId}\n${kind}\n${key}`)}`;
}

/** RFC 9562 §5.5: SHA-1 of namespace ‖ name, version 5, variant 10. */
function uuidV5(name: string): string {
  const namespace = Buffer.from(ID_NAMESPACE.replaceAll("-", ""), "hex");
  const bytes = createHash("sha1").update(namespace).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
