// The ceilings the report measures the market against: perfect local matching, and the most that
// can be traded when each consumer is served by one producer (rule I6). Pure, no conductors.
import { describe, expect, test } from "vitest";
import {
  cycleCeilings,
  EXACT_STEP_LIMIT,
  exactSingleSupplierWh,
  greedySingleSupplierWh,
  perfectMatchingWh,
  singleSupplierCeiling,
  singleSupplierUpperBoundWh,
} from "./ceiling.js";
import { DEFAULT_OPTIONS, planSimulation } from "./plan.js";

/**
 * The rule-I6 maximum by brute force: every consumer to every producer or to none,
 * (producers + 1)^consumers assignments. The reference the subset search must agree with.
 */
function bruteForceWh(surpluses: number[], deficits: number[]): number {
  let best = 0;
  const choices = surpluses.length + 1;
  for (let code = 0; code < choices ** deficits.length; code++) {
    const load = surpluses.map(() => 0);
    let rest = code;
    for (const d of deficits) {
      const p = rest % choices;
      rest = Math.floor(rest / choices);
      if (p < surpluses.length) load[p]! += d;
    }
    best = Math.max(best, load.reduce((s, l, p) => s + Math.min(l, surpluses[p]!), 0));
  }
  return best;
}

/** A seeded stream of whole numbers in [lo, hi] (mulberry32), for repeatable random instances. */
function wholeNumbers(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo + 1));
  };
}

describe("perfect local matching", () => {
  test("trades the smaller of total surplus and total demand", () => {
    expect(perfectMatchingWh([1000, 500], [800])).toBe(800);
    expect(perfectMatchingWh([300, 200], [400, 400])).toBe(500);
    expect(perfectMatchingWh([], [400])).toBe(0);
    expect(perfectMatchingWh([0, 0], [0])).toBe(0);
  });
});

