// The short run of `npm run bench`: every figure of the report is produced, on real conductors.
// No time is asserted (timed assertions are flaky); the full run writes docs/benchmarks.md.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeReport, type BenchReport } from "./report.js";
import { runBench, WRITES } from "./run.js";

describe("the benchmark", () => {
  it("measures every write, its growth with the chain, a bid's propagation, the reads, zome sizes and memory beside the floor", async () => {
    const report = await runBench({ quick: true, samples: 10 });
    const dir = mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), "bench-"));
    const files = writeReport(report, dir);

    expect(report.floor.map((f) => f.name)).toEqual([
      "noop",
      "create_note",
      "create_note beside the writes",
      "note → other agent's get_links",
      "note → other agent's get_links beside the bids",
    ]);
    expect(report.writes.map((f) => f.name)).toEqual(WRITES.map((w) => w.name));
    for (const f of [...report.floor, ...report.writes, ...report.propagation, ...report.reads]) {
      expect(f.n, f.name).toBeGreaterThan(0);
      expect(f.p50, f.name).toBeGreaterThan(0);
      expect(f.p99, f.name).toBeGreaterThanOrEqual(f.p50);
      expect(Number.isFinite(f.ratio), f.name).toBe(true);
    }
    for (const f of [...report.writes, ...report.propagation.slice(0, 2)]) expect(typeof f.met, f.name).toBe("boolean");
    expect(report.propagation).toHaveLength(4);
    expect(report.reads.length).toBeGreaterThanOrEqual(10);
    expect(report.growth.map((g) => g.name)).toEqual(expect.arrayContaining(["create_offer", "create_demand", "create_bid", "update_profile"]));
    for (const g of report.growth) {
      expect(g.lengths, g.name).toHaveLength(2);
      expect(g.lengths[1], g.name).toBeGreaterThan(g.lengths[0] as number);
      expect(g.p50.every((v) => v > 0) && g.beside_p50.every((v) => v > 0), g.name).toBe(true);
      expect(Number.isFinite(g.ratio), g.name).toBe(true);
    }
    expect(report.wasm.map((w) => w.zome).sort()).toEqual(["ledger", "ledger_integrity", "market", "market_integrity", "profiles", "profiles_integrity"]);
    expect(report.wasm.every((w) => w.bytes > 0)).toBe(true);
    expect(report.memory).toHaveLength(report.households.producers + report.households.consumers);
    expect(report.memory.every((m) => m.rss_mib > 0)).toBe(true);

    const text = readFileSync(path.join(dir, "benchmarks.md"), "utf8");
    for (const w of WRITES) expect(text).toContain(`\`${w.name}\``);
    expect(text).toContain("## Targets");
    expect(JSON.parse(readFileSync(path.join(dir, "benchmarks.json"), "utf8")) as BenchReport).toEqual(report);
    for (const plot of ["writes", "propagation", "growth", "reads", "wasm", "memory"]) {
      const file = path.join(dir, "benchmarks", `${plot}.svg`);
      expect(files).toContain(file);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(/^<svg [^>]*>[\s\S]*<rect [\s\S]*<\/svg>\n$/);
    }
  }, 600_000);
});
