import { describe, expect, it } from "vitest";
import type { Entry } from "../ledger/entry.js";
import { custodyEventOf, fourEyesBreach } from "./custody.js";

const ITEM = "5d2c0f3a-9b8e-4c7d-8a6b-5c4d3e2f1a0b";
const entry = (index: number, event: string, actor: string, subject = ITEM): Entry => ({
  index,
  time: "2030-01-15T09:00:00.000Z",
  actor,
  type: `evidence.${event}`,
  subject,
  data: {},
});

describe("four eyes as the ledger shows it", () => {
  it("holds when others reviewed and released what one person acquired", () => {
    const entries = [
      entry(0, "acquired", "user:a"),
      entry(1, "reviewed", "user:b"),
      entry(2, "released", "user:c"),
    ];
    expect(fourEyesBreach(entries, ITEM)).toBeUndefined();
  });

  it.each(["reviewed", "released"])("is broken when the acquirer also %s it", (event) => {
    const entries = [entry(0, "acquired", "user:a"), entry(1, event, "user:a")];
    expect(fourEyesBreach(entries, ITEM)).toBe(
      `the item was ${event} by user:a, who acquired it (four eyes)`,
    );
  });

  it("looks at this item only", () => {
    const entries = [entry(0, "acquired", "user:a"), entry(1, "released", "user:a", "another-item")];
    expect(fourEyesBreach(entries, ITEM)).toBeUndefined();
  });
});

describe("custodyEventOf", () => {
  it("names the custody events and nothing else", () => {
    expect(custodyEventOf(entry(0, "opened", "user:a"))).toBe("opened");
    expect(custodyEventOf({ ...entry(0, "x", "user:a"), type: "evidence.deleted" })).toBeUndefined();
    expect(custodyEventOf({ ...entry(0, "x", "user:a"), type: "request.approve" })).toBeUndefined();
  });
});
