/**
 * Time left until a deadline, ticking every second, in the reader's language ("in 3 hours",
 * "2 days ago"). Overdue turns red and says so in words, not by colour alone.
 */
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/i18n.js";

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** The current time, refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `dueAt` relative to now in the reader's language: "in 3 hours", "2 days ago". */
function useRelative(iso: string): { relative: string; left: number } {
  const { language } = useI18n();
  const now = useNow();
  const left = Date.parse(iso) - now;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(left) >= ms) ?? ["second", 1000];
  const relative = new Intl.RelativeTimeFormat(language, { numeric: "always" }).format(
    Math.trunc(left / size),
    unit,
  );
  return { relative, left };
}

export function Countdown({ dueAt }: { dueAt: string }) {
  const { t, dateTime } = useI18n();
  const { relative, left } = useRelative(dueAt);
  const overdue = left < 0;
  return (
    <time dateTime={dueAt} title={dateTime(dueAt)} className={overdue ? "countdown overdue" : "countdown"}>
      {overdue ? t("deadline.overdue", { when: relative }) : relative}
    </time>
  );
}

/** How long ago something happened, ticking: a request without a deadline still waits visibly. */
export function Since({ at }: { at: string }) {
  const { dateTime } = useI18n();
  const { relative } = useRelative(at);
  return (
    <time dateTime={at} title={dateTime(at)} className="since">
      {relative}
    </time>
  );
}
