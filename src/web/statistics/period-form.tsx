/**
 * The period the figures cover, in whole months (the Conference reports by month and year), and the
 * CSV of the same figures. Both months are optional: without them, everything the node holds.
 */
import { useI18n } from "../i18n/i18n.js";

export type Period = { from: string; to: string };

/** `?from=…&to=…` with the months given, or "" for every month. */
export function periodQuery(period: Period): string {
  const query = new URLSearchParams();
  if (period.from !== "") query.set("from", period.from);
  if (period.to !== "") query.set("to", period.to);
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

export function PeriodForm(props: { period: Period; reversed: boolean; onChange(period: Period): void }) {
  const { t } = useI18n();
  const { period } = props;
  return (
    <form
      className="period-form panel"
      onSubmit={(event) => event.preventDefault()}
      aria-label={t("statistics.period")}
    >
      <div className="field">
        <label htmlFor="statistics-from">{t("statistics.from")}</label>
        <input
          id="statistics-from"
          type="month"
          value={period.from}
          max={period.to === "" ? undefined : period.to}
          aria-invalid={props.reversed}
          aria-describedby={props.reversed ? "statistics-reversed" : undefined}
          onChange={(event) => props.onChange({ ...period, from: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="statistics-to">{t("statistics.to")}</label>
        <input
          id="statistics-to"
          type="month"
          value={period.to}
          min={period.from === "" ? undefined : period.from}
          aria-invalid={props.reversed}
          onChange={(event) => props.onChange({ ...period, to: event.target.value })}
        />
      </div>
      <div className="actions">
        {(period.from !== "" || period.to !== "") && (
          <button type="button" onClick={() => props.onChange({ from: "", to: "" })}>
            {t("statistics.allMonths")}
          </button>
        )}
        {!props.reversed && (
          <a className="button" href={`/api/v1/statistics.csv${periodQuery(period)}`} download>
            {t("statistics.downloadCsv")}
          </a>
        )}
      </div>
      {props.reversed && (
        <p id="statistics-reversed" role="alert" className="error-text">
          {t("statistics.reversed")}
        </p>
      )}
    </form>
  );
}
