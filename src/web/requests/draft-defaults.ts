/**
 * What the form fills in by itself, so the officer writes only what a person must: the format,
 * this node's State, the legal basis (the kind's article), and — until the officer changes them —
 * a reference, a language the requested State accepts, a channel it accepts, and this State's
 * own authority as the one making the request.
 */
import type { REQUEST_FORMAT } from "../../treaty/request-document.js";
import { type DraftDocument, getAt, isWithin, setAt } from "./document-model.js";
import { type Declarations, declarationsOf, kindOf, type Pack } from "./treaty-data.js";

const FORMAT: typeof REQUEST_FORMAT = "rogatory.request/1";

export type DefaultsContext = {
  pack: Pack;
  declarations: readonly Declarations[];
  ownState: string;
  /** The reader's language: the request is written in it when the requested State accepts it. */
  language: string;
  /** Random part of the suggested reference, fixed for the form's life. */
  suffix: string;
  year: number;
};

/** Paths the officer has written to; `*` means all (a stored draft is theirs as it is). */
export type Touched = ReadonlySet<string>;

const touchedAt = (touched: Touched, path: string) =>
  touched.has("*") || [...touched].some((written) => isWithin(written, path) || isWithin(path, written));

const randomSuffix = (): string => {
  const bytes = crypto.getRandomValues(new Uint16Array(1));
  return String((bytes[0] ?? 0) % 10_000).padStart(4, "0");
};

export const newSuffix = randomSuffix;

export function withDefaults(
  document: DraftDocument,
  context: DefaultsContext,
  touched: Touched,
): DraftDocument {
  let next = setAt(setAt(document, "$.format", FORMAT), "$.requestingState", context.ownState);
  if (touched.has("*")) return next;
  const kind = kindOf(context.pack, String(next.kind ?? ""));
  const requested = declarationsOf(context.declarations, String(next.requestedState ?? ""));
  const own = declarationsOf(context.declarations, context.ownState);
  const suggest = (path: string, value: unknown) => {
    if (value !== undefined && !touchedAt(touched, path)) next = setAt(next, path, value);
  };
  if (kind) {
    const { article, paragraph } = kind.citation;
    next = setAt(next, "$.legalBasis", [
      { treaty: context.pack.id, article, ...(paragraph ? { paragraph } : {}) },
    ]);
    suggest(
      "$.reference",
      `${context.ownState}-${context.year}-${kind.id.slice(0, 4).toUpperCase()}-${context.suffix}`,
    );
  }
  if (requested) {
    const accepted = requested.languages;
    suggest("$.languages.request", accepted.includes(context.language) ? context.language : accepted[0]);
  }
  if (requested && kind) {
    const preferred = kind.urgentQueue ? "contact-point-247" : "central-authority";
    suggest("$.channel", requested.channels.includes(preferred) ? preferred : requested.channels[0]);
  }
  const ours =
    String(getAt(next, "$.channel")) === "contact-point-247" ? own?.contactPoint247 : own?.centralAuthority;
  if (ours && !touchedAt(touched, "$.requestingAuthority")) {
    const contact = { email: ours.email, phone: ours.phone, address: ours.address };
    next = setAt(next, "$.requestingAuthority", {
      name: ours.name,
      kind: ours === own?.contactPoint247 ? "contact-point-247" : "central-authority",
      contact,
    });
  }
  return next;
}
