// Writes a run's report: CSV files (per cycle, household, invoice, bid), the raw result as JSON,
// report.md with the headline numbers, and report.html with charts (Chart.js, inlined, so the
// file works offline and on its own).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { formatIoen } from "../support/cost.js";
import { RANGES } from "./derive.js";
import type { SimConfig, SimulationResult } from "./model.js";
import type { CycleSummary, Report } from "./report.js";

/** The files a report consists of, in the output folder. */
export const REPORT_FILES = {
  markdown: "report.md",
  html: "report.html",
  cycles: "cycles.csv",
  households: "households.csv",
  invoices: "invoices.csv",
  bids: "bids.csv",
  json: "simulation.json",
} as const;

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted. */
export function csv(header: string[], rows: Cell[][]): string {
  const field = (c: Cell) => {
    const s = c === null || c === undefined ? "" : String(c);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}

/** kWh text from Wh (display only; exact to the Wh with 3 decimals). */
export const kwh = (wh: number, decimals = 1) => (wh / 1000).toFixed(decimals);
const ioen = (micro: number) => formatIoen(micro, false);
const ioenPerKwh = (micro: number | null) => (micro === null ? "" : formatIoen(micro, false));
const percent = (p: number | null) => (p === null ? "–" : `${p.toFixed(1)} %`);
const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

/** Writes every report file into `dir` and returns their paths. */
export function writeReport(dir: string, result: SimulationResult, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [REPORT_FILES.cycles, cyclesCsv(report)],
    [REPORT_FILES.households, householdsCsv(result, report)],
    [REPORT_FILES.invoices, invoicesCsv(result)],
    [REPORT_FILES.bids, bidsCsv(result)],
    [REPORT_FILES.json, JSON.stringify(result, null, 1) + "\n"],
    [REPORT_FILES.markdown, markdown(result, report)],
    [REPORT_FILES.html, html(result, report)],
  ];
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  });
}

function cyclesCsv(report: Report): string {
  return csv(
    [
      "row", "time", "supply_cycle", "billing_period", "producers", "consumers", "demand_wh", "surplus_wh", "offered_wh",
      "bid_wh", "contracted_wh", "confirmed_wh", "sold_wh", "bought_wh", "grid_import_wh", "grid_export_wh",
      "amount_micro_ioen", "min_price_micro_ioen_per_kwh", "avg_price_micro_ioen_per_kwh", "max_price_micro_ioen_per_kwh",
      "scarce_bids", "answered_s", "confirmed_s", "perfect_ceiling_wh", "perfect_captured_pct",
      "single_supplier_ceiling_wh", "single_supplier_exact", "single_supplier_upper_bound_wh", "single_supplier_captured_pct",
    ],
    report.cycles.map((c) => [
      c.row, c.time, c.supplyCycle, c.period, c.producers, c.consumers, c.demandWh, c.surplusWh, c.offeredWh, c.bidWh,
      c.contractedWh, c.confirmedWh, c.soldWh, c.boughtWh, c.gridImportWh, c.gridExportWh, c.amount, c.minPrice,
      c.avgPrice, c.maxPrice, c.scarceBids, c.answeredSeconds, c.confirmedSeconds, c.perfectCeilingWh, c.perfectCapturedPct,
      c.singleSupplierCeilingWh, c.singleSupplierExact, c.singleSupplierUpperBoundWh, c.singleSupplierCapturedPct,
    ]),
  );
}

