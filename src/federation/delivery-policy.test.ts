import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../server/config.js";
import {
  DEFAULT_DELIVERY_POLICY,
  deliveryPolicyOf,
  MAX_SKEW_SECONDS,
  maxAgeSeconds,
  retryDelayMs,
} from "./delivery-policy.js";

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000, horizonMs: 3_600_000 };

describe("retryDelayMs", () => {
  it("doubles with each failure, between half and all of the ceiling", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it("never waits longer than the cap, however many failures", () => {
    expect(retryDelayMs(policy, 7, () => 0.999_999)).toBe(60_000);
    expect(retryDelayMs(policy, 1_000, () => 0.999_999)).toBe(60_000);
    expect(retryDelayMs(policy, 1_000, () => 0)).toBe(30_000);
  });
});

describe("maxAgeSeconds", () => {
  it("covers the senders' whole retry horizon plus the clock skew", () => {
    expect(maxAgeSeconds(policy)).toBe(3_600 + MAX_SKEW_SECONDS);
    expect(maxAgeSeconds(DEFAULT_DELIVERY_POLICY) * 1000).toBeGreaterThan(DEFAULT_DELIVERY_POLICY.horizonMs);
  });
});

describe("deliveryPolicyOf", () => {
  const configured = (federation: object) => {
    const parsed = parseNodeConfig({ state: "XA", federation });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return deliveryPolicyOf(parsed.config);
  };

  it("gives the documented defaults for a node that sets nothing", () => {
    // As docs/configuration.md states them: 5 s, 15 min, 48 h.
    expect(configured({})).toEqual({ baseDelayMs: 5_000, maxDelayMs: 900_000, horizonMs: 172_800_000 });
    expect(DEFAULT_DELIVERY_POLICY).toEqual(configured({}));
  });

  it("takes the node's settings, and never lets the cap fall below the first wait", () => {
    expect(configured({ retryBaseMs: 200, retryCapMs: 800, retryHorizonHours: 0.5 })).toEqual({
      baseDelayMs: 200,
      maxDelayMs: 800,
      horizonMs: 1_800_000,
    });
    expect(configured({ retryBaseMs: 900, retryCapMs: 100 }).maxDelayMs).toBe(900);
  });
});
