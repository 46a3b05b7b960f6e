// From options to what a run simulates: the data day, the derived households and their series,
// and the network parameters. Pure apart from reading the project's copy of the data.
import { dayStartIndex, loadAusgrid, rankDay, timeOffset, type Ausgrid } from "./data.js";
import { DEFAULT_DERIVATION, daySeries, deriveHouseholds } from "./derive.js";
import type { SimConfig } from "./model.js";
import type { RunInput } from "./runner.js";
import { checkParams, DEFAULT_PARAMS, type MarketParams } from "./strategy.js";

export interface SimOptions {
  households: number;
  cycles: number;
  cycleSeconds: number;
  /** "YYYY-MM-DD", the day's number in the data (1 = 2011-07-01) or "average" (data.ts `averageDay`). */
  day: string;
  /** "HH:MM" of the first half-hour; default: midnight for a whole day, else centred on 12:30. */
  start: string | null;
  /** Billing periods the simulated cycles are split into. */
  periods: number;
  seed: number;
  centerPostcode: string;
  householdsPerPostcode: number;
  params: MarketParams;
}

/**
 * A sunny summer day: a clean PV bell curve, 13.2 kWh from customer 12's panels, the most of
 * any day of its year (rank 1 of 366; derive.test.ts checks it).
 */
export const DEFAULT_DAY = "2012-01-12";

/**
 * Default real cycle length. A bidding round of 6 conductors settles in about 23 s on 2 cores
 * (tests/src/market/bidding.test.ts); with 8 conductors and up to 7 producers a midday round
 * needs more, and a round must end inside its cycle.
 */
export const DEFAULT_CYCLE_SECONDS = 45;

export const DEFAULT_OPTIONS: SimOptions = {
  households: 8,
  cycles: 48,
  cycleSeconds: DEFAULT_CYCLE_SECONDS,
  day: DEFAULT_DAY,
  start: null,
  periods: 1,
  seed: DEFAULT_DERIVATION.seed,
  centerPostcode: DEFAULT_DERIVATION.centerPostcode,
  householdsPerPostcode: DEFAULT_DERIVATION.householdsPerPostcode,
  params: DEFAULT_PARAMS,
};

/** The default first half-hour: midnight for 48 cycles or more, else the window centred on 12:30. */
export function defaultStart(cycles: number): string {
  if (cycles >= 48) return "00:00";
  const row = Math.max(0, 25 - Math.floor(cycles / 2));
  return `${String(Math.floor(row / 2)).padStart(2, "0")}:${row % 2 ? "30" : "00"}`;
}

/** Checks the options and derives everything a run needs. */
export function planSimulation(options: SimOptions, data: Ausgrid = loadAusgrid()): RunInput {
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}; it is ${value}`);
  };
  whole("households", options.households, 2);
  whole("cycles", options.cycles, 1);
  whole("cycle-seconds", options.cycleSeconds, 5);
  whole("periods", options.periods, 1);
  whole("seed", options.seed, 0);
  if (options.periods > options.cycles) throw new Error("--periods cannot exceed --cycles");
  checkParams(options.params);
  const dayStart = dayStartIndex(data.rows, options.day);
  const start = options.start ?? defaultStart(options.cycles);
  const first = dayStart + timeOffset(start);
  const { households, area } = deriveHouseholds(
    {
      households: options.households,
      seed: options.seed,
      centerPostcode: options.centerPostcode,
      householdsPerPostcode: options.householdsPerPostcode,
    },
    data.postcodes,
  );
  const series = daySeries(households, data.rows, first, options.cycles);
  const day = data.rows[dayStart]!.time.slice(0, 10);
  const config: SimConfig = {
    households: options.households,
    cycles: options.cycles,
    cycleSeconds: options.cycleSeconds,
    day,
    dayRank: rankDay(data.rows, day),
    start,
    seed: options.seed,
    centerPostcode: options.centerPostcode,
    householdsPerPostcode: options.householdsPerPostcode,
    cyclesPerBillingPeriod: Math.ceil(options.cycles / options.periods),
    params: options.params,
  };
  return { config, households, area, series };
}
