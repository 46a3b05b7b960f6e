// Deterministic households derived from the one measured Ausgrid household (customer 12):
// scaled, shifted, some without PV, spread over neighbouring real postcodes. The same seed and
// options always give the same households and the same half-hourly series (docs/decisions.md,
// "The simulation: derived households and their strategy").
import { distanceKm, type MeterRow, type Postcode } from "./data.js";

/** A generation method as the zomes spell it. */
export type Method = "solar" | "wind" | "hydro" | "battery" | "biomass" | "grid";

/** How a consumer picks the one contract it confirms (`auto_confirm`). */
export type ConfirmPreference = { type: "cheapest" } | { type: "method"; method: Method };

/** Options of the derivation. */
export interface DerivationOptions {
  /** How many households. */
  households: number;
  /** Seed of every random choice. */
  seed: number;
  /** The postcode the neighbourhood is centred on (its nearest real postcodes join it). */
  centerPostcode: string;
  /** Households per postcode, which sets how many postcodes the neighbourhood spans. */
  householdsPerPostcode: number;
}

export const DEFAULT_DERIVATION: Omit<DerivationOptions, "households"> = {
  seed: 12,
  centerPostcode: "2008",
  householdsPerPostcode: 2,
};

/** Ranges of the random choices (inclusive), written into the report. */
export const RANGES = {
  consumptionScalePct: [50, 130],
  pvScalePct: [130, 300],
  consumptionShift: [-4, 4],
  pvShift: [-1, 1],
  priceSpreadPct: [-15, 15],
} as const;

/** One derived household. */
export interface HouseholdSpec {
  /** 0-based. */
  index: number;
  /** "H01", "H02", … */
  id: string;
  /** Profile name. */
  name: string;
  postcode: string;
  hasPv: boolean;
  /** Consumption = customer 12's consumption × this / 100. */
  consumptionScalePct: number;
  /** Generation = customer 12's generation × this / 100 (0 without PV). */
  pvScalePct: number;
  /** Half-hours the consumption is moved later (negative: earlier). */
  consumptionShift: number;
  /** Half-hours the generation is moved later (panel orientation). */
  pvShift: number;
  /** This household's bids are the base price moved by this many percent. */
  priceSpreadPct: number;
  /** How it confirms one of its contracts. */
  preference: ConfirmPreference;
  producer_methods: Method[];
  accepted_methods: Method[];
}

/** One household's half-hour. */
export interface Interval {
  consumptionWh: number;
  generationWh: number;
  /** generation − consumption when positive: what it can sell (a producer this cycle). */
  surplusWh: number;
  /** consumption − generation when positive: what it needs (a consumer this cycle). */
  deficitWh: number;
}

/** The neighbourhood: its postcodes and the `local_areas` DNA property that makes them neighbours. */
export interface Neighbourhood {
  postcodes: Postcode[];
  localAreas: Record<string, string[]>;
  /** Distance between each pair, km, for the report. */
  distances: { a: string; b: string; km: number }[];
}

/**
 * A uniform number in [0, 1) determined by the seed and a key: FNV-1a of the text, then one
 * mulberry32 step. Keyed rather than sequential, so a household's values do not depend on how
 * many households or cycles are simulated.
 */
