// The pure parts of the simulation: strategy, report numbers, invariants and report files,
// on a hand-made result (no conductors).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { HELP, parseOptions, microPerKwh } from "./args.js";
import { averageDay, loadAusgrid } from "./data.js";
import { deriveHouseholds, type HouseholdSpec } from "./derive.js";
import type { SimulationResult } from "./model.js";
import { csv, REPORT_FILES, writeReport } from "./output.js";
import { checkInvariants, summarize } from "./report.js";
import { firstWindowDelayMs, lateFirstSupply } from "./runner.js";
import { bidPrice, checkParams, DEFAULT_PARAMS, deliveries, offeredCapacityWh, planBids, type VisibleOffer } from "./strategy.js";

const { households: derived, area } = deriveHouseholds(
  { households: 3, seed: 12, centerPostcode: "2008", householdsPerPostcode: 2 },
  loadAusgrid().postcodes,
);
const spec = (i: number, over: Partial<HouseholdSpec> = {}): HouseholdSpec => ({ ...derived[i]!, ...over });

describe("strategy", () => {
  const consumer = spec(2, { priceSpreadPct: 10, preference: { type: "method", method: "solar" } });
  const offer = (producer: number, capacityWh: number, over: Partial<VisibleOffer> = {}): VisibleOffer => ({
    producer,
    postcode: "2037",
    method: "solar",
    capacityWh,
    reservePricePerKwh: DEFAULT_PARAMS.feedInPerKwh,
    ...over,
  });

  test("prices: base moved by the household's spread, a premium when scarce, between feed-in and tariff", () => {
    expect(bidPrice(consumer, false, DEFAULT_PARAMS)).toBe(198_000);
    expect(bidPrice(consumer, true, DEFAULT_PARAMS)).toBe(247_500);
    expect(bidPrice(consumer, true, { ...DEFAULT_PARAMS, scarcityPremiumPct: 100 })).toBe(299_999);
    expect(bidPrice(spec(2, { priceSpreadPct: -15 }), false, { ...DEFAULT_PARAMS, basePricePerKwh: 75_000 })).toBe(70_000);
  });

  test("bids: preferred method, own postcode, larger offers first; whole deficit or the offer; reserve respected", () => {
    const offers = [
      offer(0, 300, { postcode: "2000" }),
      offer(1, 2000, { postcode: "2000" }),
      offer(5, 900, { postcode: consumer.postcode }),
      offer(6, 5000, { method: "wind" }),
      offer(7, 5000, { reservePricePerKwh: 250_000 }),
    ];
    const plan = planBids(consumer, 800, offers, 2, DEFAULT_PARAMS);
    expect(plan).toEqual({ visibleWh: 13_200, scarce: false, pricePerKwh: 198_000, bids: [{ producer: 5, energyWh: 800 }, { producer: 1, energyWh: 800 }] });
    const scarce = planBids(consumer, 800, [offer(0, 300)], 2, DEFAULT_PARAMS);
    expect(scarce).toMatchObject({ scarce: true, pricePerKwh: 247_500, bids: [{ producer: 0, energyWh: 300 }] });
    expect(planBids(consumer, 800, [offer(0, 300)], 2, { ...DEFAULT_PARAMS, bidsPerConsumer: 1 }).bids).toHaveLength(1);
  });

  test("offers and deliveries", () => {
    expect(offeredCapacityWh({ consumptionWh: 0, generationWh: 1000, surplusWh: 1000, deficitWh: 0 }, -10)).toBe(900);
    expect(offeredCapacityWh({ consumptionWh: 0, generationWh: 3, surplusWh: 3, deficitWh: 0 }, -90)).toBe(1);
    expect(offeredCapacityWh({ consumptionWh: 5, generationWh: 3, surplusWh: 0, deficitWh: 2 }, 10)).toBe(0);
    expect(deliveries(1000, [600, 300, 200])).toEqual([600, 300, 100]);
    expect(deliveries(500, [600, 300])).toEqual([500, 0]);
    expect(() => checkParams({ ...DEFAULT_PARAMS, feedInPerKwh: 300_000 })).toThrow("below the tariff");
  });
});

