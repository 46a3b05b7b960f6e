// The Ausgrid sample the simulation trades: one real household's half-hourly meter readings and
// the real postcodes of the dataset (data/ausgrid/README.md has the source and its licence).
// Everything is read from the project's own copy and turned into integers (Wh) at once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The project's copy of the dataset. */
export const DATA_DIR = path.join(ROOT, "data/ausgrid");
export const METER_FILE = "customer12_2011-2012.csv";
export const POSTCODE_FILE = "postcodes.csv";

/** One half-hour of customer 12: local wall-clock time, consumption and PV generation in Wh. */
export interface MeterRow {
  /** "YYYY-MM-DD HH:MM", Sydney local time as in the file. */
  time: string;
  consumptionWh: number;
  generationWh: number;
}

/** A postcode of the dataset with its location. */
export interface Postcode {
  postcode: string;
  lat: number;
  lng: number;
  areaKm2: number;
}

/** The loaded dataset. */
export interface Ausgrid {
  rows: MeterRow[];
  postcodes: Postcode[];
}

/**
 * kWh text (the file has values such as "0.48200000000000004": three decimals written by a
 * float formatter) to whole Wh.
 */
export function kwhToWh(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`'${text}' is not an energy in kWh`);
  return Math.round(value * 1000);
}

/** Parses customer12_2011-2012.csv (header `,GC,GG`). */
export function parseMeterCsv(text: string): MeterRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines.shift()?.split(",").map((h) => h.trim());
  if (!header || header[1] !== "GC" || header[2] !== "GG") {
    throw new Error(`unexpected meter file header: ${header?.join(",")} (expected ",GC,GG")`);
  }
  return lines.map((line, i) => {
    const [time, gc, gg] = line.split(",");
    if (!time || gc === undefined || gg === undefined || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(time)) {
      throw new Error(`meter file line ${i + 2} is malformed: ${line}`);
    }
    return { time: time.slice(0, 16), consumptionWh: kwhToWh(gc), generationWh: kwhToWh(gg) };
  });
}

/** Parses postcodes.csv (lines starting with `#` are comments). */
export function parsePostcodesCsv(text: string): Postcode[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const header = lines.shift()?.split(",");
  if (!header || header[0] !== "postcode") throw new Error(`unexpected postcode file header: ${header?.join(",")}`);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`postcode file has no ${name} column`);
    return i;
  };
  const [pc, lat, lng, area] = [col("postcode"), col("lat"), col("lng"), col("area_km2")];
  return lines.map((line) => {
    const f = line.split(",");
    return { postcode: f[pc]!, lat: Number(f[lat]), lng: Number(f[lng]), areaKm2: Number(f[area]) };
  });
}

/** Reads the dataset from `dir` (the project's copy by default). */
export function loadAusgrid(dir: string = DATA_DIR): Ausgrid {
  const read = (file: string) => {
    try {
      return readFileSync(path.join(dir, file), "utf8");
    } catch (error) {
      throw new Error(`cannot read ${path.join(dir, file)}: ${(error as Error).message}`);
    }
  };
  return { rows: parseMeterCsv(read(METER_FILE)), postcodes: parsePostcodesCsv(read(POSTCODE_FILE)) };
}

/** The `--day` word that picks the day of median generation ({@link averageDay}). */
export const AVERAGE_DAY = "average";

/**
 * The index of the first row of a day. `day` is a date ("2012-01-12"), the day's number in
 * the data year, 1 = the first day of the file (2011-07-01), or "average" ({@link averageDay}).
 */
export function dayStartIndex(rows: MeterRow[], day: string): number {
  let date = day.trim();
  if (date === AVERAGE_DAY) date = averageDay(rows);
  if (/^\d+$/.test(date)) {
    const n = Number(date);
    const first = rows[0];
    if (!first || n < 1) throw new Error(`day ${day} is not in the data`);
    const start = new Date(`${first.time.slice(0, 10)}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + n - 1);
    date = start.toISOString().slice(0, 10);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`'${day}' is not a date (YYYY-MM-DD) or a day number`);
  const index = rows.findIndex((r) => r.time.startsWith(`${date} 00:00`));
  if (index < 0) {
    throw new Error(`${date} is not in the data (${rows[0]?.time.slice(0, 10)} to ${rows.at(-1)?.time.slice(0, 10)})`);
  }
  return index;
}

/** One calendar day of the data and customer 12's PV generation on it. */
export interface DayGeneration {
  /** "YYYY-MM-DD". */
  date: string;
  /** Σ of the day's half-hourly generation, Wh. */
  generationWh: number;
}

/** Customer 12's PV generation per calendar day, in the order of the data. */
export function dailyGeneration(rows: MeterRow[]): DayGeneration[] {
  const days: DayGeneration[] = [];
  for (const r of rows) {
    const date = r.time.slice(0, 10);
    const last = days.at(-1);
    if (last?.date === date) last.generationWh += r.generationWh;
    else days.push({ date, generationWh: r.generationWh });
  }
  return days;
}

/** Where a day stands in the data year by customer 12's PV generation. */
export interface DayRank {
  date: string;
  /** 1 = the sunniest day; days with equal generation share a rank (1 + the days with more). */
  rank: number;
  /** Other days with exactly the same generation (sharing the rank). */
  tiedWith: number;
  /** Days in the data. */
  days: number;
  generationWh: number;
  /** The median of the days' generation, rounded to the Wh (half-way between the two middle days when their number is even). */
  medianWh: number;
}

/**
 * Twice the median of the days' generation: a whole number even when the median falls between
 * two days (an even number of days), so days can be compared with it exactly.
 */
function twiceMedianWh(days: DayGeneration[]): number {
  const sorted = days.map((d) => d.generationWh).sort((a, b) => a - b);
  if (!sorted.length) throw new Error("the data has no days");
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? 2 * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

/** The rank of `date` (YYYY-MM-DD) among the data's days by customer 12's total PV generation. */
export function rankDay(rows: MeterRow[], date: string): DayRank {
  const days = dailyGeneration(rows);
  const day = days.find((d) => d.date === date);
  if (!day) throw new Error(`${date} is not in the data`);
  return {
    date,
    rank: 1 + days.filter((d) => d.generationWh > day.generationWh).length,
    tiedWith: days.filter((d) => d.generationWh === day.generationWh).length - 1,
    days: days.length,
    generationWh: day.generationWh,
    medianWh: Math.round(twiceMedianWh(days) / 2),
  };
}

/**
 * The `--day average` day: the one whose total PV generation is closest to the median day's
 * of the year (the median rather than the mean: half the days generate more and half less,
 * however dull the cloudiest days are); of equally close days, the earliest.
 */
export function averageDay(rows: MeterRow[]): string {
  const days = dailyGeneration(rows);
  const twice = twiceMedianWh(days);
  const distance = (d: DayGeneration) => Math.abs(2 * d.generationWh - twice);
  return days.reduce((best, d) => (distance(d) < distance(best) ? d : best)).date;
}

/** The row index of `HH:MM` on the day starting at `dayStart` (half-hours, :00 or :30). */
export function timeOffset(time: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m) throw new Error(`'${time}' is not a time of day (HH:MM)`);
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || (min !== 0 && min !== 30)) throw new Error(`'${time}' is not the start of a half-hour`);
  return h * 2 + min / 30;
}

/** Great-circle distance between two postcodes' centres, in km. */
export function distanceKm(a: Postcode, b: Postcode): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
