/**
 * The contents the pack asks for this kind, mandatory first and then recommended, each with the
 * editor its path calls for; then any other part of the document the findings point at (a dual
 * criminality statement the requested State expects …) or that the draft already holds.
 */
import { useId } from "react";
import type { Finding } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { type DraftDocument, getAt, isBlank, isWithin, ownerOf } from "./document-model.js";
import { FieldEditor, hasEditor } from "./field-editor.js";
import { type FieldRule, kindOf, type Pack } from "./treaty-data.js";

/** The pack's fields for the kind, and the extra fields worth showing, by path. */
export function contentFields(
  pack: Pack,
  document: DraftDocument,
  findings: readonly Finding[],
  fixed: readonly string[],
  editorPaths: readonly string[],
): { mandatory: FieldRule[]; recommended: FieldRule[]; extra: string[] } {
  const kind = kindOf(pack, String(document.kind ?? ""));
  const mandatory = kind?.mandatory ?? [];
  const recommended = kind?.recommended ?? [];
  const listed = [...fixed, ...mandatory.map((r) => r.path), ...recommended.map((r) => r.path)];
  const extra = new Set<string>();
  for (const finding of findings) {
    if (ownerOf(finding.path, listed) !== undefined) continue;
    const editor = ownerOf(finding.path, editorPaths);
    if (editor !== undefined) extra.add(editor);
  }
  for (const path of editorPaths) {
    const inside = listed.some((field) => isWithin(path, field) || isWithin(field, path));
    if (!inside && !isBlank(getAt(document, path))) extra.add(path);
  }
  return { mandatory, recommended, extra: [...extra] };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

export function ContentSections(props: {
  mandatory: readonly FieldRule[];
  recommended: readonly FieldRule[];
  extra: readonly string[];
  labelOf(path: string): string;
}) {
  const { t, pick } = useI18n();
  return (
    <>
      {props.mandatory.length > 0 && (
        <Section title={t("requests.form.mandatory")}>
          {props.mandatory.map((rule) => (
            <FieldEditor key={rule.id} path={rule.path} label={pick(rule.label)} required />
          ))}
        </Section>
      )}
      {props.recommended.length > 0 && (
        <Section title={t("requests.form.recommended")}>
          {props.recommended.map((rule) => (
            <FieldEditor key={rule.id} path={rule.path} label={pick(rule.label)} required={false} />
          ))}
        </Section>
      )}
      {props.extra.length > 0 && (
        <Section title={t("requests.form.other")}>
          {props.extra.filter(hasEditor).map((path) => (
            <FieldEditor key={path} path={path} label={props.labelOf(path)} required={false} />
          ))}
        </Section>
      )}
    </>
  );
}
