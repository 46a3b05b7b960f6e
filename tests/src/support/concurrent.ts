// Cases that share one scenario and run at once, each still reported as its own test: the rogue
// scenarios wait for warrants, and those waits overlap instead of adding up.
import { Scenario } from "@holochain/tryorama";
import { afterAll, beforeAll, describe, test } from "vitest";

/**
 * A suite whose `setup` prepares one scenario and returns how to run a case; every case starts
 * once setup is done, and the test named after its `rule` passes or fails with it.
 */
export function describeConcurrently<C extends { rule: string }>(
  title: string,
  cases: C[],
  setup: (scenario: Scenario) => Promise<(c: C, index: number) => Promise<void>>,
  { setupTimeoutMs = 300_000 }: { setupTimeoutMs?: number } = {},
): void {
  describe(title, () => {
    const scenario = new Scenario();
    const outcomes = new Map<string, Promise<void>>();

    beforeAll(async () => {
      const run = await setup(scenario);
      cases.forEach((c, i) => {
        const outcome = run(c, i);
        outcome.catch(() => undefined); // reported by the case's own test
        outcomes.set(c.rule, outcome);
      });
    }, setupTimeoutMs);

    afterAll(() => scenario.cleanUp(), 60_000);

    test.each(cases)("$rule", async ({ rule }) => {
      const outcome = outcomes.get(rule);
      if (!outcome) throw new Error(`the case "${rule}" did not start`);
      await outcome;
    }, 400_000);
  });
}
