/**
 * What this State has declared under one treaty, as other States' officers will see it before
 * they write a request to us: accepted languages and channels, the authorities to contact, the
 * preservation period its law allows, its stance on dual criminality, and each reservation with
 * the provision that permits it, in the reader's language.
 */

import { ShowLoaded } from "../app/loaded.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
// Written as the request wizard writes them ("UNCC Art. 46(1)"), so both screens cite alike.
import { useCitationText } from "../requests/citation-text.js";
import { useLanguageName } from "../requests/language-names.js";
import type { Declarations, Pack, TreatySummary } from "./admin-types.js";
import { ContactFacts } from "./contact-facts.js";

type Props = { state: string; treatyId: string; treaty: TreatySummary | undefined };

function Reservations({ declarations, pack }: { declarations: Declarations; pack: Pack | undefined }) {
  const { t, pick } = useI18n();
  const citation = useCitationText();
  if (declarations.reservations.length === 0) return <p>{t("admin.decl.noReservations")}</p>;
  const kindTitle = (id: string) => {
    const kind = pack?.kinds.find((candidate) => candidate.id === id);
    return kind === undefined ? id : pick(kind.title);
  };
  return (
    <ul className="reservations">
      {declarations.reservations.map((reservation) => (
        <li key={reservation.id}>
          <p>
            <cite>{citation(reservation.citation)}</cite>
          </p>
          <p>{pick(reservation.text)}</p>
          {reservation.excludesKinds.length > 0 ? (
            <p className="hint">
              {t("admin.decl.excludes", { kinds: reservation.excludesKinds.map(kindTitle).join(", ") })}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function DeclarationFacts({ declarations, pack }: { declarations: Declarations; pack: Pack | undefined }) {
  const { t, number, date } = useI18n();
  const languageName = useLanguageName();
  const d = declarations;
  return (
    <>
      <dl className="facts">
        <dt>{t("admin.decl.version")}</dt>
        <dd>{date(d.version)}</dd>
        <dt>{t("admin.decl.party")}</dt>
        <dd>
          {d.party
            ? d.inForceSince === undefined
              ? t("admin.decl.partyYes")
              : t("admin.decl.partySince", { since: date(d.inForceSince) })
            : t("admin.decl.partyNo")}
        </dd>
        <dt>{t("admin.decl.languages")}</dt>
        <dd>{d.languages.map(languageName).join(", ")}</dd>
        <dt>{t("admin.decl.channels")}</dt>
        <dd>{d.channels.map((channel) => t(`admin.channel.${channel}`)).join(", ")}</dd>
        <dt>{t("admin.decl.centralAuthority")}</dt>
        <dd>
          <ContactFacts contact={d.centralAuthority} />
        </dd>
        <dt>{t("admin.decl.contactPoint")}</dt>
        <dd>
          <ContactFacts contact={d.contactPoint247} />
        </dd>
        <dt>{t("admin.decl.preservationMaxDays")}</dt>
        <dd>
          {d.preservationMaxDays === undefined ? t("admin.decl.notDeclared") : number(d.preservationMaxDays)}
        </dd>
        <dt>{t("admin.decl.dualCriminality")}</dt>
        <dd>
          {t(d.dualCriminality.preservation ? "admin.decl.dcPreservationYes" : "admin.decl.dcPreservationNo")}{" "}
          {t(`admin.decl.dcMla.${d.dualCriminality.mla}`)}
        </dd>
        <dt>{t("admin.decl.confidentiality")}</dt>
        <dd>
          {t(d.confidentialityAssured ? "admin.decl.confidentialityYes" : "admin.decl.confidentialityNo")}
        </dd>
      </dl>
      <h4>{t("admin.decl.reservations")}</h4>
      <Reservations declarations={d} pack={pack} />
    </>
  );
}

export function OwnDeclarations({ state, treatyId, treaty }: Props) {
  const { t, pick } = useI18n();
  const id = encodeURIComponent(treatyId);
  const loaded = useApi<Declarations[]>(`/treaties/${id}/declarations`);
  const pack = useApi<Pack>(`/treaties/${id}`);
  const headingId = `declarations-${treatyId}`;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h3 id={headingId}>{treaty === undefined ? treatyId : pick(treaty.title)}</h3>
      <ShowLoaded loaded={loaded}>
        {(all) => {
          const own = all.find((declarations) => declarations.state === state);
          if (own === undefined) return <p>{t("admin.decl.none", { state })}</p>;
          return (
            <DeclarationFacts declarations={own} pack={pack.status === "ready" ? pack.data : undefined} />
          );
        }}
      </ShowLoaded>
    </section>
  );
}
