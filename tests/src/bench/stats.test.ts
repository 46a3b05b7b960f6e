import { describe, expect, it } from "vitest";
import { percentile, rows, table } from "./stats.js";

describe("bench statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });
  it("reports ratios to the baseline's median", () => {
    const report = rows({ name: "base", what: "b", samples: [2, 2, 2] }, [{ name: "slow", what: "s", samples: [5, 6, 7] }]);
    expect(report.map((r) => [r.name, r.p50, r.ratio])).toEqual([["base", 2, 1], ["slow", 6, 3]]);
    expect(table(report)).toContain("| `slow` | s | 3 | 6.0 | 7.0 | 3.00 |");
  });
});
