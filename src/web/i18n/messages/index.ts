/**
 * Every catalogue of the UI. Each screen area keeps its own file (keys prefixed with the area),
 * so a translation is found next to its siblings and two areas never edit one file.
 */
import type { Language } from "../languages.js";
import { admin } from "./admin.js";
import { audit } from "./audit.js";
import { common } from "./common.js";
import { evidence } from "./evidence.js";
import { homes } from "./homes.js";
import { requests } from "./requests.js";
import { session } from "./session.js";
import { statistics } from "./statistics.js";

export const CATALOGUES = { common, session, homes, requests, evidence, statistics, admin, audit } as const;

type Keys<C> = C extends Readonly<Record<Language, Readonly<Record<infer K, string>>>> ? K : never;
export type MessageKey = {
  [Area in keyof typeof CATALOGUES]: Keys<(typeof CATALOGUES)[Area]>;
}[keyof typeof CATALOGUES];

/** One language's messages, all areas together. */
export function messagesFor(language: Language): Readonly<Record<MessageKey, string>> {
  return Object.assign({}, ...Object.values(CATALOGUES).map((catalogue) => catalogue[language]));
}