function householdsCsv(result: SimulationResult, report: Report): string {
  return csv(
    [
      "id", "name", "postcode", "has_pv", "consumption_scale_pct", "pv_scale_pct", "consumption_shift_half_hours",
      "pv_shift_half_hours", "price_spread_pct", "confirm_preference", "consumption_wh", "generation_wh",
      "self_consumed_wh", "bought_wh", "sold_wh", "grid_import_wh", "grid_export_wh", "self_sufficiency_pct",
      "local_sufficiency_pct", "self_consumption_pct", "local_use_pct", "producer_cycles", "consumer_cycles",
      "paid_micro_ioen", "received_micro_ioen", "balance_micro_ioen", "grid_only_bill_micro_ioen",
      "market_bill_micro_ioen", "savings_micro_ioen",
    ],
    report.households.map((s) => {
      const h = result.households[s.index]!;
      return [
        h.id, h.name, h.postcode, h.hasPv, h.consumptionScalePct, h.pvScalePct, h.consumptionShift, h.pvShift,
        h.priceSpreadPct, preferenceText(h.preference), s.consumptionWh, s.generationWh, s.selfConsumedWh, s.boughtWh,
        s.soldWh, s.gridImportWh, s.gridExportWh, s.selfSufficiencyPct, s.localSufficiencyPct, s.selfConsumptionPct,
        s.localUsePct, s.producerCycles, s.consumerCycles, s.paid, s.received, s.balance, s.gridOnlyBill, s.marketBill,
        s.savings,
      ];
    }),
  );
}

function invoicesCsv(result: SimulationResult): string {
  const id = (h: number) => result.households[h]?.id ?? "";
  return csv(
    ["invoice", "producer", "consumer", "period", "lines", "delivered_wh", "total_micro_ioen", "total_ioen", "status", "status_at_consumer", "payment", "receipt"],
    result.invoices
      .slice()
      .sort((a, b) => a.period - b.period || a.producer - b.producer || a.consumer - b.consumer)
      .map((v) => [
        v.invoiceHash, id(v.producer), id(v.consumer), v.period, v.lines.length, v.lines.reduce((s, l) => s + l.deliveredWh, 0),
        v.total, ioen(v.total), v.status, v.consumerView?.status ?? "", v.paymentHash ?? "", v.receiptHash ?? "",
      ]),
  );
}

function bidsCsv(result: SimulationResult): string {
  const id = (h: number) => result.households[h]?.id ?? "";
  return csv(
    ["supply_cycle", "time", "consumer", "producer", "energy_wh", "price_micro_ioen_per_kwh", "scarce", "outcome", "contracted_wh", "confirmed", "delivered_wh", "reason"],
    result.cycles.flatMap((c) =>
      c.bids.map((b) => {
        const k = c.contracts.find((x) => x.producer === b.producer && x.consumer === b.consumer);
        return [
          c.supplyCycle, c.time, id(b.consumer), id(b.producer), b.energyWh, b.pricePerKwh, b.scarce, b.outcome, b.contractedWh,
          k?.confirmed ?? false, k?.confirmed ? k.deliveredWh : 0, b.reason,
        ];
      }),
    ),
  );
}

function preferenceText(p: SimulationResult["households"][number]["preference"]): string {
  return p.type === "cheapest" ? "cheapest" : `method ${p.method}`;
}

/** Where the simulated day stands in the data year, as a sentence. */
export function dayRankText(config: SimConfig): string {
  const r = config.dayRank;
  const tied = r.tiedWith ? ` (shared with ${r.tiedWith} other day${r.tiedWith > 1 ? "s" : ""})` : "";
  return `${r.date}: rank ${r.rank}${tied} of ${r.days} by total PV generation of customer 12 (${r.generationWh} Wh; the median day ${r.medianWh} Wh)`;
}

/** The day's two ceilings and the share of each the market captured, as label/value pairs. */
export function ceilingHeadlines(report: Report): [string, string][] {
  const t = report.totals;
  const greedy = !t.singleSupplierExact;
  return [
    ["Ceiling, perfect local matching", `${t.perfectCeilingWh} Wh (Σ per half-hour of min(surplus, demand)); traded ${t.tradedWh} Wh, ${percent(t.perfectCapturedPct)} of it`],
    [
      "Ceiling, one producer per consumer",
      `${greedy ? "at least " : ""}${t.singleSupplierCeilingWh} Wh${greedy ? ` (greedy in some half-hours; at most ${t.singleSupplierUpperBoundWh} Wh)` : ""} ` +
        `(each consumer from a single producer, rule I6); traded ${t.tradedWh} Wh, ${greedy ? "at most " : ""}${percent(t.singleSupplierCapturedPct)} of it`,
    ],
  ];
}

