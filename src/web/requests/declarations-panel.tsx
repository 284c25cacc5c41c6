/**
 * The requested State's declarations, shown before any field: the languages it accepts (with a
 * warning when the request is not written in one of them), its channels and authorities, its
 * stance on dual criminality, and its reservations with their articles — a reservation that
 * excludes this kind of request is flagged, because that State will not execute it.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";
import { useCitationText } from "./citation-text.js";
import { useValueLabel } from "./enum-labels.js";
import { useLanguageName } from "./language-names.js";
import type { Declarations } from "./treaty-data.js";

type Props = { declarations: Declarations; kind: string; language: string | undefined };

function Authorities({ declarations }: { declarations: Declarations }) {
  const { t } = useI18n();
  const entries = [
    ["requests.declarations.centralAuthority", declarations.centralAuthority],
    ["requests.declarations.contactPoint", declarations.contactPoint247],
  ] as const;
  return (
    <>
      {entries.map(([key, authority]) =>
        authority ? (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>
              {[authority.name, authority.email, authority.phone, authority.address]
                .filter(Boolean)
                .join(" · ")}
            </dd>
          </div>
        ) : null,
      )}
    </>
  );
}

function Reservations({ declarations, kind }: { declarations: Declarations; kind: string }) {
  const { t, pick } = useI18n();
  const citation = useCitationText();
  const state = pick(declarations.stateName);
  if (declarations.reservations.length === 0) return <p>{t("requests.declarations.noReservations")}</p>;
  return (
    <ul className="reservations">
      {declarations.reservations.map((reservation) => {
        const excludes = (reservation.excludesKinds as readonly string[]).includes(kind);
        return (
          <li key={reservation.id} className={excludes ? "finding error" : undefined}>
            {excludes && <strong>{t("requests.declarations.excludes", { state })} </strong>}
            {pick(reservation.text)} <cite>{citation(reservation.citation)}</cite>
          </li>
        );
      })}
    </ul>
  );
}

export function DeclarationsPanel({ declarations, kind, language }: Props) {
  const { t, pick, date, number } = useI18n();
  const headingId = useId();
  const languageName = useLanguageName();
  const valueLabel = useValueLabel();
  const state = pick(declarations.stateName);
  const accepted = declarations.languages;
  const stance = (required: boolean | string) =>
    t(
      required === true || required === "required"
        ? "requests.declarations.required"
        : required === "discretionary"
          ? "requests.declarations.discretionary"
          : "requests.declarations.notRequired",
    );
  return (
    <section className="panel declarations" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.declarations.title", { state })}</h2>
      {!declarations.party && (
        <p className="finding error">{t("requests.declarations.notParty", { state })}</p>
      )}
      {declarations.party && declarations.inForceSince && (
        <p>{t("requests.declarations.inForce", { date: date(declarations.inForceSince) })}</p>
      )}
      <dl className="facts">
        <div>
          <dt>{t("requests.declarations.languages")}</dt>
          <dd>{accepted.map(languageName).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("requests.declarations.channels")}</dt>
          <dd>{declarations.channels.map(valueLabel).join(", ")}</dd>
        </div>
        <Authorities declarations={declarations} />
        <div>
          <dt>{t("requests.declarations.dualCriminality")}</dt>
          <dd>
            {t("requests.declarations.dcPreservation", {
              stance: stance(declarations.dualCriminality.preservation),
            })}
            {" · "}
            {t("requests.declarations.dcMla", { stance: stance(declarations.dualCriminality.mla) })}
          </dd>
        </div>
        <div>
          <dt>{t("requests.declarations.confidentiality")}</dt>
          <dd>
            {t(
              declarations.confidentialityAssured
                ? "requests.declarations.confidentialityAssured"
                : "requests.declarations.confidentialityNotAssured",
              { state },
            )}
          </dd>
        </div>
        {declarations.preservationMaxDays !== undefined && (
          <div>
            <dt>{t("requests.declarations.preservationMax")}</dt>
            <dd>{t("requests.declarations.days", { days: number(declarations.preservationMaxDays) })}</dd>
          </div>
        )}
      </dl>
      {language !== undefined && !accepted.includes(language) && (
        <p className="finding warning">
          <strong>{t("requests.severity.warning")}</strong>{" "}
          {t("requests.declarations.languageWarning", {
            language: languageName(language),
            state,
            accepted: accepted.map(languageName).join(", "),
          })}
        </p>
      )}
      <h3>{t("requests.declarations.reservations")}</h3>
      <Reservations declarations={declarations} kind={kind} />
      <p className="hint">{t("requests.declarations.version", { date: date(declarations.version) })}</p>
    </section>
  );
}
