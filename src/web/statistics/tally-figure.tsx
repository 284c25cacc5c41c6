/**
 * One count of requests as a table (the figures, with a total row) and, when there is anything to
 * draw, the same figures as a bar chart of sent and received.
 */
import { useI18n } from "../i18n/i18n.js";
import { BarChart, ChartLegend, type Series } from "./bar-chart.js";
import type { TallyRow } from "./tally.js";

export function useDirections(): Series[] {
  const { t } = useI18n();
  return [
    { name: t("statistics.sent"), style: "solid" },
    { name: t("statistics.received"), style: "hatched" },
  ];
}

export function TallyFigure(props: {
  caption: string;
  /** The heading of the first column: what the rows are (kind, State, outcome, month). */
  rowHeading: string;
  rows: readonly TallyRow[];
  label(key: string): string;
}) {
  const { t, number } = useI18n();
  const series = useDirections();
  const sum = (pick: (row: TallyRow) => number) => props.rows.reduce((total, row) => total + pick(row), 0);
  const sent = sum((row) => row.sent);
  const received = sum((row) => row.received);
  return (
    <div className="stat-figure">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.rowHeading}</th>
            <th scope="col">{t("statistics.sent")}</th>
            <th scope="col">{t("statistics.received")}</th>
            <th scope="col">{t("statistics.total")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{props.label(row.key)}</th>
              <td className="number">{number(row.sent)}</td>
              <td className="number">{number(row.received)}</td>
              <td className="number">{number(row.sent + row.received)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("statistics.total")}</th>
            <td className="number">{number(sent)}</td>
            <td className="number">{number(received)}</td>
            <td className="number">{number(sent + received)}</td>
          </tr>
        </tfoot>
      </table>
      {sent + received > 0 && (
        <div className="stat-chart">
          <ChartLegend series={series} />
          <BarChart
            caption={props.caption}
            series={series}
            groups={props.rows.map((row) => ({
              label: props.label(row.key),
              values: [row.sent, row.received],
            }))}
            format={(n) => number(n)}
            missing={t("statistics.none")}
          />
        </div>
      )}
    </div>
  );
}
