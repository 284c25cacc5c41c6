/**
 * Time to or since a moment, in words, for countdowns. One unit hides too much when it is days
 * or hours ("in 1 day" for 47 h 59 min), so those show the next unit as well ("in 1 day 23
 * hours"); under an hour one unit is precise enough. Plain TypeScript on `Intl`, no DOM, so the
 * unit choice and the wording are tested in Node.
 */

export type TimeUnit = "day" | "hour" | "minute" | "second";
export type Amount = { unit: TimeUnit; value: number };
/** `major` is the largest whole unit; `minor` the remainder in the next unit, when not zero. */
export type Span = { past: boolean; major: Amount; minor?: Amount };

const UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
};
const LARGEST_FIRST: readonly TimeUnit[] = ["day", "hour", "minute", "second"];
/** The second unit shown after the largest; none under an hour. */
const NEXT_UNIT: Partial<Record<TimeUnit, TimeUnit>> = { day: "hour", hour: "minute" };

/** `ms` (negative: in the past) as whole units, truncated towards zero like a clock counts down. */
export function spanOf(ms: number): Span {
  const past = ms < 0;
  const left = Math.abs(ms);
  const unit = LARGEST_FIRST.find((u) => left >= UNIT_MS[u]) ?? "second";
  const major = { unit, value: Math.floor(left / UNIT_MS[unit]) };
  const next = NEXT_UNIT[unit];
  if (next === undefined) return { past, major };
  const rest = Math.floor((left % UNIT_MS[unit]) / UNIT_MS[next]);
  return rest === 0 ? { past, major } : { past, major, minor: { unit: next, value: rest } };
}

/**
 * An amount as it reads after "in" or "ago" in `language`. Some languages inflect it there
 * (Russian "через 21 минуту", not "21 минута"; Arabic "خلال ساعتين", not "ساعتان"), which a plain
 * unit format does not know but the relative-time format does: its future phrase is taken without
 * its lead-in ("через ", "خلال ", "in "). Languages that put the words after the number (Chinese
 * "21分钟后") have no lead-in to remove and get the plain unit format, which is right for them.
 */
function amountText({ unit, value }: Amount, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: "always" });
  const [first, second] = format.formatToParts(5, unit);
  const leadIn = first?.type === "literal" && second?.type === "integer" ? first.value : "";
  const phrase = format.format(value, unit);
  if (leadIn !== "" && phrase.startsWith(leadIn)) return phrase.slice(leadIn.length);
  return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "long" }).format(value);
}

/**
 * `span` in words. One unit: the language's own relative phrase ("in 3 hours", "2 days ago").
 * Two: both amounts joined the language's way, put in `phrase` (the catalogue's "in {duration}" /
 * "{duration} ago"), as no `Intl` format says "in" around a compound duration.
 */
export function formatSpan(
  span: Span,
  language: string,
  phrase: (past: boolean, duration: string) => string,
): string {
  const { past, major, minor } = span;
  if (minor === undefined)
    return new Intl.RelativeTimeFormat(language, { numeric: "always" }).format(
      past ? -major.value : major.value,
      major.unit,
    );
  const duration = new Intl.ListFormat(language, { type: "unit", style: "narrow" }).format([
    amountText(major, language),
    amountText(minor, language),
  ]);
  return phrase(past, duration);
}