describe("one producer per consumer (rule I6)", () => {
  test("a consumer cannot combine two producers' surpluses", () => {
    // Perfect matching would give the consumer 1000 Wh from both; one producer has 600.
    expect(singleSupplierCeiling([600, 600], [1000])).toEqual({ wh: 600, exact: true, upperBoundWh: 600 });
    expect(perfectMatchingWh([600, 600], [1000])).toBe(1000);
  });

  test("a producer's surplus is shared among the consumers assigned to it, and may fall short", () => {
    // 400 to the 500-Wh producer, 400 to the 300-Wh one (which delivers 300): 700 of 800.
    expect(singleSupplierCeiling([500, 300], [400, 400]).wh).toBe(700);
    // 300 + 400 to the 700-Wh producer, 300 to the 300-Wh one: everything.
    expect(singleSupplierCeiling([700, 300], [300, 400, 300]).wh).toBe(1000);
    // One producer serves everyone, up to its surplus.
    expect(singleSupplierCeiling([1000], [300, 400, 500]).wh).toBe(1000);
  });

  test("nothing to trade without producers or consumers; zero entries are households of the other side", () => {
    expect(singleSupplierCeiling([], [500])).toEqual({ wh: 0, exact: true, upperBoundWh: 0 });
    expect(singleSupplierCeiling([500, 0], [0, 0])).toEqual({ wh: 0, exact: true, upperBoundWh: 0 });
    expect(singleSupplierCeiling([0, 500, 0], [300, 0, 0]).wh).toBe(300);
  });

  test("the subset search agrees with brute force on random small instances, between greedy and the bounds", () => {
    const next = wholeNumbers(12);
    for (let i = 0; i < 400; i++) {
      const surpluses = Array.from({ length: next(1, 4) }, () => next(1, 1200));
      const deficits = Array.from({ length: next(1, 5) }, () => next(1, 1200));
      const exact = exactSingleSupplierWh(surpluses, deficits);
      expect(exact).toBe(bruteForceWh(surpluses, deficits));
      expect(greedySingleSupplierWh(surpluses, deficits)).toBeLessThanOrEqual(exact);
      expect(exact).toBeLessThanOrEqual(singleSupplierUpperBoundWh(surpluses, deficits));
      expect(singleSupplierUpperBoundWh(surpluses, deficits)).toBeLessThanOrEqual(perfectMatchingWh(surpluses, deficits));
    }
  });

  test("greedy can miss the maximum, which is why it is only the fallback", () => {
    // Exact: 4 + 5 on the 9-Wh producer, 8 on the 7 (delivers 7), 6 on the 2 (delivers 2): all 18.
    // Greedy (best fit, largest first): 8 on 9, 6 on 7, 5 gets 2, 4 gets 1: 17.
    expect(exactSingleSupplierWh([7, 2, 9], [6, 4, 8, 5])).toBe(18);
    expect(greedySingleSupplierWh([7, 2, 9], [6, 4, 8, 5])).toBe(17);
  });

  test("above the step limit: the greedy value, marked inexact, with an upper bound", () => {
    const surpluses = [7, 2, 9];
    const deficits = [6, 4, 8, 5];
    // 3 producers × 3^4 consumer subsets = 243 steps.
    expect(singleSupplierCeiling(surpluses, deficits, 243)).toEqual({ wh: 18, exact: true, upperBoundWh: 18 });
    expect(singleSupplierCeiling(surpluses, deficits, 242)).toEqual({ wh: 17, exact: false, upperBoundWh: 18 });
    // The bound: no consumer takes more than the largest surplus (9), and no more than all surplus.
    expect(singleSupplierUpperBoundWh([5, 5], [20, 20, 1])).toBe(10);
    expect(singleSupplierUpperBoundWh([100, 3], [20, 7])).toBe(27);
    expect(singleSupplierUpperBoundWh([3], [20, 7])).toBe(3);
  });

  test("stays exact, and fast, for any split of 15 households", () => {
    for (let consumers = 1; consumers < 15; consumers++) {
      expect((15 - consumers) * 3 ** consumers).toBeLessThanOrEqual(EXACT_STEP_LIMIT);
    }
    const started = Date.now();
    const c = singleSupplierCeiling([900, 700, 500, 300, 800, 600, 400, 200], Array.from({ length: 12 }, (_, i) => 100 + i * 37));
    expect(c.exact).toBe(true);
    expect(c.wh).toBeLessThanOrEqual(3642);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the ceilings of the scenario test's three half-hours (simulation.test.ts)", () => {
  test("12:30 shows what rule I6 costs: H03 needs 1119 Wh, H02 alone has 1040", () => {
    const plan = planSimulation({ ...DEFAULT_OPTIONS, households: 3, cycles: 3, cycleSeconds: 30, periods: 1 });
    const ceilings = plan.series.times.map((_, row) => cycleCeilings(plan.series.intervals.map((h) => h[row]!)));
    expect(plan.series.times[1]).toBe("2012-01-12 12:30");
    expect(ceilings.map((c) => c.perfectWh)).toEqual([1049, 1119, 765]);
    expect(ceilings.map((c) => c.singleSupplier.wh)).toEqual([1049, 1040, 765]);
    expect(ceilings.every((c) => c.singleSupplier.exact)).toBe(true);
  });
});

describe("the ceilings of the default simulated day", () => {
  const plan = planSimulation(DEFAULT_OPTIONS);
  const ceilings = plan.series.times.map((_, row) => cycleCeilings(plan.series.intervals.map((h) => h[row]!)));

  test("every half-hour: exact, whole Wh, one producer per consumer at most perfect matching", () => {
    expect(ceilings).toHaveLength(48);
    for (const c of ceilings) {
      expect(c.singleSupplier.exact).toBe(true);
      expect(Number.isInteger(c.perfectWh) && Number.isInteger(c.singleSupplier.wh)).toBe(true);
      expect(c.singleSupplier.wh).toBeLessThanOrEqual(c.perfectWh);
    }
  });

  test("the day's totals (8 derived households, 2012-01-12, seed 12)", () => {
    const sum = (f: (c: (typeof ceilings)[number]) => number) => ceilings.reduce((s, c) => s + f(c), 0);
    expect(sum((c) => c.perfectWh)).toBe(29_367);
    expect(sum((c) => c.singleSupplier.wh)).toBe(29_215);
    // Nothing to trade at night: no household has a surplus.
    expect(ceilings[0]).toEqual({ perfectWh: 0, singleSupplier: { wh: 0, exact: true, upperBoundWh: 0 } });
  });
});
