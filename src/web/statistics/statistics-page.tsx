/**
 * The figures a State reports to the Conference of the States Parties: requests sent and received
 * by kind, State, outcome and month, median turnaround, deadlines overdue now; for a period of
 * months (all by default), as tables with charts, and as the CSV the node writes for the report.
 */
import { useState } from "react";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { OverdueFigure } from "./overdue-figure.js";
import { type Period, PeriodForm, periodQuery } from "./period-form.js";
import type { Outcome, Statistics } from "./statistics-types.js";
import { tablesOf } from "./tally.js";
import { TallyFigure } from "./tally-figure.js";
import { TurnaroundFigure } from "./turnaround-figure.js";
import { useLabels } from "./use-labels.js";
import "./statistics.css";

export function StatisticsPage(_props: ScreenProps) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>({ from: "", to: "" });
  const reversed = period.from !== "" && period.to !== "" && period.from > period.to;
  const statistics = useApi<Statistics>(reversed ? undefined : `/statistics${periodQuery(period)}`);

  return (
    <>
      <h1>{t("statistics.title")}</h1>
      <p>{t("statistics.intro")}</p>
      <PeriodForm period={period} onChange={setPeriod} reversed={reversed} />
      {!reversed && <ShowLoaded loaded={statistics}>{(data) => <Figures statistics={data} />}</ShowLoaded>}
    </>
  );
}

function Figures({ statistics }: { statistics: Statistics }) {
  const { t, dateTime } = useI18n();
  const labels = useLabels();
  const tables = tablesOf(statistics);
  const month = useMonthName();
  const outcome = (key: string) => {
    const label: MessageKey | undefined = (OUTCOME_LABELS as Readonly<Record<string, MessageKey>>)[key];
    return label === undefined ? key : t(label);
  };

  return (
    <>
      {/* Announced when new figures arrive (another period chosen): the time they were counted. */}
      <p className="hint" role="status">
        {t("statistics.generated", {
          state: labels.state(statistics.state),
          when: dateTime(statistics.generatedAt),
        })}
      </p>
      {/* A supervisor's figures count their own unit's requests; the auditor's the whole node's. */}
      <p className="hint">
        {statistics.unit === null
          ? t("statistics.scope.node")
          : t("statistics.scope.unit", { unit: statistics.unit })}
      </p>
      <section aria-labelledby="statistics-requests">
        <h2 id="statistics-requests">{t("statistics.requests.title")}</h2>
        {statistics.requests.length === 0 && <p>{t("statistics.requests.empty")}</p>}
        <TallyFigure
          caption={t("statistics.byKind")}
          rowHeading={t("statistics.column.kind")}
          rows={tables.byKind}
          label={labels.kind}
        />
        <TallyFigure
          caption={t("statistics.byState")}
          rowHeading={t("statistics.column.state")}
          rows={tables.byState}
          label={labels.state}
        />
        <TallyFigure
          caption={t("statistics.byOutcome")}
          rowHeading={t("statistics.column.outcome")}
          rows={tables.byOutcome}
          label={outcome}
        />
        <TallyFigure
          caption={t("statistics.byMonth")}
          rowHeading={t("statistics.column.month")}
          rows={tables.byMonth}
          label={month}
        />
      </section>
      <section aria-labelledby="statistics-turnaround">
        <h2 id="statistics-turnaround">{t("statistics.turnaround.title")}</h2>
        <p className="hint">{t("statistics.turnaround.explain")}</p>
        <TurnaroundFigure turnaround={statistics.turnaround} kindLabel={labels.kind} />
      </section>
      <section aria-labelledby="statistics-overdue">
        <h2 id="statistics-overdue">{t("statistics.overdue.title")}</h2>
        <OverdueFigure overdue={statistics.overdue} rows={tables.overdueByKind} kindLabel={labels.kind} />
      </section>
    </>
  );
}

/** Outcomes that are request states read as those states; "pending" has words of its own. */
const OUTCOME_LABELS = {
  pending: "statistics.outcome.pending",
  granted: "state.granted",
  "granted-with-conditions": "state.granted-with-conditions",
  "partially-granted": "state.partially-granted",
  refused: "state.refused",
  postponed: "state.postponed",
  withdrawn: "state.withdrawn",
} as const satisfies Record<Outcome, MessageKey>;

/** `2026-11` as the reader's language writes a month ("November 2026", "2026年11月"). */
function useMonthName(): (month: string) => string {
  const { language } = useI18n();
  const format = new Intl.DateTimeFormat(language, { year: "numeric", month: "long", timeZone: "UTC" });
  return (month) => {
    const [year, number] = month.split("-").map(Number);
    if (year === undefined || number === undefined || Number.isNaN(year) || Number.isNaN(number))
      return month;
    return format.format(new Date(Date.UTC(year, number - 1, 1)));
  };
}
