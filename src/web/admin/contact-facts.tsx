/** An authority's contact details as a declarations document gives them: name, then what is known. */
import { useI18n } from "../i18n/i18n.js";
import type { Declarations } from "./admin-types.js";

type Contact = NonNullable<Declarations["centralAuthority"]>;

export function ContactFacts({ contact }: { contact: Contact | undefined }) {
  const { t } = useI18n();
  if (contact === undefined) return <>{t("admin.decl.notDeclared")}</>;
  return (
    <address className="contact">
      {contact.name}
      {contact.address === undefined ? null : <span>{contact.address}</span>}
      {contact.email === undefined ? null : (
        <span>
          {t("admin.decl.email")} <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </span>
      )}
      {contact.phone === undefined ? null : (
        <span>
          {t("admin.decl.phone")} <span dir="ltr">{contact.phone}</span>
        </span>
      )}
    </address>
  );
}