/** The headline numbers, as label/value pairs (shared by report.md and report.html). */
export function headlines(result: SimulationResult, report: Report): [string, string][] {
  const t = report.totals;
  const c = result.config;
  return [
    ["Simulated day", dayRankText(c)],
    ["Traded locally", `${kwh(t.tradedWh)} kWh of ${kwh(t.demandWh)} kWh demand (${percent(t.demandCoveredPct)})`],
    ["Local surplus sold", `${kwh(t.tradedWh)} kWh of ${kwh(t.surplusWh)} kWh (${percent(t.surplusSoldPct)})`],
    ...ceilingHeadlines(report),
    ["Self-sufficiency of the neighbourhood", `${percent(t.selfSufficiencyPct)} own PV alone → ${percent(t.localSufficiencyPct)} with the market`],
    ["IOEN paid between neighbours", `${ioen(t.amount)} IOEN at ${t.avgPrice === null ? "–" : ioenPerKwh(t.avgPrice)} IOEN/kWh on average`],
    ["Net electricity bill of all households", `${ioen(t.marketBill)} IOEN with the market vs ${ioen(t.gridOnlyBill)} IOEN at the flat grid tariff alone (${ioen(t.savings)} IOEN less; tariff ${ioenPerKwh(c.params.tariffPerKwh)}, feed-in ${ioenPerKwh(c.params.feedInPerKwh)} IOEN/kWh)`],
    ["Contracts", `${t.confirmedContracts} confirmed of ${t.contracts} from ${t.bids} bids (${t.rejectedBids} rejected)`],
    ["Invoices", `${t.invoicesReceipted} paid and receipted, ${t.invoicesVoid} void, of ${t.invoices}`],
    ["Final balances", `sum ${ioen(t.balanceSum)} IOEN${t.balanceSum === 0 ? " (zero, as it must be)" : " (NOT zero)"}`],
    ["Invariants", report.violations.length === 0 ? "all hold" : `${report.violations.length} violated`],
    ["Wall time", `${seconds(result.timings.totalMs)}: setup ${seconds(result.timings.setupMs)} (conductors ${seconds(result.timings.setupPhases.conductorsMs)}, hApp ${seconds(result.timings.setupPhases.installMs)}, profiles ${seconds(result.timings.setupPhases.registerMs)}, discovery ${seconds(result.timings.setupPhases.discoverMs)}), trading ${seconds(result.timings.tradingMs)}, billing ${seconds(result.timings.billingMs)}`],
  ];
}

/** What the market-efficiency table says about its columns. */
const EFFICIENCY_TEXT =
  "Ceilings per half-hour, from the measured surpluses and deficits the simulation fed the market. " +
  "Perfect matching: min(total surplus, total demand), as if energy split freely among all neighbours. " +
  "One producer per consumer: the most that can be traded when each consumer takes all its energy from a single producer " +
  "(rule I6: a consumer confirms at most one contract per cycle), a producer's surplus shared among the consumers assigned to it; " +
  "found by exhaustive search (tests/src/simulation/ceiling.ts), or by a greedy assignment (a lower bound, marked ≥) when a half-hour has too many households for it. " +
  "Traded: the energy delivered on the invoice lines, as in the headlines. Captured: traded / ceiling.";

const EFFICIENCY_HEADER = [
  "half-hour", "producers", "consumers", "surplus Wh", "demand Wh", "traded Wh",
  "ceiling: perfect Wh", "captured", "ceiling: one producer Wh", "captured",
];

