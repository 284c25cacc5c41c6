/**
 * Deadlines past due and not met, now: whatever the period chosen, since what is late today is
 * what needs doing. The total, then the same by kind of request, sent and received apart.
 */
import { useI18n } from "../i18n/i18n.js";
import type { Statistics } from "./statistics-types.js";
import type { TallyRow } from "./tally.js";
import { TallyFigure } from "./tally-figure.js";

export function OverdueFigure(props: {
  overdue: Statistics["overdue"];
  rows: readonly TallyRow[];
  kindLabel(id: string): string;
}) {
  const { t, number } = useI18n();
  return (
    <>
      <p>
        <strong>{t("statistics.overdue.total", { count: number(props.overdue.total) })}</strong>
      </p>
      <p className="hint">{t("statistics.overdue.explain")}</p>
      {props.rows.length > 0 && (
        <TallyFigure
          caption={t("statistics.overdue.byKind")}
          rowHeading={t("statistics.column.kind")}
          rows={props.rows}
          label={props.kindLabel}
        />
      )}
    </>
  );
}
