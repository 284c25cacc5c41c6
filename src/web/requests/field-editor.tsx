/**
 * Which editor writes which field of the request document. The pack names fields by path; each
 * path the packs use has an editor suited to its shape, and a path no editor knows gets a text box.
 */
import type { ComponentType } from "react";
import { FieldShell } from "./field-shell.js";
import type { EditorProps } from "./form-context.js";
import {
  AuthorityEditor,
  CollectionPeriodEditor,
  ConfidentialityEditor,
  CustodianEditor,
  DataCategoriesEditor,
  DataLocationEditor,
  DeadlineEditor,
  DualCriminalityEditor,
  ProceedingsEditor,
  SafeguardsEditor,
  WarrantEditor,
} from "./group-editors.js";
import { IdentifiersEditor } from "./identifiers-editor.js";
import { OffencesEditor, PersonsEditor, PropertyEditor, RelatedRequestsEditor } from "./list-editors.js";
import { Lines, LongText, PreservationDays, ShortText, TrueCheckbox, UtcDateTime } from "./simple-editors.js";

type Editor = { group: boolean; component: ComponentType<EditorProps> };
const group = (component: ComponentType<EditorProps>): Editor => ({ group: true, component });
const single = (component: ComponentType<EditorProps>): Editor => ({ group: false, component });

const EDITORS: Readonly<Record<string, Editor>> = {
  "$.requestingAuthority": group(AuthorityEditor),
  "$.proceedings": group(ProceedingsEditor),
  "$.proceedings.conductingAuthority": group(AuthorityEditor),
  "$.offences": group(OffencesEditor),
  "$.persons": group(PersonsEditor),
  "$.identifiers": group(IdentifiersEditor),
  "$.relatedRequests": group(RelatedRequestsEditor),
  "$.property": group(PropertyEditor),
  "$.custodian": group(CustodianEditor),
  "$.dataLocation": group(DataLocationEditor),
  "$.data.categories": group(DataCategoriesEditor),
  "$.safeguards": group(SafeguardsEditor),
  "$.deadline": group(DeadlineEditor),
  "$.collectionPeriod": group(CollectionPeriodEditor),
  "$.warrant": group(WarrantEditor),
  "$.confidentiality": group(ConfidentialityEditor),
  "$.dualCriminality": group(DualCriminalityEditor),
  "$.facts": single(LongText),
  "$.data.description": single(LongText),
  "$.data.linkToOffence": single(LongText),
  "$.data.from": single(UtcDateTime),
  "$.data.to": single(UtcDateTime),
  "$.necessity": single(LongText),
  "$.purpose": single(LongText),
  "$.assistanceSought": single(LongText),
  "$.information": single(LongText),
  "$.assistanceArea": single(ShortText),
  "$.mlaToFollow": single(TrueCheckbox),
  "$.preservation": single(PreservationDays),
  "$.requestedProcedures": single(Lines),
  "$.useLimitations": single(Lines),
};

export const hasEditor = (path: string): boolean => path in EDITORS;

/** Every path with an editor of its own. */
export const EDITOR_PATHS: readonly string[] = Object.keys(EDITORS);

export function FieldEditor(props: EditorProps) {
  const editor = EDITORS[props.path] ?? single(ShortText);
  const Component = editor.component;
  return (
    <FieldShell field={props.path} label={props.label} required={props.required} group={editor.group}>
      <Component {...props} />
    </FieldShell>
  );
}