/** The numbers of one row of the market-efficiency table (a half-hour, or the day). */
type EfficiencyRow = Pick<
  CycleSummary,
  "surplusWh" | "demandWh" | "soldWh" | "perfectCeilingWh" | "perfectCapturedPct" | "singleSupplierCeilingWh" | "singleSupplierExact" | "singleSupplierCapturedPct"
>;

/** The market-efficiency table: the half-hours with something to trade, then the day. */
function efficiencyRows(report: Report): { rows: string[][]; idleText: string } {
  // A greedy ceiling is a lower bound, so the share captured of it is an upper bound.
  const row = (label: string, producers: string, consumers: string, c: EfficiencyRow) => [
    label, producers, consumers, String(c.surplusWh), String(c.demandWh), String(c.soldWh),
    String(c.perfectCeilingWh), percent(c.perfectCapturedPct),
    `${c.singleSupplierExact ? "" : "≥ "}${c.singleSupplierCeilingWh}`, `${c.singleSupplierExact ? "" : "≤ "}${percent(c.singleSupplierCapturedPct)}`,
  ];
  const active = report.cycles.filter((c) => c.perfectCeilingWh > 0);
  const idle = report.cycles.length - active.length;
  const t = report.totals;
  // Households change sides during the day: the day has no count of producers or consumers.
  const day = row("day", "–", "–", { ...t, soldWh: t.tradedWh });
  return {
    rows: [...active.map((c) => row(c.time.slice(11), String(c.producers), String(c.consumers), c)), day],
    idleText: `${idle} other half-hour${idle === 1 ? "" : "s"} had no producer or no consumer: nothing to trade.`,
  };
}

function derivationText(result: SimulationResult): string[] {
  const c = result.config;
  return [
    `Households are derived from Ausgrid customer 12 (one measured Sydney household with rooftop PV) by a deterministic, seeded rule (seed ${c.seed}):`,
    `H01 is customer 12 as measured; every third household (H03, H06, …) has no PV; the others scale consumption by ${RANGES.consumptionScalePct[0]}–${RANGES.consumptionScalePct[1]} % and PV by ${RANGES.pvScalePct[0]}–${RANGES.pvScalePct[1]} %, shift consumption by ${RANGES.consumptionShift[0]} to +${RANGES.consumptionShift[1]} half-hours and PV by ${RANGES.pvShift[0]} to +${RANGES.pvShift[1]}, each drawn from the seed and the household's number.`,
    `Households are spread in turn over the ${result.area.postcodes.length} real postcodes nearest ${c.centerPostcode} (centre to centre); the DNA property local_areas makes them all neighbours of each other.`,
    `Each half-hour row is one cycle: surplus (generation > consumption) makes a household a producer, offering its surplus forecast (the measured surplus off by up to ±${c.params.forecastErrorPct} %, seeded) at a reserve price of the feed-in price; deficit makes it a consumer.`,
    `Consumers bid to at most ${c.params.bidsPerConsumer} local producers (preferred method, own postcode, largest offer first) for their whole deficit, at ${ioenPerKwh(c.params.basePricePerKwh)} IOEN/kWh moved by their own spread (${RANGES.priceSpreadPct[0]} to +${RANGES.priceSpreadPct[1]} %), +${c.params.scarcityPremiumPct} % when the offers they see are below their deficit times the local households without an offer; between feed-in and tariff.`,
    `Producers answer with auto_accept (highest price first, up to capacity); consumers confirm one contract with auto_confirm (their preference). Producers deliver confirmed contracts from the measured surplus, in contract order; a shortfall is recorded with record_delivery, the rest billed by auto_invoice (delivered = contracted), paid by auto_pay and receipted by auto_acknowledge.`,
  ];
}

