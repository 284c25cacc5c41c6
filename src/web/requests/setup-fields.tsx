/**
 * The choices that shape the rest of the form: the requested State (whose declarations then
 * show), the kind of request (whose contents the pack lists) and the urgency. Findings about them
 * — a State not party, a reservation excluding the kind — appear beside them.
 */
import { useI18n } from "../i18n/i18n.js";
import { SelectControl } from "./controls.js";
import { useOptions } from "./enum-labels.js";
import { URGENCIES } from "./enum-values.js";
import { FieldShell } from "./field-shell.js";
import { useDraft } from "./form-context.js";

export const SETUP_FIELDS = ["$.requestedState", "$.kind", "$.urgency"] as const;

export function SetupFields({ ownState, kindLocked }: { ownState: string; kindLocked: boolean }) {
  const { t, pick } = useI18n();
  const { pack, declarations } = useDraft();
  const urgencies = useOptions(URGENCIES);
  const states = declarations
    .filter((d) => d.state !== ownState)
    .map((d) => ({ value: d.state, label: pick(d.stateName) }));
  const kinds = pack.kinds.filter((k) => k.provided).map((k) => ({ value: k.id, label: pick(k.title) }));
  const label = {
    state: t("requests.setup.requestedState"),
    kind: t("requests.setup.kind"),
    urgency: t("requests.setup.urgency"),
  };
  return (
    <>
      <FieldShell field="$.requestedState" label={label.state} required group={false}>
        <SelectControl
          path="$.requestedState"
          label={label.state}
          options={states}
          blank={t("requests.setup.chooseState")}
          required
          primary
        />
      </FieldShell>
      <FieldShell field="$.kind" label={label.kind} required group={false}>
        <SelectControl
          path="$.kind"
          label={label.kind}
          options={kinds}
          blank={t("requests.setup.chooseKind")}
          hint={kindLocked ? t("requests.setup.kindLocked") : undefined}
          disabled={kindLocked}
          required
          primary
        />
      </FieldShell>
      <FieldShell field="$.urgency" label={label.urgency} required group={false}>
        <SelectControl path="$.urgency" label={label.urgency} options={urgencies} required primary />
      </FieldShell>
    </>
  );
}
