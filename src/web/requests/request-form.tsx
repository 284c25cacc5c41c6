/**
 * The request form, shared by the wizard (a new request) and the page of a draft (continuing it):
 * the requested State, kind and urgency; that State's declarations before any field; the contents
 * the pack asks for this kind; the engine's findings beside their fields and in a summary; "Save
 * draft" and "Submit for approval". Submitting stays disabled while an error remains.
 */
import { useId, useMemo, useState } from "react";
import type { RequestView } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { ContentSections, contentFields } from "./content-sections.js";
import { DeclarationsPanel } from "./declarations-panel.js";
import { cleanDocument, type DraftDocument, getAt, ownerOf, setAt } from "./document-model.js";
import { newSuffix, withDefaults } from "./draft-defaults.js";
import { EDITOR_PATHS } from "./field-editor.js";
import { countBySeverity, FindingsSummary } from "./findings.js";
import { DraftContext, type DraftContextValue } from "./form-context.js";
import { GeneralFields, generalFields } from "./general-fields.js";
import { KNOWN_STATES_LIST } from "./group-editors.js";
import { keyLabelOf } from "./key-labels.js";
import { useLiveValidation } from "./live-validation.js";
import { ProblemAlert } from "./problem-alert.js";
import { SETUP_FIELDS, SetupFields } from "./setup-fields.js";
import { type Declarations, declarationsOf, type Pack, packLabelOf } from "./treaty-data.js";
import { type Stored, useDraftSaving } from "./use-draft-saving.js";

export type RequestFormProps = {
  pack: Pack;
  declarations: readonly Declarations[];
  ownState: string;
  initial: DraftDocument;
  /** The draft as stored, when continuing one; its kind can no longer change. */
  stored?: Stored | undefined;
  create?: ((document: DraftDocument) => Promise<RequestView>) | undefined;
  /** Why the draft cannot be saved yet (the new case has no title …); shown, and saving waits. */
  blocker?: string | undefined;
  onSaved?: ((record: RequestView) => void) | undefined;
  onSubmitted(id: string): void;
};

export function RequestForm(props: RequestFormProps) {
  const { t, language, pick } = useI18n();
  const [suffix] = useState(newSuffix);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(props.stored ? ["*"] : []));
  const [raw, setRaw] = useState<DraftDocument>(props.initial);
  const { pack, declarations, ownState } = props;
  const document = useMemo(
    () =>
      withDefaults(
        raw,
        { pack, declarations, ownState, language, suffix, year: new Date().getFullYear() },
        touched,
      ),
    [raw, pack, declarations, ownState, language, suffix, touched],
  );
  const ready = typeof document.requestedState === "string" && typeof document.kind === "string";
  const cleaned = useMemo(() => cleanDocument(document), [document]);
  const validation = useLiveValidation(pack.id, ready ? cleaned : undefined);
  const saving = useDraftSaving({
    stored: props.stored,
    create: props.create,
    onSaved: props.onSaved,
    onSubmitted: props.onSubmitted,
    onReloaded: (detail) => {
      setTouched(new Set(["*"]));
      setRaw(detail.document as DraftDocument);
    },
  });
  const summaryId = useId();
  const blockedId = useId();

  const fixed = [...SETUP_FIELDS, ...generalFields(document)];
  const { mandatory, recommended, extra } = contentFields(
    pack,
    document,
    validation.findings,
    fixed,
    EDITOR_PATHS,
  );
  const fields = [...fixed, ...mandatory.map((r) => r.path), ...recommended.map((r) => r.path), ...extra];
  const fixedLabels: Readonly<Record<string, string>> = {
    "$.requestedState": t("requests.setup.requestedState"),
    "$.kind": t("requests.setup.kind"),
    "$.urgency": t("requests.setup.urgency"),
    "$.reference": t("requests.general.reference"),
    "$.requestingState": t("requests.general.requestingState"),
    "$.languages": t("requests.general.language"),
  };
  const labelOf = (path: string): string => {
    const field = ownerOf(path, fields) ?? path;
    const rule = [...mandatory, ...recommended].find((r) => r.path === field);
    if (rule) return pick(rule.label);
    const fromPack = packLabelOf(pack, field);
    if (fromPack) return pick(fromPack);
    const key = keyLabelOf(field.split(".").at(-1) ?? "");
    return fixedLabels[field] ?? (key ? t(key) : field);
  };

  const context: DraftContextValue = {
    document,
    set(path, value) {
      setTouched((previous) => new Set([...previous, path]));
      setRaw(setAt(document, path, value));
    },
    pack,
    declarations,
    findingsOf: (field) => validation.findings.filter((f) => ownerOf(f.path, fields) === field),
  };
  const requested = declarationsOf(declarations, String(document.requestedState ?? ""));
  const { errors } = countBySeverity(validation.findings);
  const language_ = getAt(document, "$.languages.request");

  return (
    <DraftContext.Provider value={context}>
      <datalist id={KNOWN_STATES_LIST}>
        {declarations.map((d) => (
          <option key={d.state} value={d.state}>
            {pick(d.stateName)}
          </option>
        ))}
      </datalist>
      {/* Not a named region: its name would repeat the labels of the controls inside ("Requested State"). */}
      <div className="request-setup">
        <h2>{t("requests.setup.title")}</h2>
        <SetupFields ownState={ownState} kindLocked={saving.stored !== undefined} />
      </div>
      {!ready && <p className="hint">{t("requests.form.chooseFirst")}</p>}
      {ready && requested && (
        <DeclarationsPanel
          declarations={requested}
          kind={String(document.kind)}
          language={typeof language_ === "string" ? language_ : undefined}
        />
      )}
      {ready && (
        <>
          <GeneralFields />
          <ContentSections mandatory={mandatory} recommended={recommended} extra={extra} labelOf={labelOf} />
          <FindingsSummary
            findings={validation.findings}
            checked={validation.checked}
            checking={validation.checking}
            labelOf={labelOf}
            headingId={summaryId}
          />
          {validation.error && (
            <p role="alert" className="error">
              {t("requests.findings.failed", { detail: validation.error.detail })}
            </p>
          )}
          {errors > 0 && (
            <p id={blockedId} className="warning-text">
              {t("requests.form.submitBlocked")}
            </p>
          )}
          {props.blocker !== undefined && <p className="warning-text">{props.blocker}</p>}
          <div className="actions">
            <button
              type="button"
              disabled={saving.busy || props.blocker !== undefined}
              onClick={() => void saving.save(cleaned)}
            >
              {t("requests.form.save")}
            </button>
            <button
              type="button"
              className="primary"
              disabled={saving.busy || errors > 0 || props.blocker !== undefined}
              aria-describedby={errors > 0 ? blockedId : undefined}
              onClick={() => void saving.submit(cleaned)}
            >
              {t("requests.form.submit")}
            </button>
          </div>
          <p role="status">{saving.busy ? t("requests.form.saving") : (saving.notice ?? "")}</p>
          {saving.problem !== undefined && (
            <ProblemAlert error={saving.problem} onReload={() => void saving.reload()} />
          )}
        </>
      )}
    </DraftContext.Provider>
  );
}
