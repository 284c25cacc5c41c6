/**
 * Requests for the statistics tests, made through the services as people and peers would, at times
 * set on the fake clock: sent and received in several months, to and from two States, in several
 * kinds, ending in every outcome. The expected figures are worked out by hand in the test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionInput } from "../../src/cases/action-input.js";
import { type Actor, type Role, SYSTEM } from "../../src/cases/roles.js";
import { fingerprint } from "../../src/crypto/node-keys.js";
import { signCard } from "../../src/directory/node-card-sign.js";
import { generateNodeKeys, makeCard, tlsFixture } from "../../src/directory/node-card-test-kit.js";
import type { fakeClock } from "../../src/server/clock.js";
import type { NodeContext } from "../../src/server/node-context.js";
import { importPeerCard } from "../../src/services/peers/import-peer-card.js";
import { createCase } from "../../src/services/requests/create-case.js";
import { draftRequest } from "../../src/services/requests/draft-request.js";
import { performAction } from "../../src/services/requests/perform-action.js";
import { receiveRequest } from "../../src/services/requests/receive-request.js";
import { addFakePeer } from "../support/fake-peer.js";
import { REPO } from "../support/run-cli.js";
import type { TestNode } from "../support/test-node.js";

const example = (kind: string) =>
  JSON.parse(readFileSync(join(REPO, "examples", "valid", `${kind}.json`), "utf8"));

/** `2030-01-10` → ten in the morning that day, UTC. */
const at = (day: string) => `${day}T10:00:00.000Z`;

const REFUSAL = {
  grounds: ["R-ESSENTIAL"],
  reason: "Execution would prejudice essential interests.",
  consultationNotAppropriate: "The grounds cannot be met by conditions.",
};

export type FixtureSteps = {
  /** Drafted on `draftedOn` (default `day`), then submitted, approved and sent at `day` (the outgoing request's start). */
  send(kind: string, day: string, draftedOn?: string): Promise<string>;
  /** Drafted (and, with `approve`, submitted and approved) but never sent. */
  unsent(kind: string, day: string, approve: boolean): Promise<string>;
  /** Received from `from` at `day` (the incoming request's start). */
  receive(kind: string, from: string, day: string): Promise<string>;
  /** Actions taken at `day`, by the person the action needs (the node itself for `record-*`); `input` goes with the last. */
  act(requestId: string, day: string, actions: string[], input?: ActionInput): Promise<void>;
};

export async function fixtureSteps(node: TestNode): Promise<FixtureSteps> {
  const { context } = node;
  const clock = context.clock as ReturnType<typeof fakeClock>;
  await addFakePeer(context, "XB");
  await addSecondPeer(context, "XC");
  const person = async (role: Role, unit: string): Promise<Actor> => ({
    kind: "user",
    id: (await node.createUser(role, unit)).id,
    role,
    unit,
  });
  const officer = await person("case-officer", "cyber");
  const approver = await person("supervisor", "cyber");
  const incoming = await person("supervisor", context.config.units.incoming);
  const duty = await person("duty-officer", context.config.units.urgent);
  let cases = 0;

  const whoTakes = (action: string, unit: string): Actor => {
    if (action.startsWith("record-") || action === "send") return SYSTEM;
    if (action === "submit") return officer;
    if (action === "approve" || action === "withdraw") return approver;
    return unit === context.config.units.urgent ? duty : incoming;
  };
  const act: FixtureSteps["act"] = async (requestId, day, actions, input) => {
    clock.set(at(day));
    const row = await context.db
      .selectFrom("requests")
      .select("unit")
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    for (const [index, action] of actions.entries()) {
      const last = index === actions.length - 1;
      await performAction({
        context,
        actor: whoTakes(action, row.unit),
        requestId,
        action,
        ...(last && input ? { input } : {}),
      });
    }
  };
  const draft = async (kind: string, day: string) => {
    clock.set(at(day));
    cases += 1;
    const { id: caseId } = await createCase({
      context,
      actor: officer,
      reference: `STAT-${cases}`,
      title: "Statistics fixture",
    });
    return (
      await draftRequest({ context, actor: officer, caseId, treaty: "uncc-2024", document: example(kind) })
    ).id;
  };
  return {
    act,
    unsent: async (kind, day, approve) => {
      const id = await draft(kind, day);
      if (approve) await act(id, day, ["submit", "approve"]);
      return id;
    },
    send: async (kind, day, draftedOn = day) => {
      const id = await draft(kind, draftedOn);
      await act(id, day, ["submit", "approve", "send"]);
      return id;
    },
    receive: async (kind, from, day) => {
      clock.set(at(day));
      const original = example(kind);
      const document = {
        ...original,
        // The examples' own deadline (30 September 2026) moved into the fixture's year, 2030.
        ...(original.deadline ? { deadline: { ...original.deadline, date: "2030-09-30" } } : {}),
        requestingState: from,
        requestedState: "XA",
        languages: { request: "fr" },
        dataLocation: { state: "XA" },
      };
      return (await receiveRequest({ context, treaty: "uncc-2024", document })).id;
    },
  };
}

