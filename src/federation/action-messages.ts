/**
 * What the other State is told when an action is taken here: the action → message mapping, the
 * mirror of message-effects.ts. `performAction` enqueues the message in the action's own
 * transaction, so a decision cannot be recorded without the requesting State being told, nor told
 * and then rolled back.
 *
 * The requested side names a request by the id the requesting node gave it
 * (`remote_request_id`); the requesting side by its own id. Actions of the system (`record-…`)
 * record what a message said and answer nothing; local steps (drafting, approval, closing an
 * outgoing request) concern no one else.
 */
import type { ActionInput } from "../cases/action-input.js";
import type { MessageBody, MessageKind } from "../crypto/envelope.js";
import type { RequestRow } from "../services/requests/request-record.js";
import type { OutgoingMessage } from "./outbox.js";

export type ActionTaken = {
  /** The request as it was before the action. */
  row: RequestRow;
  action: string;
  input: ActionInput;
  /** The preservation's new expiry, when the action moved it. */
  preservationExpires?: Date | undefined;
};

type Build = (taken: ActionTaken) => AnyOutgoing | undefined;
type AnyOutgoing = { [K in MessageKind]: OutgoingMessage<K> }[MessageKind];

/** Outgoing states in which the requested State has not been sent anything yet. */
const NOT_YET_SENT: ReadonlySet<string> = new Set(["draft", "awaiting-approval", "approved"]);

const reasons = (input: ActionInput) => input.reason ?? input.consultationNotAppropriate ?? "";
/** `make(value)` when there is a value, nothing otherwise: optional members stay absent, never undefined. */
const optional = <T>(value: T | undefined, make: (value: T) => object) =>
  value === undefined ? {} : make(value);

/** A message from the requested side back to the requesting node. */
function toRequester<K extends MessageKind>(
  kind: K,
  body: (input: ActionInput, taken: ActionTaken) => Omit<MessageBody<K>, "requestId">,
): Build {
  return (taken) => {
    const remoteId = taken.row.remote_request_id;
    // A request recorded here without the requesting node's id (entered by hand) has no one to tell.
    if (remoteId === null) return undefined;
    return {
      to: taken.row.requesting_state,
      kind,
      requestId: taken.row.id,
      body: { requestId: remoteId, ...body(taken.input, taken) } as MessageBody<K>,
    } as AnyOutgoing;
  };
}

/** A message from the requesting side to the State the request was sent to. */
function toRequested<K extends MessageKind>(
  kind: K,
  body: (input: ActionInput, taken: ActionTaken) => Omit<MessageBody<K>, "requestId">,
): Build {
  return (taken) =>
    ({
      to: taken.row.requested_state,
      kind,
      requestId: taken.row.id,
      body: { requestId: taken.row.id, ...body(taken.input, taken) } as MessageBody<K>,
    }) as AnyOutgoing;
}

const status = (value: MessageBody<"status-update">["status"]) =>
  toRequester("status-update", () => ({ status: value }));

function decision(outcome: MessageBody<"decision">["outcome"]): Build {
  const refusing = outcome === "refused" || outcome === "partially-granted";
  return toRequester("decision", (input) => ({
    outcome,
    ...(refusing ? { grounds: input.grounds ?? [] } : {}),
    ...optional(input.reason, (reasons) => ({ reasons })),
    ...(outcome !== "granted" && input.conditions?.length ? { conditions: input.conditions } : {}),
  }));
}

const date = (at: Date) => at.toISOString().slice(0, 10);

const INCOMING: Readonly<Record<string, Build>> = {
  acknowledge: toRequester("acknowledgement", () => ({})),
  "begin-review": status("under-review"),
  "request-information": toRequester("information-request", (input) => ({ reasons: reasons(input) })),
  "open-consultation": toRequester("consultation", (input) => ({
    text: reasons(input),
    ...optional(input.conditions, (conditions) => ({ conditions })),
  })),
  grant: decision("granted"),
  "grant-with-conditions": decision("granted-with-conditions"),
  "grant-partially": decision("partially-granted"),
  refuse: decision("refused"),
  postpone: toRequester("postponement", (input) => ({ reasons: reasons(input) })),
  resume: status("under-review"),
  "extend-preservation": (taken) =>
    taken.preservationExpires === undefined
      ? undefined
      : toRequester("preservation-extended", () => ({ expires: date(taken.preservationExpires as Date) }))(
          taken,
        ),
  "start-execution": status("executing"),
  "complete-execution": toRequester("execution-report", (input) => ({
    complete: true,
    text: reasons(input),
  })),
  close: status("closed"),
};

const OUTGOING: Readonly<Record<string, Build>> = {
  send: toRequested("request", (_input, taken) => ({
    treaty: taken.row.treaty,
    document: JSON.parse(taken.row.document) as Record<string, unknown>,
  })),
  "provide-information": toRequested("information-reply", (input) => ({ text: reasons(input) })),
  "answer-consultation": toRequested("consultation", (input) => ({ text: reasons(input) })),
  "inquire-progress": toRequested("progress-inquiry", (input) =>
    optional(input.reason, (text) => ({ text })),
  ),
  withdraw: (taken) => {
    if (NOT_YET_SENT.has(taken.row.state)) return undefined;
    return taken.input.noLongerRequired
      ? toRequested("no-longer-required", (input) => optional(input.reason, (reasons) => ({ reasons })))(
          taken,
        )
      : toRequested("withdrawal", (input) => ({ reasons: reasons(input) }))(taken);
  },
};

/** The message this action owes the other State, if any. */
export function messageForAction(taken: ActionTaken): AnyOutgoing | undefined {
  const table = taken.row.direction === "incoming" ? INCOMING : OUTGOING;
  return table[taken.action]?.(taken);
}
