/**
 * A horizontal bar chart drawn by hand in SVG: one group of bars per row of a table (sent and
 * received, or one series), each bar with its figure written at its end, the series told apart by
 * fill pattern as well as colour. It is a picture of the table beside it, which stays the accessible
 * source: the chart is one image whose label states every figure. In Arabic it is mirrored: labels
 * on the right, bars growing leftwards.
 */
import { useId } from "react";
import { useI18n } from "../i18n/i18n.js";

export type Series = { name: string; style: "solid" | "hatched" };
export type BarGroup = { label: string; values: readonly (number | null)[] };

const WIDTH = 720;
const LABEL_WIDTH = 250;
const VALUE_ROOM = 64;
const BAR = 14;
const GAP = 10;
const LABEL_CHARS = 34;

const shorten = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);

export function BarChart(props: {
  caption: string;
  series: readonly Series[];
  groups: readonly BarGroup[];
  format(value: number): string;
  /** How a missing figure reads (a median with nothing decided). */
  missing: string;
}) {
  const { t, direction, language } = useI18n();
  const pattern = useId().replace(/:/g, "");
  const rtl = direction === "rtl";
  const max = Math.max(1, ...props.groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const barRoom = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  const groupHeight = props.series.length * BAR + GAP;
  const height = props.groups.length * groupHeight + GAP;
  const list = new Intl.ListFormat(language, { style: "short", type: "unit" });
  const figure = (value: number | null) => (value === null ? props.missing : props.format(value));
  const drawn = (value: number | null) => (value === null ? "—" : props.format(value));
  const summary = props.groups
    .map((group) =>
      t("statistics.chart.group", {
        label: group.label,
        figures: list.format(
          props.series.map((series, i) =>
            t("statistics.chart.figure", { series: series.name, value: figure(group.values[i] ?? null) }),
          ),
        ),
      }),
    )
    .join(" ");
  // Mirrored in RTL; with `direction` set on the SVG, text-anchor "end"/"start" follow the reading
  // direction, so labels hug the bars and figures follow the bars' ends on both sides.
  const x = (fromStart: number, width = 0) => (rtl ? WIDTH - fromStart - width : fromStart);

  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={t("statistics.chart.label", { caption: props.caption, summary })}
      direction={direction}
    >
      <defs>
        <pattern
          id={pattern}
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" className="bar-hatched-ground" />
          <line x1="0" y1="0" x2="0" y2="6" className="bar-hatched-line" />
        </pattern>
      </defs>
      {props.groups.map((group, g) => {
        const top = GAP + g * groupHeight;
        return (
          <g key={group.label}>
            <text
              x={x(LABEL_WIDTH - 8)}
              y={top + (props.series.length * BAR) / 2}
              dominantBaseline="middle"
              textAnchor="end"
              className="bar-label"
            >
              {shorten(group.label)}
            </text>
            {props.series.map((series, i) => {
              const value = group.values[i] ?? null;
              const width = value === null ? 0 : Math.max(value > 0 ? 1 : 0, (value / max) * barRoom);
              const y = top + i * BAR;
              return (
                <g key={series.name}>
                  <rect
                    x={x(LABEL_WIDTH, width)}
                    y={y + 1}
                    width={width}
                    height={BAR - 2}
                    className={`bar bar-${series.style}`}
                    fill={series.style === "hatched" ? `url(#${pattern})` : undefined}
                  />
                  <text
                    x={x(LABEL_WIDTH + width + 4)}
                    y={y + BAR / 2}
                    dominantBaseline="middle"
                    textAnchor="start"
                    className="bar-value"
                  >
                    {drawn(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** The key to the series, in HTML beside the chart: the same swatches, with the series' names. */
export function ChartLegend({ series }: { series: readonly Series[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.name}>
          <span className={`swatch swatch-${s.style}`} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}
