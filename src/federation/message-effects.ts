/**
 * What an accepted message does on this node: the message → lifecycle mapping, the mirror of
 * action-messages.ts. A `request` creates the incoming request (in the 24/7 queue when urgent).
 * Every other kind names a request: answers from the requested State name our outgoing request by
 * our id; messages from the requesting State name our incoming copy by the id that State gave it.
 * Only the State on the other end of that request may speak about it.
 *
 * A message moves the request by the matching system action, or — a progress inquiry, a status
 * the lifecycle does not track, a warning that preservation ends soon — is kept on the request's
 * correspondence (the inbox) without moving it. Runs inside the inbox's transaction (the context
 * given is joined to it), so the effect, the inbox row and the ledger entry commit together.
 *
 * Kinds not handled yet are refused (FEDERATION_REFUSED) rather than accepted without effect: the
 * sender keeps them and re-sends once this node knows them.
 */
import type { ActionInput } from "../cases/action-input.js";
import { CasesError } from "../cases/errors.js";
import { SYSTEM } from "../cases/roles.js";
import type { Message, MessageBody, MessageKind, MessageOf } from "../crypto/envelope.js";
import type { NodeContext } from "../server/node-context.js";
import { recordConsentAnswer, recordConsentRequest } from "../services/evidence/consent.js";
import { executorOf } from "../services/in-transaction.js";
import { performAction } from "../services/requests/perform-action.js";
import { receiveRequest } from "../services/requests/receive-request.js";
import type { RequestRow } from "../services/requests/request-record.js";
import { FederationError } from "./errors.js";
import { takeInEvidence } from "./evidence-intake.js";
import { statusReport } from "./status-report.js";

/** The system action a message takes on a request; none keeps it as correspondence only. */
type Effect = { action: string; input?: ActionInput } | { note: true };
type Body = { requestId: string } & Record<string, unknown>;
type Rule = (body: Body, row: RequestRow, message: Message) => Effect | Promise<Effect>;
type Rules = {
  [K in MessageKind]?: (body: MessageBody<K>, row: RequestRow, message: Message) => Effect | Promise<Effect>;
};

const NOTE: Effect = { note: true };
const DAY_MS = 86_400_000;

const DECISION_ACTIONS = {
  granted: "record-grant",
  "granted-with-conditions": "record-grant-with-conditions",
  "partially-granted": "record-partial-grant",
  refused: "record-refusal",
} as const;

const GRANTED = new Set(["granted", "granted-with-conditions", "partially-granted"]);

function decisionEffect(body: MessageBody<"decision">): Effect {
  return {
    action: DECISION_ACTIONS[body.outcome],
    input: {
      ...(body.grounds ? { grounds: body.grounds } : {}),
      ...(body.reasons ? { reason: body.reasons } : {}),
      ...(body.conditions ? { conditions: body.conditions } : {}),
    },
  };
}

/** A status the lifecycle follows moves the request; the others are kept as correspondence. */
function statusEffect(body: MessageBody<"status-update">, row: RequestRow): Effect {
  if (body.status === "under-review" && row.state === "acknowledged") return { action: "record-review" };
  if (body.status === "executing" && GRANTED.has(row.state)) return { action: "record-execution" };
  return NOTE;
}

/**
 * The requested State's new expiry, to the day and never later than its own: the deadline here is
 * extended by whole days from the expiry held here.
 */
async function extensionEffect(
  context: NodeContext,
  body: MessageBody<"preservation-extended">,
  row: RequestRow,
): Promise<Effect> {
  const held = await executorOf(context)
    .selectFrom("deadlines")
    .select("due_at")
    .where("request_id", "=", row.id)
    .where("kind", "=", "preservation-expiry")
    .executeTakeFirst();
  const expires = Date.parse(`${body.expires}T23:59:59.999Z`);
  const days = held ? Math.floor((expires - Date.parse(held.due_at)) / DAY_MS) : 0;
  if (days < 1) return NOTE;
  return { action: "record-preservation-extended", input: { extensionDays: Math.min(days, 365) } };
}

