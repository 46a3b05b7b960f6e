import { defineConfig } from "vitest/config";

// Scenarios start real conductors: run files one after another (2 cores), with room for
// several conductors per scenario.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // Conductors log every refused call (the tests make many on purpose); show them only when
    // asked, with IOEN_TEST_LOGS=1.
    onConsoleLog: (log) => (process.env.IOEN_TEST_LOGS ? undefined : !log.includes("[Tryorama]")),
  },
});