export function keyedRandom(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${key}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let t = (h + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A whole number in [lo, hi] from {@link keyedRandom}. */
export function keyedInt(seed: number, key: string, [lo, hi]: readonly [number, number]): number {
  return lo + Math.floor(keyedRandom(seed, key) * (hi - lo + 1));
}

/** a / b rounded half up, for whole a ≥ 0 and b > 0. */
export function roundDiv(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/**
 * The neighbourhood: the centre postcode and its `count − 1` nearest real postcodes (centre to
 * centre), all neighbours of each other in `local_areas` (each pair listed once, under the lower
 * postcode; the DNA reads the relation both ways, decision 8).
 */
export function neighbourhood(all: Postcode[], count: number, centerPostcode: string): Neighbourhood {
  const center = all.find((p) => p.postcode === centerPostcode);
  if (!center) throw new Error(`postcode ${centerPostcode} is not in postcodes.csv`);
  const postcodes = [...all]
    .sort((a, b) => distanceKm(center, a) - distanceKm(center, b) || a.postcode.localeCompare(b.postcode))
    .slice(0, Math.max(1, Math.min(count, all.length)));
  const sorted = [...postcodes].sort((a, b) => a.postcode.localeCompare(b.postcode));
  const localAreas: Record<string, string[]> = {};
  const distances: Neighbourhood["distances"] = [];
  sorted.forEach((a, i) => {
    for (const b of sorted.slice(i + 1)) {
      (localAreas[a.postcode] ??= []).push(b.postcode);
      distances.push({ a: a.postcode, b: b.postcode, km: Math.round(distanceKm(a, b) * 100) / 100 });
    }
  });
  return { postcodes, localAreas, distances };
}

/** Whether two postcodes may trade under `localAreas` (symmetric, as the DNA reads it). */
export function isLocal(localAreas: Record<string, string[]>, a: string, b: string): boolean {
  return a === b || !!localAreas[a]?.includes(b) || !!localAreas[b]?.includes(a);
}

/**
 * The households. Household H01 is customer 12 as measured (scale 100 %, no shift); every
 * third household (H03, H06, …) has no PV; the others draw their scale factors, shifts, price
 * spread and confirmation preference from the seed. Households are spread over the
 * neighbourhood's postcodes in turn.
 */
export function deriveHouseholds(options: DerivationOptions, postcodes: Postcode[]): { households: HouseholdSpec[]; area: Neighbourhood } {
  const { households: n, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`the number of households must be at least 1; it is ${n}`);
  const area = neighbourhood(postcodes, Math.ceil(n / options.householdsPerPostcode), options.centerPostcode);
  const households: HouseholdSpec[] = [];
  for (let index = 0; index < n; index++) {
    const id = `H${String(index + 1).padStart(2, "0")}`;
    const k = (what: string) => `${what}:${index}`;
    const measured = index === 0;
    const hasPv = index % 3 !== 2;
    const preference: ConfirmPreference =
      keyedRandom(seed, k("preference")) < 0.5 ? { type: "cheapest" } : { type: "method", method: "solar" };
    households.push({
      index,
      id,
      name: `Household ${String(index + 1).padStart(2, "0")}`,
      postcode: area.postcodes[index % area.postcodes.length]!.postcode,
      hasPv,
      consumptionScalePct: measured ? 100 : keyedInt(seed, k("consumption"), RANGES.consumptionScalePct),
      pvScalePct: !hasPv ? 0 : measured ? 100 : keyedInt(seed, k("pv"), RANGES.pvScalePct),
      consumptionShift: measured ? 0 : keyedInt(seed, k("consumption-shift"), RANGES.consumptionShift),
      pvShift: measured || !hasPv ? 0 : keyedInt(seed, k("pv-shift"), RANGES.pvShift),
      priceSpreadPct: keyedInt(seed, k("price"), RANGES.priceSpreadPct),
      preference,
      producer_methods: hasPv ? ["solar"] : [],
      accepted_methods: ["solar"],
    });
  }
  return { households, area };
}

/** The row `offset` rows from `index`, clamped to the data. */
function rowAt(rows: MeterRow[], index: number): MeterRow {
  return rows[Math.min(rows.length - 1, Math.max(0, index))]!;
}

/** One household's half-hour at global row `index` of the data. */
export function intervalAt(h: HouseholdSpec, rows: MeterRow[], index: number): Interval {
  const consumptionWh = roundDiv(rowAt(rows, index - h.consumptionShift).consumptionWh * h.consumptionScalePct, 100);
  const generationWh = h.hasPv ? roundDiv(rowAt(rows, index - h.pvShift).generationWh * h.pvScalePct, 100) : 0;
  return {
    consumptionWh,
    generationWh,
    surplusWh: Math.max(0, generationWh - consumptionWh),
    deficitWh: Math.max(0, consumptionWh - generationWh),
  };
}

/** The simulated day: `cycles` rows from global row `start`, for every household. */
export interface DaySeries {
  start: number;
  /** Each row's local time, "YYYY-MM-DD HH:MM". */
  times: string[];
  /** [household][row] */
  intervals: Interval[][];
}

export function daySeries(households: HouseholdSpec[], rows: MeterRow[], start: number, cycles: number): DaySeries {
  if (start < 0 || start + cycles > rows.length) {
    throw new Error(`rows ${start} to ${start + cycles - 1} are not all in the data (${rows.length} rows)`);
  }
  const times = rows.slice(start, start + cycles).map((r) => r.time);
  const intervals = households.map((h) => times.map((_, j) => intervalAt(h, rows, start + j)));
  return { start, times, intervals };
}