/** Two producers and a consumer, one half-hour: H01 sells 800 Wh to H03 at 0.20 IOEN/kWh. */
function result(): SimulationResult {
  const households = [spec(0), spec(1), spec(2)];
  const iv = (surplusWh: number, deficitWh: number) => ({ consumptionWh: 500 + deficitWh, generationWh: 500 + surplusWh, surplusWh, deficitWh });
  const line = { contractHash: "c1", supplyCycle: 4, contractedWh: 800, deliveredWh: 800, pricePerKwh: 200_000, amount: 160_000 };
  return {
    config: {
      households: 3, cycles: 1, cycleSeconds: 30, day: "2012-01-12", start: "12:00", seed: 12, centerPostcode: "2008",
      householdsPerPostcode: 2, cyclesPerBillingPeriod: 4, params: DEFAULT_PARAMS,
      dayRank: { date: "2012-01-12", rank: 1, tiedWith: 0, days: 366, generationWh: 13_178, medianWh: 7_266 },
    },
    households,
    area,
    series: { start: 0, times: ["2012-01-12 12:00"], intervals: [[iv(1000, 0)], [iv(500, 0)], [iv(0, 800)]] },
    cycleEpochMs: 0,
    firstSupplyCycle: 4,
    cycles: [
      {
        row: 0, time: "2012-01-12 12:00", supplyCycle: 4, period: 1,
        offers: [
          { producer: 0, surplusWh: 1000, capacityWh: 1000, reservePricePerKwh: 70_000, made: true },
          { producer: 1, surplusWh: 500, capacityWh: 500, reservePricePerKwh: 70_000, made: true },
        ],
        bids: [
          { consumer: 2, producer: 0, energyWh: 800, pricePerKwh: 200_000, scarce: false, bidHash: "b1", outcome: "contracted", contractedWh: 800, reason: null },
          { consumer: 2, producer: 1, energyWh: 800, pricePerKwh: 200_000, scarce: false, bidHash: "b2", outcome: "contracted", contractedWh: 500, reason: null },
        ],
        contracts: [
          { contractHash: "c1", producer: 0, consumer: 2, energyWh: 800, pricePerKwh: 200_000, allocatedWh: 800, confirmed: true, deliveredWh: 800 },
          { contractHash: "c2", producer: 1, consumer: 2, energyWh: 500, pricePerKwh: 200_000, allocatedWh: 500, confirmed: false, deliveredWh: 0 },
        ],
        consumersWithoutOffers: [], errors: [], answeredMs: 9_000, confirmedMs: 14_000,
      },
    ],
    invoices: [
      {
        invoiceHash: "i1", producer: 0, consumer: 2, period: 1, status: "receipted", total: 160_000, lines: [line],
        paymentHash: "p1", receiptHash: "r1", consumerView: { status: "receipted", total: 160_000, lines: [line] },
      },
      { invoiceHash: "i2", producer: 1, consumer: 2, period: 1, status: "void", total: 0, lines: [], paymentHash: null, receiptHash: null, consumerView: { status: "void", total: 0, lines: [] } },
    ],
    balances: [
      { household: 0, balance: 160_000, creditLimit: 1e9, pendingIn: 0, pendingOut: 0 },
      { household: 1, balance: 0, creditLimit: 1e9, pendingIn: 0, pendingOut: 0 },
      { household: 2, balance: -160_000, creditLimit: 1e9, pendingIn: 0, pendingOut: 0 },
    ],
    timings: { startedAt: "2026-01-01T00:00:00.000Z", setupMs: 30_000, setupPhases: { conductorsMs: 10_000, installMs: 10_000, registerMs: 5_000, discoverMs: 5_000 }, tradingMs: 60_000, billingMs: 20_000, totalMs: 110_000 },
    notes: [],
  };
}

