// A small simulated day on real conductors: 3 households, 3 half-hours of real data around noon,
// one billing period; then the report's invariants: energy conserved in every cycle, no contract
// over capacity, every invoice paid and receipted as both sides read it, balances summing to 0.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REPORT_FILES, writeReport } from "./output.js";
import { DEFAULT_OPTIONS, planSimulation } from "./plan.js";
import { summarize } from "./report.js";
import { runSimulation } from "./runner.js";

describe("simulation", () => {
  test("three households trade three half-hours of real data, then bill, pay and receipt everything", { timeout: 480_000 }, async () => {
    const input = planSimulation({ ...DEFAULT_OPTIONS, households: 3, cycles: 3, cycleSeconds: 30, periods: 1 });
    expect(input.config).toMatchObject({ start: "12:00", cyclesPerBillingPeriod: 3, dayRank: { date: "2012-01-12", rank: 1, days: 366 } });
    const result = await runSimulation(input, (p) => {
      if (p.phase !== "trading") console.log(`simulation: ${p.phase}: ${p.detail}`);
    });
    const report = summarize(result);
    const errors = result.cycles.flatMap((c) => c.errors.map((e) => `cycle ${c.supplyCycle}: ${e}`));
    console.log(
      `simulation: ${report.totals.tradedWh} Wh traded of ${report.totals.demandWh} Wh demand, ` +
        `${report.totals.invoicesReceipted} invoices receipted, wall time ${Math.round(result.timings.totalMs / 1000)} s ` +
        `(setup ${Math.round(result.timings.setupMs / 1000)} s ${JSON.stringify(result.timings.setupPhases)}, trading ${Math.round(result.timings.tradingMs / 1000)} s, ` +
        `billing ${Math.round(result.timings.billingMs / 1000)} s)${errors.length ? `; notes: ${errors.join("; ")}` : ""}`,
    );

    expect(report.violations).toEqual([]);
    // The day is one billing period and something was traded, invoiced, paid and receipted.
    expect(new Set(result.cycles.map((c) => c.period)).size).toBe(1);
    expect(report.totals.confirmedContracts).toBeGreaterThan(0);
    expect(report.totals.tradedWh).toBeGreaterThan(0);
    expect(report.totals.invoicesReceipted).toBeGreaterThan(0);
    expect(report.totals.invoicesReceipted + report.totals.invoicesVoid).toBe(report.totals.invoices);
    expect(report.totals.balanceSum).toBe(0);
    for (const c of report.cycles) {
      expect(c.soldWh).toBe(c.boughtWh);
      expect(c.soldWh).toBeLessThanOrEqual(Math.min(c.demandWh, c.offeredWh));
      // The market cannot beat its ceilings (ceiling.test.ts has these half-hours' values): each
      // consumer confirmed one contract, delivered within the producer's measured surplus.
      expect(c.singleSupplierExact).toBe(true);
      expect(c.soldWh).toBeLessThanOrEqual(c.singleSupplierCeilingWh);
      expect(c.singleSupplierCeilingWh).toBeLessThanOrEqual(c.perfectCeilingWh);
    }
    expect(report.totals).toMatchObject({ perfectCeilingWh: 2933, singleSupplierCeilingWh: 2854, singleSupplierExact: true });

    const dir = mkdtempSync(path.join(tmpdir(), "ioen-simulation-"));
    try {
      writeReport(dir, result, report);
      const md = readFileSync(path.join(dir, REPORT_FILES.markdown), "utf8");
      expect(md).toContain("| Invariants | all hold |");
      expect(md).toContain("| Simulated day | 2012-01-12: rank 1 of 366 by total PV generation of customer 12 (13178 Wh; the median day 7266 Wh) |");
      expect(md).toContain("| Ceiling, one producer per consumer | 2854 Wh (each consumer from a single producer, rule I6); traded");
      expect(readFileSync(path.join(dir, REPORT_FILES.cycles), "utf8").trim().split("\n")).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
