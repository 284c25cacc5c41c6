/** The federation listener's address in the configuration: its defaults, and the clash with the API's port. */
import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "./config.js";

describe("federation.port and federation.host", () => {
  it("default to the API port + 1 and the API host", () => {
    const parsed = parseNodeConfig({ state: "XA", host: "10.0.0.5", port: 8000 });
    expect(parsed.ok && parsed.config.federation).toMatchObject({ port: 8001, host: "10.0.0.5" });
  });

  it("take the values given", () => {
    const parsed = parseNodeConfig({ state: "XA", federation: { port: 7443, host: "0.0.0.0" } });
    expect(parsed.ok && parsed.config.federation).toMatchObject({ port: 7443, host: "0.0.0.0" });
  });

  it("refuse the API's own port, and a default past 65535, saying how to fix it", () => {
    for (const raw of [{ port: 7400, federation: { port: 7400 } }, { port: 65535 }]) {
      const parsed = parseNodeConfig({ state: "XA", ...raw });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problems).toEqual([expect.objectContaining({ path: "federation.port" })]);
    }
  });
});
