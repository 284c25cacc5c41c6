/**
 * The demo's cases, played through the real flow: officers of the right role and unit draft,
 * submit, approve, acknowledge and decide through the services, and the nodes' delivery ticks
 * carry every message over mutual TLS, so each incoming copy and each decision seen by the
 * requesting State is what the federation produced. What is left for people to do:
 *
 *   XA  case-officer answers XB's request for more information; a draft; a request to XC awaiting
 *       the supervisor's approval; duty-officer: XC's urgent preservation in the 24/7 queue.
 *   XB  duty-officer: XA's second urgent preservation to acknowledge (and the first, granted with
 *       conditions, to extend); supervisor: XC's MLA request to acknowledge; its own request to XC
 *       came back refused in part, with grounds.
 *   XC  executed what it granted in part: the traffic data went to XB as evidence, which XB's
 *       officers can open (stating a purpose) and export as a court bundle.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ActionInput } from "../../cases/action-input.js";
import type { Actor, Role } from "../../cases/roles.js";
import { deliveryTick } from "../../federation/delivery-tick.js";
import { httpTransport } from "../../federation/http-transport.js";
import type { FederationListener } from "../../server/federation-listener.js";
import type { NodeContext } from "../../server/node-context.js";
import type { OpenNode } from "../../server/node-runtime.js";
import { releaseEvidence, reviewEvidence } from "../../services/evidence/release.js";
import { appendUpload, completeUpload, startUpload } from "../../services/evidence/upload.js";
import { operatorActor } from "../../services/peers/operator-actor.js";
import { createCase } from "../../services/requests/create-case.js";
import { draftRequest } from "../../services/requests/draft-request.js";
import { performAction } from "../../services/requests/perform-action.js";
import { CliError } from "../cli-error.js";
import type { DemoState } from "./demo-layout.js";

export type SeedingNode = {
  state: DemoState;
  dataDir: string;
  node: OpenNode;
  listener: FederationListener;
  context: NodeContext;
};

const EXAMPLES = resolve(import.meta.dirname, "..", "..", "..", "examples", "valid");

type Addressing = { from: DemoState; to: DemoState; reference: string; language: string };

/** An example request from examples/valid, re-addressed; `relatedRequests` kept only where it still holds. */
function documentFor(kind: string, at: Addressing, context: NodeContext): Record<string, unknown> {
  const example = JSON.parse(readFileSync(join(EXAMPLES, `${kind}.json`), "utf8")) as Record<string, unknown>;
  const { relatedRequests, ...document } = example;
  const authority = context.treaties.declarations(at.from, "uncc-2024")?.centralAuthority?.name;
  return {
    ...document,
    ...(at.from === "XA" && at.to === "XB" ? { relatedRequests } : {}),
    reference: at.reference,
    requestingState: at.from,
    requestedState: at.to,
    languages: { request: at.language },
    requestingAuthority: {
      ...(example.requestingAuthority as object),
      ...(authority ? { name: authority } : {}),
    },
    ...("dataLocation" in example ? { dataLocation: { state: at.to } } : {}),
    ...("custodian" in example
      ? { custodian: { ...(example.custodian as object), establishedIn: at.to } }
      : {}),
  };
}

