/** What every check receives, and what it returns: the places where its rule is broken. */
import type { Declarations } from "../../directory/declarations.js";
import type { Citation } from "../citation.js";
import type { LocalizedText } from "../languages.js";
import type { KindDefinition, Pack, Rule } from "../pack-schema.js";
import type { RequestDocument } from "../request-document.js";

export type CheckContext = {
  document: RequestDocument;
  kind: KindDefinition;
  pack: Pack;
  requesting: Declarations | undefined;
  requested: Declarations | undefined;
};

/** One breach: where, the values for the message placeholders, and a citation when it is not the rule's own. */
export type Hit = {
  path: string;
  values?: Record<string, string | number | LocalizedText>;
  citation?: Citation;
};

export type CheckFunction = (context: CheckContext, rule: Rule) => Hit[];

/** "État B (XB)" in each language when the State's declarations name it; the bare code otherwise. */
export function stateLabel(code: string, declarations: Declarations | undefined): LocalizedText | string {
  if (!declarations || declarations.state !== code) return code;
  const name = declarations.stateName;
  return {
    ar: `${name.ar} (${code})`,
    zh: `${name.zh}（${code}）`,
    en: `${name.en} (${code})`,
    fr: `${name.fr} (${code})`,
    ru: `${name.ru} (${code})`,
    es: `${name.es} (${code})`,
  };
}
