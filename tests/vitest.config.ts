import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const exclude = configDefaults.exclude;

// The per-rule rogue files start 9 to 15 conductors each and keep both cores busy while they set
// up: they run first, one after another. Every other scenario (3 to 9 conductors, a browser)
// spends most of its time waiting for cycle boundaries: two of them run at a time
// (docs/decisions.md 48).
const ALONE = ["src/ledger/rogue.test.ts", "src/market/rogue.test.ts", "src/profiles/rogue.test.ts"];

/**
 * The `paired` files, longest first (seconds beside another file in full runs: billing 309-314,
 * simulation 206-213, browser 168-215, ledger rules 136-172, bidding 106-117, market rules 90,
 * registration 55-63, the benchmark's short run 110-155), so that the two workers finish close
 * together instead of the longest file running last alone. The money attack scenario, when it
 * runs (262-276 s beside others), starts third, once the simulation is done: its 9 conductors
 * then start beside the billing scenario's quiet last period rather than beside another file's
 * setup.
 */
const LONGEST_FIRST = [
  "src/ledger/billing.test.ts",
  "src/simulation/simulation.test.ts",
  "src/ledger/rogue-scenario.test.ts",
  "src/ui/e2e.test.ts",
  "src/ledger/rules.test.ts",
  "src/market/bidding.test.ts",
  "src/bench/bench.test.ts",
  "src/market/rules.test.ts",
  "src/profiles/registration.test.ts",
];

/** Runs the files of {@link LONGEST_FIRST} in that order, then the rest as Vitest would. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files.filter((f) => rank(f) === LONGEST_FIRST.length));
    return [...files.filter((f) => rank(f) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

function rank(file: TestSpecification): number {
  const i = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
  return i === -1 ? LONGEST_FIRST.length : i;
}


export default defineConfig({
  test: {
    // Two files at a time in the `paired` project (Vitest 3 sets workers for the whole run).
    maxWorkers: 2,
    minWorkers: 1,
    sequence: { sequencer: LongestFirst },
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // Conductors log every refused call (the tests make many on purpose); show them only when
    // asked, with IOEN_TEST_LOGS=1.
    onConsoleLog: (log) => (process.env.IOEN_TEST_LOGS ? undefined : !log.includes("[Tryorama]")),
    projects: [
      {
        extends: true,
        // One worker process for the whole project: its files run one after another.
        test: { name: "alone", include: ALONE, exclude, poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "paired", include: ["src/**/*.test.ts"], exclude: [...exclude, ...ALONE], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
