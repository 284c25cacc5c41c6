import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Node processes serve dist/web: build it from the current sources before the first test.
    globalSetup: ["./test/support/build-web.ts"],
    reporters: ["default", "./vtest/plain-summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // How long `expect.poll` waits for the browser (a debounce, a round trip to a node) before it
    // fails: vitest's default of one second is too short on a busy 2-core machine.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