describe("report", () => {
  test("energy, shares, IOEN and bills of a correct run", () => {
    const r = summarize(result());
    expect(r.violations).toEqual([]);
    expect(r.cycles[0]).toMatchObject({
      demandWh: 800, surplusWh: 1500, offeredWh: 1500, bidWh: 1600, contractedWh: 1300, confirmedWh: 800, soldWh: 800, boughtWh: 800,
      gridImportWh: 0, gridExportWh: 700, amount: 160_000, minPrice: 200_000, avgPrice: 200_000, maxPrice: 200_000,
    });
    expect(r.totals).toMatchObject({ tradedWh: 800, demandCoveredPct: 100, surplusSoldPct: 53.3, balanceSum: 0, invoices: 2, invoicesReceipted: 1, invoicesVoid: 1 });
    const [h1, , h3] = r.households;
    // H03: grid only 800 Wh × 0.30 = 0.24 IOEN; with the market it paid H01 0.16 IOEN.
    expect(h3).toMatchObject({ boughtWh: 800, paid: 160_000, gridOnlyBill: 240_000, marketBill: 160_000, savings: 80_000, selfSufficiencyPct: 38.5, localSufficiencyPct: 100 });
    // H01: exports 1000 Wh at 0.07 without the market; sold 800 Wh for 0.16 IOEN, exports 200 Wh.
    expect(h1).toMatchObject({ soldWh: 800, received: 160_000, gridOnlyBill: -70_000, marketBill: -174_000, savings: 104_000, balance: 160_000 });
    expect(r.flows[2]![0]).toBe(160_000);
  });

  test("ceilings: what perfect matching and one producer per consumer could trade, and the share captured", () => {
    // H03 needed 800 Wh and H01 alone had 1000: both ceilings are 800 Wh, all of it traded.
    const r = summarize(result());
    expect(r.cycles[0]).toMatchObject({
      perfectCeilingWh: 800, singleSupplierCeilingWh: 800, singleSupplierExact: true, perfectCapturedPct: 100, singleSupplierCapturedPct: 100,
    });
    // H03 needs 1200 Wh: perfect matching could bring it 1000 + 200 from both producers, but it
    // confirms one contract (rule I6), so at most H01's 1000. The market delivered 800.
    const short = result();
    short.series.intervals[2]![0] = { consumptionWh: 1700, generationWh: 500, surplusWh: 0, deficitWh: 1200 };
    const s = summarize(short);
    expect(s.cycles[0]).toMatchObject({ perfectCeilingWh: 1200, singleSupplierCeilingWh: 1000, perfectCapturedPct: 66.7, singleSupplierCapturedPct: 80 });
    expect(s.totals).toMatchObject({
      tradedWh: 800, perfectCeilingWh: 1200, singleSupplierCeilingWh: 1000, singleSupplierExact: true, singleSupplierUpperBoundWh: 1000,
      perfectCapturedPct: 66.7, singleSupplierCapturedPct: 80,
    });
    // A run that could trade nothing captured no share of anything, rather than 0 %.
    const dark = result();
    const night = { consumptionWh: 500, generationWh: 0, surplusWh: 0, deficitWh: 500 };
    dark.series.intervals = [[night], [night], [night]];
    dark.invoices = [];
    expect(summarize(dark).totals).toMatchObject({ perfectCeilingWh: 0, singleSupplierCeilingWh: 0, perfectCapturedPct: null, singleSupplierCapturedPct: null });
  });

  test("invariants name what breaks", () => {
    const over = result();
    over.cycles[0]!.offers[0]!.capacityWh = 700;
    expect(checkInvariants(over)).toContain("cycle 4 (2012-01-12 12:00): H01 contracted 800 Wh of an offer of 700 Wh");

    const twice = result();
    twice.cycles[0]!.contracts[1]!.confirmed = true;
    expect(checkInvariants(twice)).toEqual(expect.arrayContaining([
      "cycle 4 (2012-01-12 12:00): H03 confirmed 2 contracts",
      "the confirmed contract of H02 to H03 in cycle 4 is on 0 invoice lines",
    ]));

    const lost = result();
    lost.invoices[0]!.consumerView!.lines = [];
    expect(checkInvariants(lost)).toContain("cycle 4 (2012-01-12 12:00): producers sold 800 Wh but consumers bought 0 Wh");

    const unpaid = result();
    Object.assign(unpaid.invoices[0]!, { status: "issued", paymentHash: null, receiptHash: null });
    expect(checkInvariants(unpaid)).toEqual(expect.arrayContaining([
      "the invoice of H01 to H03 for period 1 is issued, not paid and receipted",
      "H01 has a balance of 160000 µIOEN, but received 0 and paid 0",
    ]));

    const money = result();
    money.balances[0]!.balance = 160_001;
    money.invoices[0]!.lines[0]!.amount = 160_001;
    expect(checkInvariants(money)).toEqual(expect.arrayContaining([
      "the balances sum to 1 µIOEN, not 0",
      "the invoice of H01 to H03 for period 1 has a line of 160001 µIOEN for 800 Wh at 200000",
      "the invoice of H01 to H03 for period 1 totals 160000 µIOEN, its lines 160001",
    ]));

    const greedy = result();
    greedy.series.intervals[2]![0]!.deficitWh = 500;
    expect(checkInvariants(greedy)).toContain("cycle 4 (2012-01-12 12:00): H03 bought 800 Wh for a deficit of 500 Wh");
  });

  test("files: CSVs, markdown and a self-contained HTML report", () => {
    expect(csv(["a", "b"], [["x,y", 'say "hi"'], [1, null]])).toBe('a,b\n"x,y","say ""hi"""\n1,\n');
    const dir = mkdtempSync(path.join(tmpdir(), "ioen-report-"));
    try {
      const r = result();
      const files = writeReport(dir, r, summarize(r));
      expect(files.map((f) => path.basename(f)).sort()).toEqual(Object.values(REPORT_FILES).sort());
      const html = readFileSync(path.join(dir, REPORT_FILES.html), "utf8");
      expect(html).toContain("Chart.js v4");
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).toContain("CC BY 4.0");
      const md = readFileSync(path.join(dir, REPORT_FILES.markdown), "utf8");
      expect(md).toContain("| Traded locally | 0.8 kWh of 0.8 kWh demand (100.0 %) |");
      expect(md).toContain("| Simulated day | 2012-01-12: rank 1 of 366 by total PV generation of customer 12 (13178 Wh; the median day 7266 Wh) |");
      expect(md).toContain("| Ceiling, perfect local matching | 800 Wh (Σ per half-hour of min(surplus, demand)); traded 800 Wh, 100.0 % of it |");
      expect(md).toContain("| Ceiling, one producer per consumer | 800 Wh (each consumer from a single producer, rule I6); traded 800 Wh, 100.0 % of it |");
      expect(md).toContain("| 12:00 | 2 | 1 | 1500 | 800 | 800 | 800 | 100.0 % | 800 | 100.0 % |");
      expect(md).toContain("| day | – | – | 1500 | 800 | 800 | 800 | 100.0 % | 800 | 100.0 % |");
      expect(md).toContain("0 other half-hours had no producer or no consumer");
      const cycles = readFileSync(path.join(dir, REPORT_FILES.cycles), "utf8").split("\n");
      expect(cycles[0]).toMatch(/,perfect_ceiling_wh,perfect_captured_pct,single_supplier_ceiling_wh,single_supplier_exact,single_supplier_upper_bound_wh,single_supplier_captured_pct$/);
      expect(cycles[1]).toMatch(/,800,100,800,true,800,100$/);
      expect(html).toContain("Market efficiency: what could have been traded");
      expect(md).toContain("| Wall time | 1 min 50 s: setup 30 s (conductors 10 s, hApp 10 s, profiles 5 s, discovery 5 s), trading 1 min 0 s, billing 20 s |");
      expect(readFileSync(path.join(dir, REPORT_FILES.invoices), "utf8").split("\n")[1]).toBe("i1,H01,H03,1,1,800,160000,0.16,receipted,receipted,p1,r1");
      expect(JSON.parse(readFileSync(path.join(dir, REPORT_FILES.json), "utf8"))).toEqual(r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("command line", () => {
  test("reads flags, prices exactly in IOEN/kWh", () => {
    const { options, help } = parseOptions(["--", "--households", "4", "--cycles", "6", "--tariff", "0.285", "--day", "2012-01-03"]);
    expect(help).toBe(false);
    expect(options).toMatchObject({ households: 4, cycles: 6, day: "2012-01-03", params: { tariffPerKwh: 285_000 } });
    expect(microPerKwh("1", "tariff")).toBe(1_000_000);
    expect(microPerKwh("0.000001", "tariff")).toBe(1);
    expect(() => microPerKwh("0.1234567", "tariff")).toThrow("must be a price");
    expect(() => parseOptions(["--households", "x"])).toThrow("whole number");
    expect(() => parseOptions(["--bogus"])).toThrow();
  });

  test("--day average is passed on to the plan, and the help names the day it picks", () => {
    expect(parseOptions(["--day", "average"]).options.day).toBe("average");
    expect(parseOptions([]).options.day).toBe("2012-01-12");
    expect(HELP).toContain(`"average"`);
    expect(HELP).toContain(`median (${averageDay(loadAusgrid().rows)})`);
  });
});

describe("timing", () => {
  test("the first window is planned with a margin only where missing it is expensive", () => {
    expect(firstWindowDelayMs(3, 3, 30)).toBe(65_000);
    expect(firstWindowDelayMs(8, 48, 45)).toBe(280_000);
  });

  test("a late start waits for the next billing period unless starting at once idles less", () => {
    expect(lateFirstSupply(4, 3, 3)).toBe(6);
    expect(lateFirstSupply(7, 6, 6)).toBe(12);
    expect(lateFirstSupply(49, 48, 48)).toBe(96);
    expect(lateFirstSupply(6, 3, 3)).toBe(6);
    // 5 cycles in periods of 3: starting at 7 ends with period 3 (cycles 9 to 11), no idle cycle.
    expect(lateFirstSupply(7, 3, 5)).toBe(7);
  });
});
