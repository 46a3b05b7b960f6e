import { describe, expect, it } from "vitest";
import { baselineOf, figure, percentile, table } from "./stats.js";

describe("bench statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });
  it("reports ratios to the baseline's median and checks a target", () => {
    const base = baselineOf("base", [2, 2, 2]);
    const slow = figure("slow", "s", [5, 6, 7], base, { target: 2 });
    expect([slow.p50, slow.ratio, slow.met]).toEqual([6, 3, false]);
    const fast = figure("fast", "f", [3, 3, 4], base, { target: 2, retries: 1 });
    expect([fast.ratio, fast.met]).toEqual([1.5, true]);
    expect(figure("plain", "p", [2], base).met).toBeUndefined();
    expect(table([slow, fast])).toContain("| `slow` | s | 3 | 6.0 | 7.0 | `base` | 3.00 | ≤ 2 | **missed** |");
    expect(table([slow, fast])).toContain("| `fast` | f (1 retry) | 3 | 3.0 | 4.0 | `base` | 1.50 | ≤ 2 | met |");
  });
});
