/**
 * Words for what the node reports by id: states, actions, message kinds, who acted. Each list is
 * checked against the node's own types, so a new state or action without words fails `tsc`; an id
 * this UI does not know (a newer node) is shown as it is rather than hidden.
 */
import type { RequestState } from "../../cases/lifecycle.js";
import { useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import type { Declarations } from "./treaty-data.js";

const STATES: Readonly<Record<RequestState, true>> = {
  draft: true,
  "awaiting-approval": true,
  approved: true,
  sent: true,
  delivered: true,
  acknowledged: true,
  "under-review": true,
  "more-info-requested": true,
  consultation: true,
  postponed: true,
  granted: true,
  "granted-with-conditions": true,
  "partially-granted": true,
  refused: true,
  executing: true,
  "evidence-received": true,
  closed: true,
  withdrawn: true,
  received: true,
  executed: true,
};

export const ACTIONS = [
  "submit",
  "return-to-drafter",
  "approve",
  "send",
  "record-delivery",
  "record-acknowledgement",
  "record-review",
  "record-info-request",
  "provide-information",
  "record-consultation",
  "answer-consultation",
  "record-postponement",
  "record-grant",
  "record-grant-with-conditions",
  "record-partial-grant",
  "record-refusal",
  "record-execution",
  "record-evidence",
  "record-preservation-extended",
  "inquire-progress",
  "close",
  "withdraw",
  "acknowledge",
  "begin-review",
  "request-information",
  "record-information",
  "open-consultation",
  "record-consultation-answer",
  "grant",
  "grant-with-conditions",
  "grant-partially",
  "postpone",
  "resume",
  "refuse",
  "extend-preservation",
  "start-execution",
  "complete-execution",
  "record-withdrawal",
] as const;
type Action = (typeof ACTIONS)[number];
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(ACTIONS);

/**
 * The kinds of message between nodes (src/crypto/envelope-kinds.ts; not imported, even as a type,
 * because that module reaches Node-only code).
 */
const MESSAGE_KINDS = {
  request: true,
  acknowledgement: true,
  "information-request": true,
  "information-reply": true,
  consultation: true,
  decision: true,
  postponement: true,
  "progress-inquiry": true,
  "status-update": true,
  withdrawal: true,
  "no-longer-required": true,
  "preservation-extended": true,
  "preservation-expiring": true,
  "execution-report": true,
  "evidence-transmission": true,
  "use-consent-request": true,
  "use-consent": true,
  receipt: true,
} as const;
type MessageKind = keyof typeof MESSAGE_KINDS;

const isState = (value: string): value is RequestState => value in STATES;
const isMessageKind = (value: string): value is MessageKind => value in MESSAGE_KINDS;

export function useWords() {
  const { t, pick } = useI18n();
  const { user } = useSignedIn();
  return {
    state: (state: string) => (isState(state) ? t(`state.${state}`) : state),
    action: (action: string) =>
      KNOWN_ACTIONS.has(action) ? t(`requests.action.${action as Action}`) : action,
    message: (kind: string) => (isMessageKind(kind) ? t(`requests.message.${kind}`) : kind),
    /** `user:<id>` and `system`, as the history and decisions name who acted; `people` gives their names. */
    actor: (actor: string, people: Readonly<Record<string, string>> = {}) => {
      if (actor === "system") return t("requests.actor.system");
      const id = actor.replace(/^user:/, "");
      if (id === user.id) return t("requests.actor.you");
      return people[actor] ?? t("requests.actor.user", { id: id.slice(0, 8) });
    },
    /** "State B (XB)" when this node holds the State's declarations, else the code. */
    stateName: (code: string, declarations: readonly Declarations[]) => {
      const found = declarations.find((d) => d.state === code);
      return found ? `${pick(found.stateName)} (${code})` : code;
    },
  };
}