/** What the requested State's messages do to our outgoing request. */
const ON_OUTGOING = (context: NodeContext): Rules => ({
  acknowledgement: () => ({ action: "record-acknowledgement" }),
  "status-update": statusEffect,
  "information-request": (body) => ({
    action: "record-info-request",
    input: { reason: body.reasons },
  }),
  consultation: () => ({ action: "record-consultation" }),
  decision: decisionEffect,
  postponement: (body) => ({
    action: "record-postponement",
    input: { reason: body.reasons },
  }),
  "preservation-extended": (body, row) => extensionEffect(context, body, row),
  "preservation-expiring": () => NOTE,
  "execution-report": (_body, row) => (GRANTED.has(row.state) ? { action: "record-execution" } : NOTE),
  "evidence-transmission": async (body, row, message) => {
    await takeInEvidence(context, message.from, body, row);
    return NOTE;
  },
  "use-consent": async (body, row, message) => {
    await recordConsentAnswer(context, body, row, message.id);
    return NOTE;
  },
});

/** What the requesting State's messages do to our incoming copy of its request. */
const ON_INCOMING = (context: NodeContext): Rules => ({
  "use-consent-request": async (body, row, message) => {
    await recordConsentRequest(context, body, row, message.id);
    return NOTE;
  },
  "information-reply": () => ({ action: "record-information" }),
  consultation: () => ({ action: "record-consultation-answer" }),
  withdrawal: (body) => ({
    action: "record-withdrawal",
    input: { reason: body.reasons },
  }),
  "no-longer-required": (body) => ({
    action: "record-withdrawal",
    input: {
      noLongerRequired: true,
      ...(body.reasons ? { reason: body.reasons } : {}),
    },
  }),
  "progress-inquiry": () => NOTE,
});

const refused = (message: string, cause?: unknown) =>
  new FederationError("FEDERATION_REFUSED", message, cause === undefined ? undefined : { cause });

/** Applies `message`; returns the id of the local request it created or concerns. */
export async function applyMessage(context: NodeContext, message: Message): Promise<string> {
  try {
    if (message.kind === "request") return await receive(context, message);
    return await answer(context, message);
  } catch (error) {
    // The message is authentic but cannot take effect: say why, record nothing.
    if (error instanceof CasesError)
      throw refused(`the ${message.kind} cannot take effect: ${error.message}`, error);
    throw error;
  }
}

async function receive(context: NodeContext, message: MessageOf<"request">): Promise<string> {
  const { document, treaty, requestId } = message.body;
  // The State that signed must be the one that asks: a node cannot file requests in another's name.
  if (document.requestingState !== message.from) {
    throw refused(
      `a request from ${message.from} names ${String(document.requestingState)} as requesting State`,
    );
  }
  const record = await receiveRequest({ context, treaty, document, remoteRequestId: requestId });
  return record.id;
}

async function answer(context: NodeContext, message: Message): Promise<string> {
  const body = message.body as Body;
  const { row, rules } = await requestSpokenOf(context, message.from, body.requestId);
  const rule = rules[message.kind] as Rule | undefined;
  if (rule === undefined) throw refused(`messages of kind ${message.kind} are not handled yet`);
  const effect = await rule(body, row, message);
  if ("action" in effect) {
    await performAction({
      context,
      actor: SYSTEM,
      requestId: row.id,
      action: effect.action,
      input: effect.input,
    });
  }
  if (message.kind === "progress-inquiry") await statusReport(context, row);
  return row.id;
}

/**
 * The local request a message from `from` names, with the rules for its side: our outgoing
 * request sent to `from`, or our incoming copy of a request `from` sent us.
 */
async function requestSpokenOf(
  context: NodeContext,
  from: string,
  requestId: string,
): Promise<{ row: RequestRow; rules: Rules }> {
  const db = executorOf(context);
  const outgoing = await db
    .selectFrom("requests")
    .selectAll()
    .where("id", "=", requestId)
    .where("direction", "=", "outgoing")
    .where("requested_state", "=", from)
    .executeTakeFirst();
  if (outgoing) return { row: outgoing, rules: ON_OUTGOING(context) };
  const incoming = await db
    .selectFrom("requests")
    .selectAll()
    .where("remote_request_id", "=", requestId)
    .where("direction", "=", "incoming")
    .where("requesting_state", "=", from)
    .executeTakeFirst();
  if (incoming) return { row: incoming, rules: ON_INCOMING(context) };
  throw refused(`${from} has no request ${requestId} with this node to speak of`);
}