export async function seedDemo(nodes: readonly SeedingNode[]): Promise<void> {
  const node = (state: DemoState) => {
    const found = nodes.find((n) => n.state === state);
    if (!found) throw new CliError("INTERNAL", `no demo node ${state}`);
    return found;
  };
  const xa = node("XA");
  const xb = node("XB");
  const xc = node("XC");
  const exchange = messenger(nodes);

  const phishing = await openCase(xa, "XA-CYBER-2026-001", "Phishing against bank customers");
  const preserved = await send(xa, phishing, "preservation", {
    to: "XB",
    reference: "XA-2026-PRES-0042",
    language: "fr",
  });
  const stored = await send(xa, phishing, "stored-data", {
    to: "XB",
    reference: "XA-2026-STOR-0042",
    language: "fr",
  });
  await draft(xa, phishing, "general-mla", { to: "XB", reference: "XA-2026-GENE-0043", language: "fr" });
  const ransomware = await openCase(xa, "XA-CYBER-2026-002", "Ransomware against a hospital");
  await send(xa, ransomware, "preservation", { to: "XB", reference: "XA-2026-PRES-0051", language: "fr" });
  const toApprove = await draft(xa, ransomware, "general-mla", {
    to: "XC",
    reference: "XA-2026-GENE-0051",
    language: "en",
  });
  await act(xa, "case-officer", toApprove, "submit");
  const compromise = await openCase(xc, "XC-CYBER-2026-007", "Business email compromise");
  await send(xc, compromise, "general-mla", { to: "XB", reference: "XC-2026-GENE-0007", language: "fr" });
  await send(xc, compromise, "preservation", { to: "XA", reference: "XC-2026-PRES-0007", language: "en" });
  const shop = await openCase(xb, "XB-CYBER-2026-013", "Fraudulent online shop");
  const asked = await send(xb, shop, "general-mla", {
    to: "XC",
    reference: "XB-2026-GENE-0013",
    language: "en",
  });
  await exchange();

  // XB's 24/7 point of contact grants the preservation; its central authority asks about the MLA request.
  const preservedCopy = await copyOn(xb, preserved);
  for (const action of ["acknowledge", "begin-review"]) await act(xb, "duty-officer", preservedCopy, action);
  await act(xb, "duty-officer", preservedCopy, "grant-with-conditions", {
    reason: "Subscriber data and connection logs preserved by HébergeNet SARL for 90 days.",
    conditions: [{ type: "use-limitation", text: "Only for the proceedings named in the request." }],
  });
  const storedCopy = await copyOn(xb, stored);
  for (const action of ["acknowledge", "begin-review"]) await act(xb, "supervisor", storedCopy, action);
  await act(xb, "supervisor", storedCopy, "request-information", {
    reason: "Which of the accounts named in the request do you need the content of?",
  });
  // XC consults XB before refusing part of its request.
  const askedCopy = await copyOn(xc, asked);
  for (const action of ["acknowledge", "begin-review"]) await act(xc, "supervisor", askedCopy, action);
  await act(xc, "supervisor", askedCopy, "open-consultation", {
    reason: "Content data of third parties cannot be given; would traffic data alone help?",
  });
  await exchange();
  await act(xb, "supervisor", asked, "answer-consultation", {
    reason: "Yes: traffic data alone would help.",
  });
  await exchange();
  await act(xc, "supervisor", askedCopy, "grant-partially", {
    grounds: ["R-DATAPROT"],
    reason: "Content data of third parties is withheld; traffic data will be given.",
  });
  await exchange();
  // XC executes: its executing officer takes in the traffic data, its supervisor reviews and
  // releases it, and XB fetches, checks and receives it.
  await act(xc, "executing-officer", askedCopy, "start-execution");
  await sendEvidence(xc, askedCopy, "traffic-data.csv", trafficData());
  await exchange();
}

async function sendEvidence(
  node: SeedingNode,
  requestId: string,
  fileName: string,
  data: Buffer,
): Promise<void> {
  const { context } = node;
  const officer = await actorOf(node, "executing-officer");
  const supervisor = await actorOf(node, "supervisor");
  const upload = await startUpload(context, officer, requestId, {
    fileName,
    mediaType: "text/csv",
    size: data.length,
    source: { kind: "service-provider", name: "ShopHost Ltd", system: "edge routers" },
    acquisition: { method: "production order; export by the provider" },
  });
  await appendUpload(context, officer, upload.itemId, 0, [data]);
  await completeUpload(context, officer, upload.itemId);
  await reviewEvidence(context, supervisor, upload.itemId, "Traffic data only, as granted.");
  await releaseEvidence(context, supervisor, upload.itemId);
}

/** A small, plausible traffic-data export. */
function trafficData(): Buffer {
  const rows = ["timestamp_utc,source_ip,source_port,destination,bytes"];
  for (let i = 0; i < 200; i += 1) {
    const at = new Date(Date.UTC(2026, 2, 1, 8, 0, i * 17)).toISOString();
    rows.push(`${at},203.0.113.${(i % 50) + 1},${40000 + i},shop.example,${1000 + ((i * 7919) % 9000)}`);
  }
  return Buffer.from(`${rows.join("\n")}\n`);
}

