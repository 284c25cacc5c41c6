/**
 * Time left until a deadline, ticking every second, in the reader's language ("in 1 day 23
 * hours", "2 days ago"). Overdue turns red and says so in words, not by colour alone. The exact
 * date and time follow as visually hidden text, so a screen reader reads them (a `title` alone
 * reaches only a mouse); the `title` stays for the mouse.
 */
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { formatSpan, spanOf } from "./relative-time.js";

/** The current time, refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `iso` relative to now in the reader's language: "in 3 hours", "1 day 2 hours ago". */
function useRelative(iso: string): { relative: string; left: number } {
  const { language, t } = useI18n();
  const now = useNow();
  const left = Date.parse(iso) - now;
  const relative = formatSpan(spanOf(left), language, (past, duration) =>
    past ? t("app.relative.past", { duration }) : t("app.relative.future", { duration }),
  );
  return { relative, left };
}

export function Countdown({ dueAt }: { dueAt: string }) {
  const { t, dateTime } = useI18n();
  const { relative, left } = useRelative(dueAt);
  const overdue = left < 0;
  return (
    <>
      <time dateTime={dueAt} title={dateTime(dueAt)} className={overdue ? "countdown overdue" : "countdown"}>
        {overdue ? t("deadline.overdue", { when: relative }) : relative}
      </time>
      <span className="visually-hidden"> {t("deadline.dueAt", { date: dateTime(dueAt) })}</span>
    </>
  );
}

/** How long ago something happened, ticking: a request without a deadline still waits visibly. */
export function Since({ at }: { at: string }) {
  const { t, dateTime } = useI18n();
  const { relative } = useRelative(at);
  return (
    <>
      <time dateTime={at} title={dateTime(at)} className="since">
        {relative}
      </time>
      <span className="visually-hidden"> {t("app.relative.at", { date: dateTime(at) })}</span>
    </>
  );
}