function markdown(result: SimulationResult, report: Report): string {
  const c = result.config;
  const lines: string[] = [];
  lines.push(`# Simulation report: ${c.households} households, ${c.day} from ${c.start}, ${c.cycles} half-hours`, "");
  lines.push(
    `Real Ausgrid household data (customer 12, CC BY 4.0; see data/ausgrid/README.md) traded through ${c.households} Holochain conductors, ` +
      `one cycle of ${c.cycleSeconds} s per half-hour, ${c.cyclesPerBillingPeriod} cycles per billing period. ` +
      `Charts: [report.html](report.html). Data: ${["cycles", "households", "invoices", "bids"].map((f) => `[${f}.csv](${f}.csv)`).join(", ")}, [simulation.json](simulation.json).`,
    "",
  );
  lines.push("| | |", "|---|---|");
  for (const [k, v] of headlines(result, report)) lines.push(`| ${k} | ${v} |`);
  lines.push("");
  if (report.violations.length) {
    lines.push("## Invariant violations", "", ...report.violations.map((v) => `- ${v}`), "");
  }
  const efficiency = efficiencyRows(report);
  lines.push("## Market efficiency: what could have been traded", "", EFFICIENCY_TEXT, "");
  lines.push(`| ${EFFICIENCY_HEADER.join(" | ")} |`, `|---|${EFFICIENCY_HEADER.slice(1).map(() => "---:").join("|")}|`);
  for (const r of efficiency.rows) lines.push(`| ${r.join(" | ")} |`);
  lines.push("", efficiency.idleText, "");
  lines.push("## Households", "");
  lines.push("| household | postcode | PV | consumption kWh | generation kWh | bought kWh | sold kWh | self-sufficiency (own → with market) | self-consumption (own → with market) | balance IOEN | bill grid only → with market IOEN |");
  lines.push("|---|---|---|---:|---:|---:|---:|---|---|---:|---|");
  for (const h of report.households) {
    lines.push(
      `| ${h.id} | ${h.postcode} | ${h.hasPv ? "yes" : "no"} | ${kwh(h.consumptionWh, 2)} | ${kwh(h.generationWh, 2)} | ${kwh(h.boughtWh, 2)} | ${kwh(h.soldWh, 2)} | ` +
        `${percent(h.selfSufficiencyPct)} → ${percent(h.localSufficiencyPct)} | ${percent(h.selfConsumptionPct)} → ${percent(h.localUsePct)} | ${ioen(h.balance)} | ${ioen(h.gridOnlyBill)} → ${ioen(h.marketBill)} |`,
    );
  }
  lines.push("", "## How the households and their strategy are derived", "", ...derivationText(result).map((t) => `- ${t}`), "");
  lines.push(`local_areas: \`${JSON.stringify(result.area.localAreas)}\``, "");
  if (result.notes.length || report.totals.errors) {
    lines.push("## Notes", "", ...result.notes.map((n) => `- ${n}`));
    for (const cy of result.cycles) for (const e of cy.errors) lines.push(`- cycle ${cy.supplyCycle} (${cy.time.slice(11)}): ${e}`);
    lines.push("");
  }
  lines.push(
    `Run started ${result.timings.startedAt}; supply cycles ${result.firstSupplyCycle}–${result.firstSupplyCycle + c.cycles - 1}, ` +
      `billing period${new Set(result.cycles.map((x) => x.period)).size > 1 ? "s" : ""} ${[...new Set(result.cycles.map((x) => x.period))].join(", ")}. ` +
      `Reproduce with \`npm run simulate -- --households ${c.households} --cycles ${c.cycles} --cycle-seconds ${c.cycleSeconds} --day ${c.day} --start ${c.start} --seed ${c.seed}\`.`,
    "",
  );
  return lines.join("\n");
}

/** Chart.js's UMD build, to inline (the tests workspace depends on chart.js). */
function chartJs(): string {
  // The package's exports name only its module builds; the UMD build sits next to them.
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");
  return readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);

