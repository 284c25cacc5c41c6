/**
 * Identifiers of accounts, addresses and devices, each typed: an IP address asks for the moment
 * of use, its time zone and the port (an address alone identifies nobody behind NAT), a phone
 * number for the international format. Changing the type starts the row afresh, since each type
 * has its own parts and the node refuses parts of another.
 */
import { useI18n } from "../i18n/i18n.js";
import { NumberControl, SelectControl, TextControl, UtcDateTimeControl } from "./controls.js";
import { getAt } from "./document-model.js";
import { useOptions } from "./enum-labels.js";
import { IDENTIFIER_TYPES } from "./enum-values.js";
import { ListRows } from "./field-shell.js";
import { type EditorProps, useDraft } from "./form-context.js";

function IdentifierParts({ row, type }: { row: string; type: unknown }) {
  const { t } = useI18n();
  switch (type) {
    case "account":
      return (
        <>
          <TextControl path={`${row}.service`} label={t("requests.key.service")} />
          <TextControl path={`${row}.value`} label={t("requests.identifier.account")} />
        </>
      );
    case "email":
      return <TextControl path={`${row}.value`} label={t("requests.identifier.email")} type="email" />;
    case "phone":
      return (
        <TextControl
          path={`${row}.value`}
          label={t("requests.identifier.phone")}
          hint={t("requests.identifier.phoneHint")}
          type="tel"
        />
      );
    case "domain":
      return <TextControl path={`${row}.value`} label={t("requests.identifier.domain")} />;
    case "ip":
      return (
        <>
          <TextControl path={`${row}.address`} label={t("requests.identifier.ip")} />
          <UtcDateTimeControl path={`${row}.timestamp`} label={t("requests.key.timestamp")} />
          <TextControl
            path={`${row}.timeZone`}
            label={t("requests.key.timeZone")}
            hint={t("requests.identifier.timeZoneHint")}
          />
          <NumberControl
            path={`${row}.port`}
            label={t("requests.key.port")}
            hint={t("requests.identifier.portHint")}
            min={0}
            max={65535}
          />
        </>
      );
    case "wallet":
      return (
        <>
          <TextControl path={`${row}.currency`} label={t("requests.key.currency")} />
          <TextControl path={`${row}.value`} label={t("requests.identifier.wallet")} />
        </>
      );
    case "device":
      return (
        <>
          <TextControl path={`${row}.imei`} label={t("requests.key.imei")} maxLength={15} />
          <TextControl path={`${row}.serial`} label={t("requests.key.serial")} />
          <TextControl path={`${row}.description`} label={t("requests.key.description")} multiline />
        </>
      );
    default:
      return null;
  }
}

export function IdentifiersEditor({ path }: EditorProps) {
  const { t } = useI18n();
  const draft = useDraft();
  const types = useOptions(IDENTIFIER_TYPES);
  return (
    <ListRows
      path={path}
      rowLabel={(n) => t("requests.identifier.row", { n })}
      addLabel={t("requests.identifier.add")}
      removeLabel={(n) => t("requests.identifier.remove", { n })}
      newRow={() => ({})}
    >
      {(row, index) => (
        <>
          <SelectControl
            path={`${row}.type`}
            label={t("requests.key.type")}
            options={types}
            blank={t("requests.option.choose")}
            primary={index === 0}
            onPick={(type) => draft.set(row, type === "" ? {} : { type })}
          />
          <IdentifierParts row={row} type={getAt(draft.document, `${row}.type`)} />
        </>
      )}
    </ListRows>
  );
}
