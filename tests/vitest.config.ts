import { configDefaults, defineConfig } from "vitest/config";

// Scenarios not stable enough for every CI run yet, run with `npm run test:unstable`: the rogue
// money scenario (11 conductors, restarts under a faked clock, a copied conductor) and the peers'
// verdict on an expired invitation (passes alone, no warrant within 4 minutes in full runs).
const UNSTABLE = ["src/ledger/rogue-scenario.test.ts", "src/profiles/expired-invitation.test.ts"];

// Scenarios start real conductors: run files one after another (2 cores), with room for
// several conductors per scenario.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: process.env.IOEN_UNSTABLE ? configDefaults.exclude : [...configDefaults.exclude, ...UNSTABLE],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // Conductors log every refused call (the tests make many on purpose); show them only when
    // asked, with IOEN_TEST_LOGS=1.
    onConsoleLog: (log) => (process.env.IOEN_TEST_LOGS ? undefined : !log.includes("[Tryorama]")),
  },
});