function html(result: SimulationResult, report: Report): string {
  const c = result.config;
  const hs = report.households;
  const data = {
    labels: report.cycles.map((x) => x.time.slice(11)),
    traded: report.cycles.map((x) => x.soldWh / 1000),
    gridImport: report.cycles.map((x) => x.gridImportWh / 1000),
    surplus: report.cycles.map((x) => x.surplusWh / 1000),
    demand: report.cycles.map((x) => x.demandWh / 1000),
    perfectCeiling: report.cycles.map((x) => x.perfectCeilingWh / 1000),
    singleSupplierCeiling: report.cycles.map((x) => x.singleSupplierCeilingWh / 1000),
    minPrice: report.cycles.map((x) => (x.minPrice === null ? null : x.minPrice / 1e6)),
    avgPrice: report.cycles.map((x) => (x.avgPrice === null ? null : x.avgPrice / 1e6)),
    maxPrice: report.cycles.map((x) => (x.maxPrice === null ? null : x.maxPrice / 1e6)),
    tariff: c.params.tariffPerKwh / 1e6,
    feedIn: c.params.feedInPerKwh / 1e6,
    households: hs.map((h) => h.id),
    gridOnlyBill: hs.map((h) => h.gridOnlyBill / 1e6),
    marketBill: hs.map((h) => h.marketBill / 1e6),
    selfSufficiency: hs.map((h) => h.selfSufficiencyPct),
    localSufficiency: hs.map((h) => h.localSufficiencyPct),
    balances: hs.map((h) => h.balance / 1e6),
    bought: hs.map((h) => h.boughtWh / 1000),
    sold: hs.map((h) => -h.soldWh / 1000),
  };
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const maxFlow = Math.max(1, ...report.flows.flat());
  const flowRows = hs
    .map((payer) => {
      const cells = hs
        .map((payee) => {
          const f = report.flows[payer.index]![payee.index]!;
          const alpha = f > 0 ? 0.12 + 0.75 * (f / maxFlow) : 0;
          return `<td style="background: rgba(42,157,143,${alpha.toFixed(2)})">${f ? ioen(f) : ""}</td>`;
        })
        .join("");
      return `<tr><th>${payer.id}</th>${cells}<td><b>${ioen(payer.paid)}</b></td></tr>`;
    })
    .join("\n");
  const householdRows = hs
    .map((h) => {
      const d = result.households[h.index]!;
      return `<tr><td>${h.id}</td><td>${h.postcode}</td><td>${d.hasPv ? `${d.pvScalePct} %` : "none"}</td><td>${d.consumptionScalePct} %</td><td>${d.consumptionShift >= 0 ? "+" : ""}${d.consumptionShift} / ${d.pvShift >= 0 ? "+" : ""}${d.pvShift}</td><td>${d.priceSpreadPct >= 0 ? "+" : ""}${d.priceSpreadPct} %</td><td>${preferenceText(d.preference)}</td><td class="n">${kwh(h.consumptionWh, 2)}</td><td class="n">${kwh(h.generationWh, 2)}</td><td class="n">${kwh(h.boughtWh, 2)}</td><td class="n">${kwh(h.soldWh, 2)}</td><td class="n">${ioen(h.balance)}</td><td class="n">${ioen(h.gridOnlyBill)}</td><td class="n">${ioen(h.marketBill)}</td></tr>`;
    })
    .join("\n");
  const cards = headlines(result, report)
    .map(([k, v]) => `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`)
    .join("\n");
  const efficiency = efficiencyRows(report);
  const efficiencyTable =
    `<table><tr>${EFFICIENCY_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>\n` +
    efficiency.rows.map((r) => `<tr><td>${escapeHtml(r[0]!)}</td>${r.slice(1).map((x) => `<td class="n">${escapeHtml(x)}</td>`).join("")}</tr>`).join("\n") +
    `</table>\n<p>${escapeHtml(efficiency.idleText)}</p>`;
  const problems = [
    ...report.violations.map((v) => `<li class="bad">${escapeHtml(v)}</li>`),
    ...result.notes.map((n) => `<li>${escapeHtml(n)}</li>`),
    ...result.cycles.flatMap((cy) => cy.errors.map((e) => `<li>cycle ${cy.supplyCycle} (${cy.time.slice(11)}): ${escapeHtml(e)}</li>`)),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IOEN micro-ledger simulation: ${c.households} households, ${c.day}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #1d2d35; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; }
  .sub { color: #5b6b73; margin-top: 0; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: .75rem; }
  .card { border: 1px solid #dde3e6; border-radius: 8px; padding: .6rem .8rem; background: #f8fafb; }
  .card .k { font-size: .8rem; color: #5b6b73; } .card .v { font-size: .95rem; font-weight: 600; margin-top: .2rem; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1.2rem; }
  .chart { position: relative; height: 320px; }
  table { border-collapse: collapse; font-size: .85rem; } td, th { border: 1px solid #dde3e6; padding: .25rem .45rem; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; } .flows td { text-align: right; min-width: 4.5rem; }
  li.bad { color: #b00020; font-weight: 600; } p, li { line-height: 1.45; }
</style>
</head>
<body>
<h1>A day of real household data on the IOEN micro-ledger</h1>
<p class="sub">${c.households} households derived from Ausgrid customer 12, ${c.day} from ${c.start} (${c.cycles} half-hours), each half-hour one ${c.cycleSeconds}-second cycle on ${c.households} Holochain conductors. Prices and bills in IOEN.</p>
<div class="cards">
${cards}
</div>

<h2>Energy: what the neighbourhood needed, and where it came from</h2>
<div class="chart"><canvas id="energy"></canvas></div>

<h2>Market efficiency: what could have been traded</h2>
<p>${escapeHtml(EFFICIENCY_TEXT)}</p>
${efficiencyTable}

<div class="charts">
<div><h2>Prices per half-hour</h2><div class="chart"><canvas id="prices"></canvas></div></div>
<div><h2>Bill per household: grid only vs with the local market</h2><div class="chart"><canvas id="bills"></canvas></div></div>
<div><h2>Self-sufficiency per household</h2><div class="chart"><canvas id="sufficiency"></canvas></div></div>
<div><h2>Energy traded per household (bought +, sold −)</h2><div class="chart"><canvas id="traded"></canvas></div></div>
<div><h2>Final IOEN balances (sum ${ioen(report.totals.balanceSum)})</h2><div class="chart"><canvas id="balances"></canvas></div></div>
</div>

<h2>IOEN flows: who paid whom</h2>
<table class="flows"><tr><th>payer ↓ payee →</th>${hs.map((h) => `<th>${h.id}</th>`).join("")}<th>paid</th></tr>
${flowRows}
<tr><th>received</th>${hs.map((h) => `<td><b>${ioen(h.received)}</b></td>`).join("")}<td></td></tr>
</table>

<h2>Households</h2>
<table><tr><th>id</th><th>postcode</th><th>PV scale</th><th>consumption scale</th><th>shift cons. / PV (½ h)</th><th>price spread</th><th>confirms</th><th>consumption kWh</th><th>generation kWh</th><th>bought kWh</th><th>sold kWh</th><th>balance IOEN</th><th>grid-only bill</th><th>bill with market</th></tr>
${householdRows}
</table>

<h2>How the households and their strategy are derived</h2>
<ul>${derivationText(result).map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>
<p>Postcodes: ${result.area.postcodes.map((p) => p.postcode).join(", ")}; local_areas <code>${escapeHtml(JSON.stringify(result.area.localAreas))}</code>; distances ${result.area.distances.map((d) => `${d.a}–${d.b} ${d.km} km`).join(", ")}.</p>
${problems.length ? `<h2>Notes</h2><ul>${problems.join("\n")}</ul>` : ""}
<p class="sub">Data: "Solar home electricity data", Ausgrid (Ratnam et al. 2017, doi:10.1080/14786451.2015.1100196), reshaped by Pierre Haessig, CC BY 4.0. Households derived from it as described above. Charts drawn with Chart.js (MIT), embedded in this file.</p>

<script>${chartJs()}</script>
<script>
const D = ${json};
const C = { traded: "#2a9d8f", grid: "#adb5bd", surplus: "#e9c46a", demand: "#264653", tariff: "#e76f51", feedIn: "#8ab17d", own: "#f4a261" };
const ioenTick = { callback: (v) => v + " IOEN" };
new Chart(document.getElementById("energy"), {
  data: { labels: D.labels, datasets: [
    { type: "bar", label: "Traded locally (kWh)", data: D.traded, backgroundColor: C.traded, stack: "need" },
    { type: "bar", label: "From the grid (kWh)", data: D.gridImport, backgroundColor: C.grid, stack: "need" },
    { type: "line", label: "Neighbours' surplus (kWh)", data: D.surplus, borderColor: C.surplus, backgroundColor: C.surplus, pointRadius: 0, tension: 0.3, borderWidth: 3 },
    // Stack keys of their own: the y axis stacks, and a line without one would be added onto the surplus line.
    { type: "line", label: "Ceiling: perfect matching (kWh)", data: D.perfectCeiling, borderColor: C.demand, borderDash: [6, 4], pointRadius: 0, borderWidth: 2, stack: "perfect" },
    { type: "line", label: "Ceiling: one producer per consumer (kWh)", data: D.singleSupplierCeiling, borderColor: C.tariff, borderDash: [2, 3], pointRadius: 0, borderWidth: 2, stack: "single" },
  ] },
  options: { maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
    scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "kWh per half-hour" } } } },
});
new Chart(document.getElementById("prices"), {
  type: "line",
  data: { labels: D.labels, datasets: [
    { label: "highest", data: D.maxPrice, borderColor: "rgba(42,157,143,.35)", backgroundColor: "rgba(42,157,143,.15)", pointRadius: 0, fill: "+2", spanGaps: false },
    { label: "average (energy-weighted)", data: D.avgPrice, borderColor: C.traded, backgroundColor: C.traded, pointRadius: 3 },
    { label: "lowest", data: D.minPrice, borderColor: "rgba(42,157,143,.35)", pointRadius: 0 },
    { label: "grid tariff", data: D.labels.map(() => D.tariff), borderColor: C.tariff, borderDash: [6, 4], pointRadius: 0 },
    { label: "feed-in", data: D.labels.map(() => D.feedIn), borderColor: C.feedIn, borderDash: [6, 4], pointRadius: 0 },
  ] },
  options: { maintainAspectRatio: false, scales: { y: { min: 0, title: { display: true, text: "IOEN per kWh" } } } },
});
new Chart(document.getElementById("bills"), {
  type: "bar",
  data: { labels: D.households, datasets: [
    { label: "grid only", data: D.gridOnlyBill, backgroundColor: C.grid },
    { label: "with the local market", data: D.marketBill, backgroundColor: C.traded },
  ] },
  options: { maintainAspectRatio: false, scales: { y: { ticks: ioenTick } } },
});
new Chart(document.getElementById("sufficiency"), {
  type: "bar",
  data: { labels: D.households, datasets: [
    { label: "own PV alone", data: D.selfSufficiency, backgroundColor: C.own },
    { label: "with the local market", data: D.localSufficiency, backgroundColor: C.traded },
  ] },
  options: { maintainAspectRatio: false, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + " %" } } } },
});
new Chart(document.getElementById("traded"), {
  type: "bar",
  data: { labels: D.households, datasets: [
    { label: "bought (kWh)", data: D.bought, backgroundColor: C.demand, stack: "t" },
    { label: "sold (kWh)", data: D.sold, backgroundColor: C.surplus, stack: "t" },
  ] },
  options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "kWh" } } } },
});
new Chart(document.getElementById("balances"), {
  type: "bar",
  data: { labels: D.households, datasets: [
    { label: "balance", data: D.balances, backgroundColor: D.balances.map((b) => (b < 0 ? C.tariff : C.traded)) },
  ] },
  options: { maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { ticks: ioenTick } } },
});
</script>
</body>
</html>
`;
}
