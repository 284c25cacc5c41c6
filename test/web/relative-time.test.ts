/**
 * The countdown's words (src/web/app/relative-time.ts), in Node with its own `Intl`: which units
 * are shown (two when the largest is days or hours, so 47 h 59 min is not "in 1 day"), truncated
 * like a clock, and how each language says them, inflected where its grammar wants it.
 */
import { describe, expect, it } from "vitest";
import { formatSpan, spanOf } from "../../src/web/app/relative-time.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The catalogue's phrases (src/web/i18n/messages/common.ts, app.relative.*), per language. */
const PHRASES: Record<string, { future: string; past: string }> = {
  en: { future: "in {duration}", past: "{duration} ago" },
  ru: { future: "через {duration}", past: "{duration} назад" },
  ar: { future: "خلال {duration}", past: "قبل {duration}" },
  zh: { future: "{duration}后", past: "{duration}前" },
};
const say = (ms: number, language = "en") =>
  formatSpan(
    spanOf(ms),
    language,
    (past, duration) =>
      (past ? PHRASES[language]?.past : PHRASES[language]?.future)?.replace("{duration}", duration) ?? "",
  );

describe("spanOf: the units a countdown shows", () => {
  it("days with the hours left over, never rounded up: 47 h 59 min is 1 day 23 hours", () => {
    expect(spanOf(47 * HOUR + 59 * MINUTE)).toEqual({
      past: false,
      major: { unit: "day", value: 1 },
      minor: { unit: "hour", value: 23 },
    });
  });

  it("hours with the minutes left over; the seconds are dropped", () => {
    expect(spanOf(HOUR + 21 * MINUTE + 59 * SECOND)).toEqual({
      past: false,
      major: { unit: "hour", value: 1 },
      minor: { unit: "minute", value: 21 },
    });
  });

  it("one unit when the remainder is zero, and under an hour", () => {
    expect(spanOf(2 * DAY + 59 * MINUTE)).toEqual({ past: false, major: { unit: "day", value: 2 } });
    expect(spanOf(59 * MINUTE + 59 * SECOND)).toEqual({ past: false, major: { unit: "minute", value: 59 } });
    expect(spanOf(59 * SECOND)).toEqual({ past: false, major: { unit: "second", value: 59 } });
  });

  it("the past counts the same way, marked past", () => {
    expect(spanOf(-(2 * HOUR + 2 * MINUTE))).toEqual({
      past: true,
      major: { unit: "hour", value: 2 },
      minor: { unit: "minute", value: 2 },
    });
    expect(spanOf(-400).past).toBe(true);
  });
});

describe("formatSpan: the words", () => {
  it("English: the two units inside the catalogue's phrase, one unit as Intl says it", () => {
    expect(say(47 * HOUR + 59 * MINUTE)).toBe("in 1 day 23 hours");
    expect(say(-(47 * HOUR + 59 * MINUTE))).toBe("1 day 23 hours ago");
    expect(say(90 * DAY - SECOND)).toBe("in 89 days 23 hours");
    expect(say(2 * DAY)).toBe("in 2 days");
    expect(say(5 * MINUTE + 3 * SECOND)).toBe("in 5 minutes");
  });

  it("Russian takes the inflected form after «через» and «назад» (21 минуту, not 21 минута)", () => {
    expect(say(HOUR + 21 * MINUTE, "ru")).toBe("через 1 час 21 минуту");
    expect(say(-(HOUR + 21 * MINUTE), "ru")).toBe("1 час 21 минуту назад");
    expect(say(DAY + 23 * HOUR, "ru")).toBe("через 1 день 23 часа");
  });

  it("Arabic says two hours in the form a preposition takes (ساعتين), joined with و", () => {
    const text = say(2 * DAY + 2 * HOUR, "ar");
    expect(text).toMatch(/^خلال /);
    expect(text).toContain("يومين");
    expect(text).toContain("وساعتين");
    expect(text).not.toContain("ساعتان");
  });

  it("Chinese puts the whole duration before 后 / 前", () => {
    expect(say(DAY + 23 * HOUR, "zh")).toBe("1天23小时后");
    expect(say(-(DAY + 23 * HOUR), "zh")).toBe("1天23小时前");
  });
});
