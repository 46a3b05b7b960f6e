// The data loading and the household derivation: deterministic, integer, from the project's copy.
import path from "node:path";
import { describe, expect, test } from "vitest";
import { averageDay, DATA_DIR, dailyGeneration, dayStartIndex, kwhToWh, loadAusgrid, parseMeterCsv, rankDay, timeOffset, type MeterRow } from "./data.js";
import { daySeries, deriveHouseholds, intervalAt, isLocal, keyedRandom, RANGES, roundDiv } from "./derive.js";
import { DEFAULT_OPTIONS, defaultStart, planSimulation } from "./plan.js";

const data = loadAusgrid();

describe("Ausgrid data", () => {
  test("is read from the project's own copy", () => {
    expect(DATA_DIR).toBe(path.resolve(import.meta.dirname, "../../../data/ausgrid"));
  });

  test("has a year of half-hours in whole Wh and the dataset's postcodes", () => {
    expect(data.rows).toHaveLength(366 * 48);
    expect(data.rows[0]).toEqual({ time: "2011-07-01 00:00", consumptionWh: 392, generationWh: 0 });
    expect(data.rows.every((r) => Number.isInteger(r.consumptionWh) && Number.isInteger(r.generationWh))).toBe(true);
    expect(data.postcodes).toHaveLength(100);
    expect(data.postcodes.find((p) => p.postcode === "2008")).toMatchObject({ lat: -33.8878872, lng: 151.1964025 });
  });

  test("turns the float-formatted kWh into Wh", () => {
    expect(kwhToWh("0.48200000000000004")).toBe(482);
    expect(kwhToWh("0.0")).toBe(0);
    expect(() => kwhToWh("-1")).toThrow("is not an energy");
    expect(() => parseMeterCsv("time,A,B\n")).toThrow("unexpected meter file header");
  });

  test("finds days by date or number, and half-hours by time", () => {
    expect(dayStartIndex(data.rows, "2011-07-01")).toBe(0);
    expect(dayStartIndex(data.rows, "2")).toBe(48);
    expect(data.rows[dayStartIndex(data.rows, "2012-01-12")]!.time).toBe("2012-01-12 00:00");
    expect(() => dayStartIndex(data.rows, "2013-01-01")).toThrow("is not in the data");
    expect(timeOffset("12:30")).toBe(25);
    expect(() => timeOffset("12:15")).toThrow("not the start of a half-hour");
    expect(defaultStart(48)).toBe("00:00");
    expect(defaultStart(6)).toBe("11:00");
    expect(defaultStart(3)).toBe("12:00");
  });
});

describe("days ranked by PV generation", () => {
  /** Hand-made days of two half-hours each, with the given generation per half-hour. */
  const days = (...perDay: [string, number, number][]): MeterRow[] =>
    perDay.flatMap(([date, a, b]) => [
      { time: `${date} 00:00`, consumptionWh: 100, generationWh: a },
      { time: `${date} 00:30`, consumptionWh: 100, generationWh: b },
    ]);

  test("sum each calendar day's half-hours", () => {
    expect(dailyGeneration(days(["2012-01-01", 1, 2], ["2012-01-02", 0, 5]))).toEqual([
      { date: "2012-01-01", generationWh: 3 },
      { date: "2012-01-02", generationWh: 5 },
    ]);
    const year = dailyGeneration(data.rows);
    expect(year).toHaveLength(366);
    expect(year.reduce((s, d) => s + d.generationWh, 0)).toBe(data.rows.reduce((s, r) => s + r.generationWh, 0));
  });

  test("rank 1 is the sunniest day; equal days share a rank; the median is half-way for an even count", () => {
    const rows = days(["2012-01-01", 10, 0], ["2012-01-02", 30, 0], ["2012-01-03", 10, 0], ["2012-01-04", 40, 0]);
    expect(rankDay(rows, "2012-01-04")).toEqual({ date: "2012-01-04", rank: 1, tiedWith: 0, days: 4, generationWh: 40, medianWh: 20 });
    expect(rankDay(rows, "2012-01-03")).toMatchObject({ rank: 3, tiedWith: 1 });
    expect(() => rankDay(rows, "2012-02-01")).toThrow("is not in the data");
    // Median 20: 10 and 30 are equally close; the earlier day wins.
    expect(averageDay(rows)).toBe("2012-01-01");
    expect(averageDay(days(["2012-01-01", 10, 0], ["2012-01-02", 30, 0], ["2012-01-03", 21, 0]))).toBe("2012-01-03");
  });

  test("the default day is the sunniest of customer 12's year", () => {
    expect(rankDay(data.rows, DEFAULT_OPTIONS.day)).toEqual({
      date: "2012-01-12", rank: 1, tiedWith: 0, days: 366, generationWh: 13_178, medianWh: 7_266,
    });
  });

  test("--day average is the day of median generation (shared with 2012-02-17)", () => {
    expect(averageDay(data.rows)).toBe("2011-08-01");
    expect(rankDay(data.rows, "2011-08-01")).toEqual({
      date: "2011-08-01", rank: 183, tiedWith: 1, days: 366, generationWh: 7_266, medianWh: 7_266,
    });
    expect(rankDay(data.rows, "2012-02-17")).toMatchObject({ rank: 183, generationWh: 7_266 });
    expect(dayStartIndex(data.rows, "average")).toBe(dayStartIndex(data.rows, "2011-08-01"));
    const plan = planSimulation({ ...DEFAULT_OPTIONS, day: "average", households: 3, cycles: 4 });
    expect(plan.config).toMatchObject({ day: "2011-08-01", dayRank: { rank: 183, days: 366 } });
  });
});

