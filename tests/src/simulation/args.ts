// Command-line options of `npm run simulate`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_OPTIONS, type SimOptions } from "./plan.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const DEFAULT_OUT = path.join(ROOT, "docs/simulation");

export const HELP = `npm run simulate -- [options]

Trades a day of real Ausgrid household data (data/ausgrid) between derived households, one
Holochain conductor each, one short real cycle per half-hour; then bills, pays and receipts
every invoice and writes the report (report.html, report.md, CSV files).

  --households N      households (conductors), default ${DEFAULT_OPTIONS.households}
  --cycles N          half-hours to trade, default ${DEFAULT_OPTIONS.cycles} (a whole day)
  --cycle-seconds N   real length of a cycle, default ${DEFAULT_OPTIONS.cycleSeconds}
  --day D             data day, YYYY-MM-DD or its number in the data (1 = 2011-07-01), default ${DEFAULT_OPTIONS.day}
                      (the sunniest of the year), or "average": the day whose PV generation is
                      closest to the year's median (2011-08-01); the report gives the day's rank
  --start HH:MM       first half-hour, default 00:00 for a whole day, else centred on 12:30
  --tariff P          flat grid tariff, IOEN/kWh, default ${DEFAULT_OPTIONS.params.tariffPerKwh / 1e6}
  --feed-in P         grid feed-in price and producers' reserve price, IOEN/kWh, default ${DEFAULT_OPTIONS.params.feedInPerKwh / 1e6}
  --price P           consumers' base bid price, IOEN/kWh, default ${DEFAULT_OPTIONS.params.basePricePerKwh / 1e6}
  --bids N            producers each consumer bids to per cycle, default ${DEFAULT_OPTIONS.params.bidsPerConsumer}
  --forecast-error N  producers' forecast error, ± percent, default ${DEFAULT_OPTIONS.params.forecastErrorPct}
  --periods N         billing periods the simulated cycles are split into, default ${DEFAULT_OPTIONS.periods}
  --seed N            seed of the derivation, default ${DEFAULT_OPTIONS.seed}
  --postcode P        centre of the neighbourhood (a postcode of the data), default ${DEFAULT_OPTIONS.centerPostcode}
  --out DIR           output folder, default docs/simulation/
  --help              this text
`;

/** IOEN/kWh text to µIOEN/kWh, exactly (up to 6 decimals). */
export function microPerKwh(text: string, flag: string): number {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) throw new Error(`--${flag} must be a price in IOEN/kWh such as 0.30; it is '${text}'`);
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? "").padEnd(6, "0"));
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`--${flag} must be a whole number; it is '${text}'`);
  return Number(text);
}

/** Options from the command line (after `--`). */
export function parseOptions(argv: string[]): { options: SimOptions; out: string; help: boolean } {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      households: { type: "string" },
      cycles: { type: "string" },
      "cycle-seconds": { type: "string" },
      day: { type: "string" },
      start: { type: "string" },
      tariff: { type: "string" },
      "feed-in": { type: "string" },
      price: { type: "string" },
      bids: { type: "string" },
      "forecast-error": { type: "string" },
      periods: { type: "string" },
      seed: { type: "string" },
      postcode: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  const d = DEFAULT_OPTIONS;
  const int = (flag: keyof typeof values, fallback: number) => (values[flag] === undefined ? fallback : integer(String(values[flag]), flag));
  const price = (flag: keyof typeof values, fallback: number) => (values[flag] === undefined ? fallback : microPerKwh(String(values[flag]), flag));
  const options: SimOptions = {
    ...d,
    households: int("households", d.households),
    cycles: int("cycles", d.cycles),
    cycleSeconds: int("cycle-seconds", d.cycleSeconds),
    day: values.day ?? d.day,
    start: values.start ?? null,
    periods: int("periods", d.periods),
    seed: int("seed", d.seed),
    centerPostcode: values.postcode ?? d.centerPostcode,
    params: {
      ...d.params,
      tariffPerKwh: price("tariff", d.params.tariffPerKwh),
      feedInPerKwh: price("feed-in", d.params.feedInPerKwh),
      basePricePerKwh: price("price", d.params.basePricePerKwh),
      bidsPerConsumer: int("bids", d.params.bidsPerConsumer),
      forecastErrorPct: int("forecast-error", d.params.forecastErrorPct),
    },
  };
  // A relative --out is relative to where `npm run` was started.
  const out = values.out ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : DEFAULT_OUT;
  return { options, out, help: !!values.help };
}
