/**
 * Median turnaround per kind of request, sent and received apart: days from sending (or receipt)
 * to the first final decision, with how many were decided, since a median of two requests says
 * less than one of two hundred. "—" (read out as "none decided") where nothing was decided.
 */
import { useI18n } from "../i18n/i18n.js";
import { BarChart, ChartLegend } from "./bar-chart.js";
import type { Direction, Statistics } from "./statistics-types.js";
import { useDirections } from "./tally-figure.js";

type Cell = { decided: number; medianDays: number | null };

export function TurnaroundFigure(props: {
  turnaround: Statistics["turnaround"];
  kindLabel(id: string): string;
}) {
  const { t, number } = useI18n();
  const series = useDirections();
  const kinds = [...new Set(props.turnaround.map((row) => row.kind))].sort();
  const cell = (kind: string, direction: Direction): Cell =>
    props.turnaround.find((row) => row.kind === kind && row.direction === direction) ?? {
      decided: 0,
      medianDays: null,
    };
  const days = (value: number) => number(value, { maximumFractionDigits: 1 });
  const median = (value: number | null) =>
    value === null ? (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t("statistics.none")}</span>
      </>
    ) : (
      days(value)
    );

  if (kinds.length === 0) return <p>{t("statistics.turnaround.empty")}</p>;
  return (
    <div className="stat-figure">
      <table>
        <caption>{t("statistics.turnaround.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("statistics.column.kind")}</th>
            <th scope="col">{t("statistics.turnaround.sentMedian")}</th>
            <th scope="col">{t("statistics.turnaround.sentDecided")}</th>
            <th scope="col">{t("statistics.turnaround.receivedMedian")}</th>
            <th scope="col">{t("statistics.turnaround.receivedDecided")}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => {
            const sent = cell(kind, "outgoing");
            const received = cell(kind, "incoming");
            return (
              <tr key={kind}>
                <th scope="row">{props.kindLabel(kind)}</th>
                <td className="number">{median(sent.medianDays)}</td>
                <td className="number">{number(sent.decided)}</td>
                <td className="number">{median(received.medianDays)}</td>
                <td className="number">{number(received.decided)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.turnaround.some((row) => row.medianDays !== null) && (
        <div className="stat-chart">
          <ChartLegend series={series} />
          <BarChart
            caption={t("statistics.turnaround.caption")}
            series={series}
            groups={kinds.map((kind) => ({
              label: props.kindLabel(kind),
              values: [cell(kind, "outgoing").medianDays, cell(kind, "incoming").medianDays],
            }))}
            format={(value) =>
              number(value, { style: "unit", unit: "day", unitDisplay: "short", maximumFractionDigits: 1 })
            }
            missing={t("statistics.none")}
          />
        </div>
      )}
    </div>
  );
}
