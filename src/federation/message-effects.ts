/**
 * What an accepted message does on this node: the message → lifecycle mapping. A `request` creates
 * the incoming request (in the 24/7 queue when urgent); an answer from the requested State moves
 * our outgoing request by the matching system action. Runs inside the inbox's transaction (the
 * context given is joined to it), so the effect, the inbox row and the ledger entry commit together.
 *
 * Kinds not mapped yet are refused (FEDERATION_REFUSED) rather than accepted without effect: the
 * sender keeps them and re-sends once this node knows them.
 */
import type { ActionInput } from "../cases/action-input.js";
import { CasesError } from "../cases/errors.js";
import { SYSTEM } from "../cases/roles.js";
import type { Message, MessageOf } from "../crypto/envelope.js";
import type { NodeContext } from "../server/node-context.js";
import { executorOf } from "../services/in-transaction.js";
import { performAction } from "../services/requests/perform-action.js";
import { receiveRequest } from "../services/requests/receive-request.js";
import { FederationError } from "./errors.js";

type Answer = { action: string; input: ActionInput };

const DECISION_ACTIONS = {
  granted: "record-grant",
  "granted-with-conditions": "record-grant-with-conditions",
  "partially-granted": "record-partial-grant",
  refused: "record-refusal",
} as const;

function decisionAnswer(body: MessageOf<"decision">["body"]): Answer {
  return {
    action: DECISION_ACTIONS[body.outcome],
    input: {
      ...(body.grounds ? { grounds: body.grounds } : {}),
      ...(body.reasons ? { reason: body.reasons } : {}),
      ...(body.conditions ? { conditions: body.conditions } : {}),
    },
  };
}

/** Answers from the requested State, as the system action each takes on our outgoing request. */
function answerOf(message: Message): Answer | undefined {
  switch (message.kind) {
    case "acknowledgement":
      return { action: "record-acknowledgement", input: {} };
    case "decision":
      return decisionAnswer(message.body);
    case "postponement":
      return { action: "record-postponement", input: { reason: message.body.reasons } };
    case "information-request":
      return { action: "record-info-request", input: { reason: message.body.reasons } };
    default:
      return undefined;
  }
}

const refused = (message: string, cause?: unknown) =>
  new FederationError("FEDERATION_REFUSED", message, cause === undefined ? undefined : { cause });

/** Applies `message`; returns the id of the local request it created or moved. */
export async function applyMessage(context: NodeContext, message: Message): Promise<string> {
  try {
    if (message.kind === "request") return await receive(context, message);
    const answer = answerOf(message);
    if (answer === undefined) throw refused(`messages of kind ${message.kind} are not handled yet`);
    return await answerRequest(context, message, answer);
  } catch (error) {
    // The message is authentic but cannot take effect: say why, record nothing.
    if (error instanceof CasesError)
      throw refused(`the ${message.kind} cannot take effect: ${error.message}`, error);
    throw error;
  }
}

async function receive(context: NodeContext, message: MessageOf<"request">): Promise<string> {
  const { document, treaty } = message.body;
  // The State that signed must be the one that asks: a node cannot file requests in another's name.
  if (document.requestingState !== message.from) {
    throw refused(
      `a request from ${message.from} names ${String(document.requestingState)} as requesting State`,
    );
  }
  const record = await receiveRequest({ context, treaty, document });
  return record.id;
}

async function answerRequest(context: NodeContext, message: Message, answer: Answer): Promise<string> {
  const requestId = (message.body as { requestId: string }).requestId;
  const row = await executorOf(context)
    .selectFrom("requests")
    .select(["id", "direction", "requested_state"])
    .where("id", "=", requestId)
    .executeTakeFirst();
  // Only the State a request was sent to may answer it.
  if (row === undefined || row.direction !== "outgoing" || row.requested_state !== message.from) {
    throw refused(`${message.from} has no request ${requestId} from this node to answer`);
  }
  await performAction({ context, actor: SYSTEM, requestId, action: answer.action, input: answer.input });
  return requestId;
}
