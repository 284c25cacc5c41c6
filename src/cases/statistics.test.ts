import { describe, expect, it } from "vitest";
import {
  FINAL_DECISION_ACTIONS,
  median,
  OUTCOME_ACTIONS,
  outcomeOf,
  periodBounds,
  StatisticsPeriodSchema,
  statisticsFigures,
} from "./statistics.js";

describe("outcomes", () => {
  it("is the latest decision's outcome, else withdrawn, else pending; an information request decides nothing", () => {
    expect(outcomeOf("record-grant-with-conditions", false)).toBe("granted-with-conditions");
    expect(outcomeOf("grant-partially", false)).toBe("partially-granted");
    expect(outcomeOf("refuse", true)).toBe("refused");
    expect(outcomeOf("record-postponement", false)).toBe("postponed");
    expect(outcomeOf(null, true)).toBe("withdrawn");
    expect(outcomeOf(null, false)).toBe("pending");
    expect(outcomeOf("request-information", false)).toBe("pending");
    expect(outcomeOf("record-info-request", true)).toBe("withdrawn");
  });

  it("final decisions are the grants and refusals on both sides, not postponements or information requests", () => {
    expect([...FINAL_DECISION_ACTIONS].sort()).toEqual([
      "grant",
      "grant-partially",
      "grant-with-conditions",
      "record-grant",
      "record-grant-with-conditions",
      "record-partial-grant",
      "record-refusal",
      "refuse",
    ]);
    expect([...OUTCOME_ACTIONS].sort()).toEqual(
      [...FINAL_DECISION_ACTIONS, "postpone", "record-postponement"].sort(),
    );
  });
});

describe("median", () => {
  it("takes the middle of an odd count and the mean of the two middles of an even one, in any order", () => {
    expect(median([])).toBeNull();
    expect(median([4])).toBe(4);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([10, 1, 3, 4])).toBe(3.5);
  });
});

describe("the period", () => {
  it("accepts months, open sides, and a one-month period", () => {
    expect(StatisticsPeriodSchema.parse({ from: "2026-11", to: "2026-11" })).toEqual({
      from: "2026-11",
      to: "2026-11",
    });
    expect(StatisticsPeriodSchema.parse({})).toEqual({});
  });

  it.each([
    [{ from: "2026-13" }, "must be a month written YYYY-MM"],
    [{ to: "2026-1" }, "must be a month written YYYY-MM"],
    [{ from: "2026-11-01" }, "must be a month written YYYY-MM"],
    [{ from: "2026-11", to: "2026-10" }, "must not be before `from`"],
  ])("refuses %j", (input, message) => {
    const parsed = StatisticsPeriodSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
  });

  it("covers whole months in UTC, to the first instant of the month after `to`", () => {
    expect(periodBounds({ from: "2026-02", to: "2026-12" })).toEqual({
      start: "2026-02-01T00:00:00.000Z",
      end: "2027-01-01T00:00:00.000Z",
    });
    expect(periodBounds({ to: "2026-09" })).toEqual({ start: null, end: "2026-10-01T00:00:00.000Z" });
    expect(periodBounds({})).toEqual({ start: null, end: null });
  });
});

describe("figures", () => {
  const group = {
    direction: "incoming" as const,
    kind: "stored-data",
    counterpart: "XB",
    month: "2026-03",
  };

  it("sums groups that end in the same outcome, and orders sent before received", () => {
    const figures = statisticsFigures({
      groups: [
        { ...group, latestDecisionAction: "grant", withdrawn: false, count: 2 },
        { ...group, latestDecisionAction: "grant", withdrawn: true, count: 1 },
        { ...group, latestDecisionAction: null, withdrawn: false, count: 4 },
        { ...group, latestDecisionAction: "request-information", withdrawn: false, count: 1 },
        {
          ...group,
          direction: "outgoing",
          kind: "preservation",
          latestDecisionAction: null,
          withdrawn: true,
          count: 1,
        },
      ],
      decided: [],
      overdue: [],
    });
    expect(figures.requests).toEqual([
      { ...group, direction: "outgoing", kind: "preservation", outcome: "withdrawn", count: 1 },
      { ...group, outcome: "pending", count: 5 },
      { ...group, outcome: "granted", count: 3 },
    ]);
  });

  it("gives every direction and kind in the period a turnaround, with no median until one is decided", () => {
    const day = (d: number) => new Date(Date.UTC(2026, 2, d)).toISOString();
    const figures = statisticsFigures({
      groups: [
        { ...group, latestDecisionAction: null, withdrawn: false, count: 1 },
        { ...group, kind: "general-mla", latestDecisionAction: "refuse", withdrawn: false, count: 2 },
      ],
      decided: [
        { direction: "incoming", kind: "general-mla", startedAt: day(1), decidedAt: day(3) },
        {
          direction: "incoming",
          kind: "general-mla",
          startedAt: day(2),
          decidedAt: "2026-03-05T12:00:00.000Z",
        },
      ],
      overdue: [
        { direction: "incoming", kind: "urgent-contact", count: 2 },
        { direction: "outgoing", kind: "preservation", count: 1 },
      ],
    });
    expect(figures.turnaround).toEqual([
      { direction: "incoming", kind: "general-mla", decided: 2, medianDays: 2.8 },
      { direction: "incoming", kind: "stored-data", decided: 0, medianDays: null },
    ]);
    expect(figures.overdue).toEqual({
      total: 3,
      byKind: [
        { direction: "outgoing", kind: "preservation", count: 1 },
        { direction: "incoming", kind: "urgent-contact", count: 2 },
      ],
    });
  });
});