describe("derived households", () => {
  const options = { households: 8, seed: 12, centerPostcode: "2008", householdsPerPostcode: 2 };
  const { households, area } = deriveHouseholds(options, data.postcodes);

  test("are the same for the same seed, and differ for another", () => {
    expect(deriveHouseholds(options, data.postcodes)).toEqual({ households, area });
    expect(deriveHouseholds({ ...options, seed: 13 }, data.postcodes).households).not.toEqual(households);
    expect(keyedRandom(1, "a")).toBe(keyedRandom(1, "a"));
    expect(keyedRandom(1, "a")).not.toBe(keyedRandom(2, "a"));
  });

  test("do not depend on how many households are derived", () => {
    const three = deriveHouseholds({ ...options, households: 3 }, data.postcodes).households;
    expect(three.map(({ postcode: _, ...h }) => h)).toEqual(households.slice(0, 3).map(({ postcode: _, ...h }) => h));
  });

  test("start from customer 12 as measured; every third has no PV; the rest are within the ranges", () => {
    expect(households[0]).toMatchObject({ consumptionScalePct: 100, pvScalePct: 100, consumptionShift: 0, pvShift: 0, hasPv: true });
    expect(households.map((h) => h.hasPv)).toEqual([true, true, false, true, true, false, true, true]);
    for (const h of households.slice(1)) {
      const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
      expect(within(h.consumptionScalePct, RANGES.consumptionScalePct)).toBe(true);
      expect(within(h.consumptionShift, RANGES.consumptionShift)).toBe(true);
      expect(within(h.priceSpreadPct, RANGES.priceSpreadPct)).toBe(true);
      if (h.hasPv) {
        expect(within(h.pvScalePct, RANGES.pvScalePct)).toBe(true);
        expect(within(h.pvShift, RANGES.pvShift)).toBe(true);
      } else {
        expect([h.pvScalePct, h.pvShift, h.producer_methods.length]).toEqual([0, 0, 0]);
      }
    }
  });

  test("live in neighbouring real postcodes that local_areas makes neighbours", () => {
    expect(area.postcodes.map((p) => p.postcode)).toEqual(["2008", "2037", "2010", "2048"]);
    expect(households.map((h) => h.postcode)).toEqual(["2008", "2037", "2010", "2048", "2008", "2037", "2010", "2048"]);
    expect(area.localAreas).toEqual({ "2008": ["2010", "2037", "2048"], "2010": ["2037", "2048"], "2037": ["2048"] });
    for (const a of households) for (const b of households) expect(isLocal(area.localAreas, a.postcode, b.postcode)).toBe(true);
    expect(isLocal(area.localAreas, "2008", "2000")).toBe(false);
    expect(() => deriveHouseholds({ ...options, centerPostcode: "9999" }, data.postcodes)).toThrow("not in postcodes.csv");
  });

  test("have integer half-hours that are either a surplus or a deficit", () => {
    const start = dayStartIndex(data.rows, "2012-01-12");
    const series = daySeries(households, data.rows, start, 48);
    expect(series.times[26]).toBe("2012-01-12 13:00");
    for (const row of series.intervals.flat()) {
      expect(Number.isInteger(row.consumptionWh) && Number.isInteger(row.generationWh)).toBe(true);
      expect(row.surplusWh - row.deficitWh).toBe(row.generationWh - row.consumptionWh);
      expect(Math.min(row.surplusWh, row.deficitWh)).toBe(0);
    }
    // H01 is the measured household: 13:00 of 2012-01-12 is 0.716 kWh used, 0.85 kWh generated.
    expect(series.intervals[0]![26]).toEqual({ consumptionWh: 716, generationWh: 850, surplusWh: 134, deficitWh: 0 });
    // Shifts read other rows: consumption moved later by k half-hours is the measurement k rows earlier.
    const h = { ...households[1]!, consumptionShift: 2, consumptionScalePct: 100 };
    expect(intervalAt(h, data.rows, start + 26).consumptionWh).toBe(data.rows[start + 24]!.consumptionWh);
    expect(roundDiv(250, 100)).toBe(3);
    expect(roundDiv(249, 100)).toBe(2);
  });

  test("give a market at midday on the default day: producers and consumers in every half-hour", () => {
    const plan = planSimulation({ ...DEFAULT_OPTIONS, households: 3, cycles: 4 });
    expect(plan.config).toMatchObject({ day: "2012-01-12", start: "11:30", cyclesPerBillingPeriod: 4, dayRank: { rank: 1, days: 366 } });
    for (let row = 0; row < 4; row++) {
      const rows = plan.series.intervals.map((s) => s[row]!);
      expect(rows.some((r) => r.surplusWh > 0)).toBe(true);
      expect(rows.some((r) => r.deficitWh > 0)).toBe(true);
    }
  });
});
