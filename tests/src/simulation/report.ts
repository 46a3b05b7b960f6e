// The numbers of a simulation report and the invariants it must satisfy, computed from the
// recorded result alone (no conductors). Energy and money stay integers (Wh, micro-IOEN);
// only percentages are fractions.
import { cost } from "../support/cost.js";
import { cycleCeilings } from "./ceiling.js";
import type { InvoiceLineRecord, SimulationResult } from "./model.js";

/**
 * The market against its ceilings (ceiling.ts), for one half-hour or, summed, for the day (a sum
 * is exact only when every half-hour's is).
 */
export interface CeilingFigures {
  /** What perfect local matching could trade: min(surplus, demand). */
  perfectCeilingWh: number;
  /** What it could trade with each consumer served by one producer, rule I6. */
  singleSupplierCeilingWh: number;
  /** Whether that is the exact maximum; else a greedy assignment's value, a lower bound. */
  singleSupplierExact: boolean;
  /** An upper bound of the rule-I6 ceiling (the ceiling itself when exact). */
  singleSupplierUpperBoundWh: number;
  /** Traded / each ceiling, percent (null: the ceiling is 0, nothing could be traded). */
  perfectCapturedPct: number | null;
  singleSupplierCapturedPct: number | null;
}

export interface CycleSummary extends CeilingFigures {
  row: number;
  time: string;
  supplyCycle: number;
  period: number;
  producers: number;
  consumers: number;
  /** Σ deficits: what consumers needed. */
  demandWh: number;
  /** Σ measured surpluses: what producers had. */
  surplusWh: number;
  offeredWh: number;
  bidWh: number;
  contractedWh: number;
  confirmedWh: number;
  /** Delivered energy on the producers' invoice lines. */
  soldWh: number;
  /** Delivered energy on the consumers' invoice lines (the same invoices, as consumers read them). */
  boughtWh: number;
  gridImportWh: number;
  gridExportWh: number;
  /** Σ line amounts, µIOEN. */
  amount: number;
  minPrice: number | null;
  /** Energy-weighted mean price of the delivered energy, µIOEN/kWh (rounded). */
  avgPrice: number | null;
  maxPrice: number | null;
  scarceBids: number;
  answeredSeconds: number | null;
  confirmedSeconds: number | null;
}

export interface HouseholdSummary {
  index: number;
  id: string;
  postcode: string;
  hasPv: boolean;
  consumptionWh: number;
  generationWh: number;
  /** Own generation used at home: Σ min(generation, consumption) per half-hour. */
  selfConsumedWh: number;
  boughtWh: number;
  soldWh: number;
  gridImportWh: number;
  gridExportWh: number;
  /** Own generation / consumption. */
  selfSufficiencyPct: number;
  /** (Own generation + bought locally) / consumption. */
  localSufficiencyPct: number;
  /** Own use / generation (null without PV). */
  selfConsumptionPct: number | null;
  /** (Own use + sold locally) / generation. */
  localUsePct: number | null;
  producerCycles: number;
  consumerCycles: number;
  /** µIOEN paid to neighbours and received from them. */
  paid: number;
  received: number;
  /** The ledger's final balance (µIOEN). */
  balance: number;
  /** Without the market: grid import at the tariff, less exports at the feed-in price. */
  gridOnlyBill: number;
  /** With it: remaining grid import and export, plus what it paid, less what it received. */
  marketBill: number;
  savings: number;
}

export interface Totals extends CeilingFigures {
  consumptionWh: number;
  generationWh: number;
  selfConsumedWh: number;
  demandWh: number;
  surplusWh: number;
  offeredWh: number;
  contractedWh: number;
  confirmedWh: number;
  tradedWh: number;
  /** Traded / demand. */
  demandCoveredPct: number;
  /** Traded / surplus. */
  surplusSoldPct: number;
  /** Whole neighbourhood: own use alone / consumption. */
  selfSufficiencyPct: number;
  /** Whole neighbourhood: (own use + traded) / consumption. */
  localSufficiencyPct: number;
  amount: number;
  avgPrice: number | null;
  contracts: number;
  confirmedContracts: number;
  bids: number;
  rejectedBids: number;
  invoices: number;
  invoicesReceipted: number;
  invoicesVoid: number;
  balanceSum: number;
  gridOnlyBill: number;
  marketBill: number;
  savings: number;
  errors: number;
}

