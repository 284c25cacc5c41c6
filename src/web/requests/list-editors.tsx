/**
 * Editors of pack fields that are lists: the offences (offered from the pack's catalogue of
 * convention offences), the persons, the related requests and the property to freeze.
 */
import { useI18n } from "../i18n/i18n.js";
import { DateControl, NumberControl, SelectControl, TextControl } from "./controls.js";
import { getAt } from "./document-model.js";
import { useOptions } from "./enum-labels.js";
import { PENALTY_KINDS, PERSON_ROLES, RELATIONS } from "./enum-values.js";
import { ListRows } from "./field-shell.js";
import { type EditorProps, useDraft } from "./form-context.js";
import { StateCodeControl } from "./group-editors.js";

export function OffencesEditor({ path }: EditorProps) {
  const { t, pick } = useI18n();
  const draft = useDraft();
  const penalties = useOptions(PENALTY_KINDS);
  const catalogue = draft.pack.offences.map((offence) => ({
    value: offence.code,
    label: t("requests.offence.option", {
      code: offence.code,
      title: pick(offence.title),
      article: offence.citation.article,
    }),
  }));
  return (
    <ListRows
      path={path}
      rowLabel={(n) => t("requests.offence.row", { n })}
      addLabel={t("requests.offence.add")}
      removeLabel={(n) => t("requests.offence.remove", { n })}
      newRow={() => ({})}
    >
      {(row, index) => (
        <>
          <SelectControl
            path={`${row}.conventionOffence`}
            label={t("requests.key.conventionOffence")}
            options={catalogue}
            blank={t("requests.offence.none")}
            primary={index === 0}
          />
          <TextControl path={`${row}.provision`} label={t("requests.key.provision")} />
          <TextControl path={`${row}.description`} label={t("requests.label.conduct")} multiline />
          <SelectControl
            path={`${row}.maximumPenalty.kind`}
            label={t("requests.key.maximumPenalty")}
            options={penalties}
            blank={t("requests.option.notStated")}
            onPick={(kind) =>
              // Years belong to imprisonment only; another penalty drops them rather than keep a hidden number.
              draft.set(
                `${row}.maximumPenalty`,
                kind === ""
                  ? undefined
                  : kind === "imprisonment"
                    ? { ...(getAt(draft.document, `${row}.maximumPenalty`) as object), kind }
                    : { kind },
              )
            }
          />
          {getAt(draft.document, `${row}.maximumPenalty.kind`) === "imprisonment" && (
            <NumberControl
              path={`${row}.maximumPenalty.years`}
              label={t("requests.key.years")}
              min={0}
              max={100}
            />
          )}
        </>
      )}
    </ListRows>
  );
}

export function PersonsEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const roles = useOptions(PERSON_ROLES);
  return (
    <ListRows
      path={path}
      rowLabel={(n) => t("requests.person.row", { n })}
      addLabel={t("requests.person.add")}
      removeLabel={(n) => t("requests.person.remove", { n })}
      newRow={() => ({})}
    >
      {(row, index) => (
        <>
          <SelectControl
            path={`${row}.role`}
            label={t("requests.key.role")}
            options={roles}
            blank={t("requests.option.choose")}
            primary={index === 0}
          />
          <TextControl path={`${row}.name`} label={t("requests.key.name")} />
          <DateControl path={`${row}.dateOfBirth`} label={t("requests.key.dateOfBirth")} />
          <StateCodeControl path={`${row}.nationality`} label={t("requests.key.nationality")} />
          <TextControl path={`${row}.location`} label={t("requests.key.location")} />
          <TextControl path={`${row}.description`} label={t("requests.key.description")} multiline />
        </>
      )}
    </ListRows>
  );
}

export function RelatedRequestsEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const relations = useOptions(RELATIONS);
  return (
    <ListRows
      path={path}
      rowLabel={(n) => t("requests.related.row", { n })}
      addLabel={t("requests.related.add")}
      removeLabel={(n) => t("requests.related.remove", { n })}
      newRow={() => ({})}
    >
      {(row, index) => (
        <>
          <SelectControl
            path={`${row}.relation`}
            label={t("requests.key.relation")}
            options={relations}
            blank={t("requests.option.choose")}
            primary={index === 0}
          />
          <TextControl path={`${row}.reference`} label={t("requests.label.otherReference")} />
          <DateControl path={`${row}.confirmedOn`} label={t("requests.key.confirmedOn")} />
        </>
      )}
    </ListRows>
  );
}

export function PropertyEditor({ path }: EditorProps) {
  const { t } = useI18n();
  return (
    <ListRows
      path={path}
      rowLabel={(n) => t("requests.property.row", { n })}
      addLabel={t("requests.property.add")}
      removeLabel={(n) => t("requests.property.remove", { n })}
      newRow={() => ({})}
    >
      {(row, index) => (
        <>
          <TextControl
            path={`${row}.description`}
            label={t("requests.key.description")}
            multiline
            primary={index === 0}
          />
          <TextControl path={`${row}.location`} label={t("requests.key.location")} />
          <NumberControl
            path={`${row}.estimatedValue.amount`}
            label={t("requests.key.estimatedValue")}
            min={0}
          />
          <TextControl
            path={`${row}.estimatedValue.currency`}
            label={t("requests.key.currency")}
            hint={t("requests.currency.hint")}
            maxLength={3}
            transform={(text) => text.toUpperCase()}
          />
        </>
      )}
    </ListRows>
  );
}
