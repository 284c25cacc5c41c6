/**
 * A catalogue message whose placeholders are elements, not strings (a bold label, a link): each
 * language keeps its own punctuation around them — a full-width colon in Chinese, a spaced one in
 * French — instead of a colon written into the component.
 */
import { Fragment, type ReactNode } from "react";
import { useI18n } from "../i18n/i18n.js";

export function withParts(template: string, parts: Readonly<Record<string, ReactNode>>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((piece, index) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name !== undefined && name in parts ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one template never move.
      <Fragment key={index}>{parts[name]}</Fragment>
    ) : (
      piece
    );
  });
}

/** "Label: value" in the reader's language, the label in bold. */
export function Labelled({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n();
  // t() leaves unknown placeholders in place, so this is the template itself.
  return <>{withParts(t("requests.labelled"), { label: <strong>{label}</strong>, value: children })}</>;
}