/** Like addFakePeer, with the other fixture TLS certificate: two peers may not share one. */
async function addSecondPeer(context: NodeContext, state: string): Promise<void> {
  const keys = generateNodeKeys();
  const card = makeCard(keys, {
    state,
    authority: `Central Authority of ${state}`,
    endpoint: `https://${state.toLowerCase()}.invalid:7400`,
    tls: [tlsFixture(1)],
  });
  await importPeerCard({
    context,
    actor: { kind: "user", id: "statistics-setup", role: "administrator", unit: "admin" },
    ownState: context.config.state,
    card: signCard(card, keys.signing.privateKey),
    fingerprint: fingerprint(keys.signing.publicKey),
  });
}

const REVIEW = ["acknowledge", "begin-review"];
const ANSWERED = ["record-acknowledgement", "record-review"];

/**
 * The figures fixture, in the order things happen. Start → first final decision, in days:
 * outgoing preservation 2, 7, 5, 4; outgoing interception 10; incoming stored-data 3, 1, 5, 2, 6.
 */
export async function buildFigures(steps: FixtureSteps): Promise<void> {
  const { send, unsent, receive, act } = steps;
  const o1 = await send("preservation", "2030-01-10");
  const o1b = await send("preservation", "2030-01-11");
  await act(o1, "2030-01-12", [...ANSWERED, "record-grant"]);
  await act(o1b, "2030-01-18", [...ANSWERED, "record-grant"]);
  const o2 = await send("preservation", "2030-01-20");
  await act(o2, "2030-01-25", [...ANSWERED, "record-grant-with-conditions"], {
    conditions: [{ type: "use-limitation", text: "Only for the proceedings stated." }],
  });
  // Drafted in January, sent in February: it counts in February, and its turnaround runs from the sending.
  const o3 = await send("preservation", "2030-02-03", "2030-01-28");
  const i1 = await receive("stored-data", "XB", "2030-02-05");
  const i2 = await receive("stored-data", "XB", "2030-02-06");
  await act(i2, "2030-02-07", [...REVIEW, "refuse"], REFUSAL);
  await act(o3, "2030-02-07", [...ANSWERED, "record-grant"]);
  await act(i1, "2030-02-08", [...REVIEW, "grant"]);
  const i1b = await receive("stored-data", "XB", "2030-02-09");
  const o4 = await send("interception", "2030-02-10");
  const o5 = await send("interception", "2030-02-11");
  await act(o5, "2030-02-12", ["withdraw"], { reason: "No longer needed." });
  await act(i1b, "2030-02-14", [...REVIEW, "grant"]);
  await act(o4, "2030-02-20", [...ANSWERED, "record-refusal"], REFUSAL);

  const i3 = await receive("stored-data", "XC", "2030-03-01");
  const i4 = await receive("stored-data", "XC", "2030-03-02");
  await act(i3, "2030-03-03", [...REVIEW, "grant-partially"], REFUSAL);
  // Postponed, resumed, then granted: the postponement is not final; the grant is.
  await act(i4, "2030-03-03", [...REVIEW, "postpone"], REFUSAL);
  await act(i4, "2030-03-04", ["resume"]);
  await act(i4, "2030-03-08", ["grant"]);
  const o8 = await send("general-mla", "2030-03-05");
  await act(o8, "2030-03-06", ["record-acknowledgement"]);
  await receive("urgent-contact", "XB", "2030-03-10");
  const i6 = await receive("urgent-contact", "XC", "2030-03-10");
  await act(i6, "2030-03-11", ["record-withdrawal"]);

  const i7 = await receive("stored-data", "XB", "2030-04-01");
  await act(i7, "2030-04-02", [...REVIEW, "request-information"], { reason: "Which accounts?" });
  // Never sent: neither counts as a request sent.
  await unsent("general-mla", "2030-04-15", false);
  await unsent("general-mla", "2030-04-16", true);
}
