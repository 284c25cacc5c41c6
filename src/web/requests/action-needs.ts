/**
 * What each action asks of the person taking it, mirroring the node's guards (src/cases/guards.ts):
 * reasons where the treaty or the lifecycle wants them, refusal grounds and prior consultation (or
 * why none) for a refusal, a partial grant or a postponement, conditions for a conditional grant, a
 * number of days for an extension. The node checks again; this only spares a refused round trip.
 */
import type { MessageKey } from "../i18n/messages/index.js";
import type { Pack } from "./treaty-data.js";

export type Needs = {
  reason?: { required: boolean; label: MessageKey; citation?: keyof Pack["procedures"] };
  grounds?: true;
  conditions?: { required: boolean };
  /** The node wants a consultation held first, or the reason none is appropriate. */
  consultation?: true;
  extension?: true;
  noLongerRequired?: true;
};

const REASONS: MessageKey = "requests.actionForm.reasons";

const NEEDS: Readonly<Record<string, Needs>> = {
  "return-to-drafter": { reason: { required: true, label: REASONS } },
  "provide-information": {
    reason: { required: true, label: "requests.actionForm.informationProvided", citation: "moreInformation" },
  },
  "answer-consultation": {
    reason: { required: true, label: "requests.actionForm.consultationAnswer", citation: "consultation" },
  },
  "inquire-progress": { reason: { required: false, label: "requests.actionForm.progressMessage" } },
  withdraw: { reason: { required: true, label: REASONS }, noLongerRequired: true },
  "request-information": {
    reason: { required: true, label: "requests.actionForm.informationNeeded", citation: "moreInformation" },
  },
  "open-consultation": {
    reason: { required: true, label: "requests.actionForm.consultationMatters", citation: "consultation" },
    conditions: { required: false },
  },
  grant: { reason: { required: false, label: REASONS } },
  "grant-with-conditions": { conditions: { required: true }, reason: { required: false, label: REASONS } },
  "grant-partially": {
    grounds: true,
    reason: { required: true, label: REASONS, citation: "reasonsForRefusal" },
    consultation: true,
    conditions: { required: false },
  },
  postpone: { reason: { required: true, label: REASONS, citation: "postponement" }, consultation: true },
  refuse: {
    grounds: true,
    reason: { required: true, label: REASONS, citation: "reasonsForRefusal" },
    consultation: true,
  },
  "extend-preservation": { extension: true },
  "complete-execution": { reason: { required: true, label: "requests.actionForm.executionReport" } },
};

export const needsOf = (action: string): Needs => NEEDS[action] ?? {};

/** Actions that end or refuse something: their button warns by its look (and its words). */
export const GRAVE_ACTIONS: ReadonlySet<string> = new Set(["refuse", "withdraw", "return-to-drafter"]);