export interface Report {
  cycles: CycleSummary[];
  households: HouseholdSummary[];
  totals: Totals;
  /** µIOEN paid, [payer (consumer)][payee (producer)]. */
  flows: number[][];
  violations: string[];
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
/** Like `pct`, but null when there is no whole (a share of nothing is not 0 %). */
const share = (part: number, whole: number) => (whole > 0 ? pct(part, whole) : null);
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
/** Energy-weighted mean price, µIOEN/kWh: amount × 1000 / energy, rounded (display only). */
const meanPrice = (amount: number, wh: number) => (wh > 0 ? Math.round((amount * 1000) / wh) : null);

/** Everything the report shows, and the invariant violations (none in a correct run). */
export function summarize(result: SimulationResult): Report {
  const { households, series, cycles, invoices, config } = result;
  const { tariffPerKwh, feedInPerKwh } = config.params;
  const producerLines = invoices.flatMap((v) => v.lines.map((l) => ({ ...l, producer: v.producer, consumer: v.consumer })));
  const consumerLines = invoices.flatMap((v) => (v.consumerView?.lines ?? []).map((l) => ({ ...l, producer: v.producer, consumer: v.consumer })));

  const cycleSummaries: CycleSummary[] = cycles.map((c) => {
    const intervals = households.map((h) => series.intervals[h.index]![c.row]!);
    const sold = producerLines.filter((l) => l.supplyCycle === c.supplyCycle);
    const bought = consumerLines.filter((l) => l.supplyCycle === c.supplyCycle);
    const demandWh = sum(intervals, (i) => i.deficitWh);
    const surplusWh = sum(intervals, (i) => i.surplusWh);
    const soldWh = sum(sold, (l) => l.deliveredWh);
    const boughtWh = sum(bought, (l) => l.deliveredWh);
    const amount = sum(sold, (l) => l.amount);
    const prices = sold.filter((l) => l.deliveredWh > 0).map((l) => l.pricePerKwh);
    // From the same measured surpluses and deficits as demandWh and surplusWh above.
    const ceilings = cycleCeilings(intervals);
    return {
      row: c.row,
      time: c.time,
      supplyCycle: c.supplyCycle,
      period: c.period,
      producers: intervals.filter((i) => i.surplusWh > 0).length,
      consumers: intervals.filter((i) => i.deficitWh > 0).length,
      demandWh,
      surplusWh,
      offeredWh: sum(c.offers.filter((o) => o.made), (o) => o.capacityWh),
      bidWh: sum(c.bids, (b) => b.energyWh),
      contractedWh: sum(c.contracts, (k) => k.energyWh),
      confirmedWh: sum(c.contracts.filter((k) => k.confirmed), (k) => k.energyWh),
      soldWh,
      boughtWh,
      gridImportWh: demandWh - boughtWh,
      gridExportWh: surplusWh - soldWh,
      perfectCeilingWh: ceilings.perfectWh,
      singleSupplierCeilingWh: ceilings.singleSupplier.wh,
      singleSupplierExact: ceilings.singleSupplier.exact,
      singleSupplierUpperBoundWh: ceilings.singleSupplier.upperBoundWh,
      perfectCapturedPct: share(soldWh, ceilings.perfectWh),
      singleSupplierCapturedPct: share(soldWh, ceilings.singleSupplier.wh),
      amount,
      minPrice: prices.length ? Math.min(...prices) : null,
      avgPrice: meanPrice(amount, soldWh),
      maxPrice: prices.length ? Math.max(...prices) : null,
      scarceBids: c.bids.filter((b) => b.scarce).length,
      answeredSeconds: c.answeredMs === null ? null : Math.round(c.answeredMs / 100) / 10,
      confirmedSeconds: c.confirmedMs === null ? null : Math.round(c.confirmedMs / 100) / 10,
    };
  });

  const rows = cycles.map((c) => c.row);
  const householdSummaries: HouseholdSummary[] = households.map((h) => {
    const iv = rows.map((r) => series.intervals[h.index]![r]!);
    const consumptionWh = sum(iv, (i) => i.consumptionWh);
    const generationWh = sum(iv, (i) => i.generationWh);
    const selfConsumedWh = sum(iv, (i) => Math.min(i.consumptionWh, i.generationWh));
    const deficitWh = sum(iv, (i) => i.deficitWh);
    const surplusWh = sum(iv, (i) => i.surplusWh);
    const boughtWh = sum(consumerLines.filter((l) => l.consumer === h.index), (l) => l.deliveredWh);
    const soldWh = sum(producerLines.filter((l) => l.producer === h.index), (l) => l.deliveredWh);
    const paid = sum(invoices.filter((v) => v.consumer === h.index && v.paymentHash), (v) => v.total);
    const received = sum(invoices.filter((v) => v.producer === h.index && v.receiptHash), (v) => v.total);
    const gridImportWh = deficitWh - boughtWh;
    const gridExportWh = surplusWh - soldWh;
    const gridOnlyBill = cost(deficitWh, tariffPerKwh) - cost(surplusWh, feedInPerKwh);
    const marketBill = cost(gridImportWh, tariffPerKwh) - cost(gridExportWh, feedInPerKwh) + paid - received;
    return {
      index: h.index,
      id: h.id,
      postcode: h.postcode,
      hasPv: h.hasPv,
      consumptionWh,
      generationWh,
      selfConsumedWh,
      boughtWh,
      soldWh,
      gridImportWh,
      gridExportWh,
      selfSufficiencyPct: pct(selfConsumedWh, consumptionWh),
      localSufficiencyPct: pct(selfConsumedWh + boughtWh, consumptionWh),
      selfConsumptionPct: generationWh > 0 ? pct(selfConsumedWh, generationWh) : null,
      localUsePct: generationWh > 0 ? pct(selfConsumedWh + soldWh, generationWh) : null,
      producerCycles: iv.filter((i) => i.surplusWh > 0).length,
      consumerCycles: iv.filter((i) => i.deficitWh > 0).length,
      paid,
      received,
      balance: result.balances.find((b) => b.household === h.index)?.balance ?? 0,
      gridOnlyBill,
      marketBill,
      savings: gridOnlyBill - marketBill,
    };
  });

  const flows = households.map(() => households.map(() => 0));
  for (const v of invoices) if (v.paymentHash) flows[v.consumer]![v.producer]! += v.total;

  const contracts = cycles.flatMap((c) => c.contracts);
  const bids = cycles.flatMap((c) => c.bids);
  const tradedWh = sum(cycleSummaries, (c) => c.soldWh);
  const amount = sum(cycleSummaries, (c) => c.amount);
  const consumptionWh = sum(householdSummaries, (h) => h.consumptionWh);
  const selfConsumedWh = sum(householdSummaries, (h) => h.selfConsumedWh);
  const demandWh = sum(cycleSummaries, (c) => c.demandWh);
  const surplusWh = sum(cycleSummaries, (c) => c.surplusWh);
  const perfectCeilingWh = sum(cycleSummaries, (c) => c.perfectCeilingWh);
  const singleSupplierCeilingWh = sum(cycleSummaries, (c) => c.singleSupplierCeilingWh);
  const totals: Totals = {
    consumptionWh,
    generationWh: sum(householdSummaries, (h) => h.generationWh),
    selfConsumedWh,
    demandWh,
    surplusWh,
    offeredWh: sum(cycleSummaries, (c) => c.offeredWh),
    contractedWh: sum(cycleSummaries, (c) => c.contractedWh),
    confirmedWh: sum(cycleSummaries, (c) => c.confirmedWh),
    tradedWh,
    perfectCeilingWh,
    singleSupplierCeilingWh,
    singleSupplierExact: cycleSummaries.every((c) => c.singleSupplierExact),
    singleSupplierUpperBoundWh: sum(cycleSummaries, (c) => c.singleSupplierUpperBoundWh),
    perfectCapturedPct: share(tradedWh, perfectCeilingWh),
    singleSupplierCapturedPct: share(tradedWh, singleSupplierCeilingWh),
    demandCoveredPct: pct(tradedWh, demandWh),
    surplusSoldPct: pct(tradedWh, surplusWh),
    selfSufficiencyPct: pct(selfConsumedWh, consumptionWh),
    localSufficiencyPct: pct(selfConsumedWh + tradedWh, consumptionWh),
    amount,
    avgPrice: meanPrice(amount, tradedWh),
    contracts: contracts.length,
    confirmedContracts: contracts.filter((k) => k.confirmed).length,
    bids: bids.length,
    rejectedBids: bids.filter((b) => b.outcome === "rejected").length,
    invoices: invoices.length,
    invoicesReceipted: invoices.filter((v) => v.receiptHash).length,
    invoicesVoid: invoices.filter((v) => v.status === "void").length,
    balanceSum: sum(result.balances, (b) => b.balance),
    gridOnlyBill: sum(householdSummaries, (h) => h.gridOnlyBill),
    marketBill: sum(householdSummaries, (h) => h.marketBill),
    savings: sum(householdSummaries, (h) => h.savings),
    errors: sum(cycles, (c) => c.errors.length),
  };
  return { cycles: cycleSummaries, households: householdSummaries, totals, flows, violations: checkInvariants(result) };
}

/**
 * The invariants of a finished run, as sentences naming what broke (empty when all hold):
 * energy is conserved in every cycle (sold = bought on the same invoices read by both sides,
 * traded ≤ demand and ≤ offered capacity, per household too); no producer contracts more than
 * it offered and no contract exceeds its bid; a consumer confirms at most one contract per cycle;
 * every confirmed contract is on exactly one invoice line and nothing else is; line amounts are
 * `cost()` of their delivery and totals their sum; every invoice with lines is paid and
 * receipted (as both sides read it), every other one void; balances sum to zero and each equals
 * what the household received less what it paid, with nothing pending.
 */
export function checkInvariants(result: SimulationResult): string[] {
  const v: string[] = [];
  const { households, series, cycles, invoices, balances } = result;
  const id = (h: number) => households[h]?.id ?? `#${h}`;
  const linesOf = (side: "producer" | "consumer") =>
    invoices.flatMap((inv) =>
      (side === "producer" ? inv.lines : (inv.consumerView?.lines ?? [])).map((l) => ({ ...l, inv })),
    );
  const producerLines = linesOf("producer");
  const consumerLines = linesOf("consumer");

  for (const c of cycles) {
    const at = `cycle ${c.supplyCycle} (${c.time})`;
    const iv = (h: number) => series.intervals[h]![c.row]!;
    for (const o of c.offers) {
      const mine = c.contracts.filter((k) => k.producer === o.producer);
      const total = mine.reduce((s, k) => s + k.energyWh, 0);
      if (total > o.capacityWh) v.push(`${at}: ${id(o.producer)} contracted ${total} Wh of an offer of ${o.capacityWh} Wh`);
      for (const k of mine) if (k.allocatedWh > o.capacityWh) v.push(`${at}: a contract of ${id(o.producer)} allocates ${k.allocatedWh} Wh of ${o.capacityWh} Wh`);
    }
    for (const k of c.contracts) {
      if (!c.offers.some((o) => o.producer === k.producer && o.made)) v.push(`${at}: ${id(k.producer)} has a contract without an offer`);
      const bid = c.bids.find((b) => b.producer === k.producer && b.consumer === k.consumer);
      if (!bid) v.push(`${at}: a contract of ${id(k.producer)} answers no recorded bid`);
      else if (k.energyWh > bid.energyWh) v.push(`${at}: a contract of ${k.energyWh} Wh answers a bid of ${bid.energyWh} Wh`);
      if (k.deliveredWh > k.energyWh) v.push(`${at}: ${id(k.producer)} delivers ${k.deliveredWh} Wh on a contract of ${k.energyWh} Wh`);
    }
    for (const h of households) {
      const confirmed = c.contracts.filter((k) => k.consumer === h.index && k.confirmed).length;
      if (confirmed > 1) v.push(`${at}: ${h.id} confirmed ${confirmed} contracts`);
    }
    const sold = producerLines.filter((l) => l.supplyCycle === c.supplyCycle);
    const bought = consumerLines.filter((l) => l.supplyCycle === c.supplyCycle);
    const soldWh = sold.reduce((s, l) => s + l.deliveredWh, 0);
    const boughtWh = bought.reduce((s, l) => s + l.deliveredWh, 0);
    if (soldWh !== boughtWh) v.push(`${at}: producers sold ${soldWh} Wh but consumers bought ${boughtWh} Wh`);
    const demandWh = households.reduce((s, h) => s + iv(h.index).deficitWh, 0);
    const offeredWh = c.offers.filter((o) => o.made).reduce((s, o) => s + o.capacityWh, 0);
    if (soldWh > demandWh) v.push(`${at}: ${soldWh} Wh traded for a demand of ${demandWh} Wh`);
    if (soldWh > offeredWh) v.push(`${at}: ${soldWh} Wh traded of ${offeredWh} Wh offered`);
    for (const h of households) {
      const b = bought.filter((l) => l.inv.consumer === h.index).reduce((s, l) => s + l.deliveredWh, 0);
      const s = sold.filter((l) => l.inv.producer === h.index).reduce((t, l) => t + l.deliveredWh, 0);
      if (b > iv(h.index).deficitWh) v.push(`${at}: ${h.id} bought ${b} Wh for a deficit of ${iv(h.index).deficitWh} Wh`);
      if (s > iv(h.index).surplusWh) v.push(`${at}: ${h.id} sold ${s} Wh from a surplus of ${iv(h.index).surplusWh} Wh`);
    }
  }

  const confirmed = cycles.flatMap((c) => c.contracts.filter((k) => k.confirmed).map((k) => ({ ...k, supplyCycle: c.supplyCycle })));
  for (const k of confirmed) {
    const on = producerLines.filter((l) => l.contractHash === k.contractHash);
    const where = `the confirmed contract of ${id(k.producer)} to ${id(k.consumer)} in cycle ${k.supplyCycle}`;
    if (on.length !== 1) {
      v.push(`${where} is on ${on.length} invoice lines`);
      continue;
    }
    const l = on[0]!;
    if (l.inv.producer !== k.producer || l.inv.consumer !== k.consumer) v.push(`${where} is billed to the wrong party`);
    if (l.contractedWh !== k.energyWh || l.pricePerKwh !== k.pricePerKwh) v.push(`${where} is billed with other terms`);
    if (l.deliveredWh !== k.deliveredWh) v.push(`${where} is billed for ${l.deliveredWh} Wh, delivered ${k.deliveredWh} Wh`);
  }
  const confirmedHashes = new Set(confirmed.map((k) => k.contractHash));
  for (const l of producerLines) {
    if (!confirmedHashes.has(l.contractHash)) v.push(`an invoice line of ${id(l.inv.producer)} names a contract not confirmed in this run`);
  }

  const sumLines = (ls: InvoiceLineRecord[]) => ls.reduce((s, l) => s + l.amount, 0);
  for (const inv of invoices) {
    const what = `the invoice of ${id(inv.producer)} to ${id(inv.consumer)} for period ${inv.period}`;
    for (const l of inv.lines) {
      if (l.amount !== cost(l.deliveredWh, l.pricePerKwh)) v.push(`${what} has a line of ${l.amount} µIOEN for ${l.deliveredWh} Wh at ${l.pricePerKwh}`);
    }
    if (inv.total !== sumLines(inv.lines)) v.push(`${what} totals ${inv.total} µIOEN, its lines ${sumLines(inv.lines)}`);
    if (inv.lines.length === 0) {
      if (inv.status !== "void") v.push(`${what} has no lines but is ${inv.status}`);
      continue;
    }
    if (inv.status !== "receipted" || !inv.paymentHash || !inv.receiptHash) v.push(`${what} is ${inv.status}, not paid and receipted`);
    if (!inv.consumerView) v.push(`${what} is not listed by its consumer`);
    else {
      if (inv.consumerView.status !== "receipted") v.push(`${what} is ${inv.consumerView.status} as its consumer reads it`);
      if (inv.consumerView.total !== inv.total) v.push(`${what} totals ${inv.consumerView.total} µIOEN as its consumer reads it, ${inv.total} as its producer does`);
    }
  }

  if (balances.length !== households.length) v.push(`${balances.length} balances read for ${households.length} households`);
  const balanceSum = balances.reduce((s, b) => s + b.balance, 0);
  if (balanceSum !== 0) v.push(`the balances sum to ${balanceSum} µIOEN, not 0`);
  for (const b of balances) {
    const received = invoices.filter((i) => i.producer === b.household && i.receiptHash).reduce((s, i) => s + i.total, 0);
    const paid = invoices.filter((i) => i.consumer === b.household && i.paymentHash).reduce((s, i) => s + i.total, 0);
    if (b.balance !== received - paid) v.push(`${id(b.household)} has a balance of ${b.balance} µIOEN, but received ${received} and paid ${paid}`);
    if (b.pendingIn !== 0 || b.pendingOut !== 0) v.push(`${id(b.household)} still has ${b.pendingIn} µIOEN pending in and ${b.pendingOut} out`);
  }
  return v;
}