type Target = Omit<Addressing, "from">;

async function openCase(node: SeedingNode, reference: string, title: string): Promise<string> {
  const actor = await actorOf(node, "case-officer");
  return (await createCase({ context: node.context, actor, reference, title })).id;
}

async function draft(node: SeedingNode, caseId: string, kind: string, target: Target): Promise<string> {
  const document = documentFor(kind, { from: node.state, ...target }, node.context);
  const actor = await actorOf(node, "case-officer");
  return (await draftRequest({ context: node.context, actor, caseId, treaty: "uncc-2024", document })).id;
}

/** Drafted, submitted and approved (four eyes): the next delivery tick sends it. */
async function send(node: SeedingNode, caseId: string, kind: string, target: Target): Promise<string> {
  const id = await draft(node, caseId, kind, target);
  await act(node, "case-officer", id, "submit");
  await act(node, "supervisor", id, "approve");
  return id;
}

function actorOf(node: SeedingNode, role: Role): Promise<Actor> {
  return operatorActor(node.context.db, role);
}

async function act(
  node: SeedingNode,
  role: Role,
  requestId: string,
  action: string,
  input: ActionInput = {},
) {
  const actor = await actorOf(node, role);
  try {
    await performAction({ context: node.context, actor, requestId, action, input });
  } catch (error) {
    const { reference } = await node.context.db
      .selectFrom("requests")
      .select("reference")
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError("INTERNAL", `${node.state} ${role} could not ${action} ${reference}: ${why}`, {
      cause: error,
    });
  }
}

/** The requested node's copy of `remoteId`: created there when the request message arrived. */
async function copyOn(node: SeedingNode, remoteId: string): Promise<string> {
  const row = await node.context.db
    .selectFrom("requests")
    .select("id")
    .where("remote_request_id", "=", remoteId)
    .executeTakeFirstOrThrow();
  return row.id;
}

const ROUNDS = 100;
const PAUSE_MS = 50;

/**
 * Runs every node's delivery tick, round after round, until nothing is left to send: approved
 * requests sent and every outbox message delivered with its receipt. A message that cannot be
 * delivered stops the creation with what the peer answered.
 */
function messenger(nodes: readonly SeedingNode[]): () => Promise<void> {
  const log = { warn: () => undefined };
  return async () => {
    const transports = nodes.map((node) => httpTransport({ context: node.context, timeoutMs: 10_000 }));
    try {
      const ticks = nodes.map((node, i) =>
        deliveryTick(node.context, log, transports[i] === undefined ? {} : { transport: transports[i] }),
      );
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const tick of ticks) await tick();
        const pending = (await Promise.all(nodes.map(pendingOn))).flat();
        if (pending.length === 0) return;
        if (round === ROUNDS - 1) {
          throw new CliError("INTERNAL", `the demo's messages were not delivered: ${pending.join("; ")}`);
        }
        await new Promise((done) => setTimeout(done, PAUSE_MS));
      }
    } finally {
      for (const transport of transports) transport.close();
    }
  };
}

async function pendingOn(node: SeedingNode): Promise<string[]> {
  const approved = await node.context.db
    .selectFrom("requests")
    .select("reference")
    .where("direction", "=", "outgoing")
    .where("state", "=", "approved")
    .execute();
  const undelivered = await node.context.db
    .selectFrom("outbox")
    .select(["kind", "peer_state", "last_error"])
    .where("delivered_at", "is", null)
    .execute();
  const receiving = await node.context.db
    .selectFrom("evidence_items")
    .select(["file_name", "last_fetch_error"])
    .where("state", "=", "receiving")
    .execute();
  return [
    ...approved.map((r) => `${node.state}: ${r.reference} not sent yet`),
    ...receiving.map(
      (e) => `${node.state}: evidence ${e.file_name} not received yet (${e.last_fetch_error ?? "fetching"})`,
    ),
    ...undelivered.map(
      (m) => `${node.state} → ${m.peer_state}: ${m.kind} (${m.last_error ?? "not attempted yet"})`,
    ),
  ];
}
