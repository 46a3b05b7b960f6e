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
  },
});
