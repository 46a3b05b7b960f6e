// A household's recent trading at a glance: energy bought and sold and the average price per
// cycle, where the bought energy came from (by method), and the IOEN balance over time.
// Cycles that are over no longer change, so they are read once and kept.

import { errorMessage } from "../errors";
import { keyOf } from "../keys";
import { costBig } from "../money";
import type { AgentPubKey, ContractView, Method, Movement, OfferInfo } from "../types";

export interface InsightSource {
  getMyContracts(cycle: number): Promise<ContractView[]>;
  getOffersOf(producer: AgentPubKey, cycle: number): Promise<OfferInfo[]>;
}

export interface CyclePoint {
  cycle: number;
  boughtWh: number;
  soldWh: number;
  /** Average price of the cycle's confirmed contracts (µIOEN per kWh, weighted by energy), or null. */
  averagePrice: number | null;
  /** Energy bought, by generation method. */
  boughtByMethod: Partial<Record<Method, number>>;
}

export interface BalancePoint {
  at: number;
  balance: number;
}

/** Renewable generation methods; grid energy and storage are counted apart. */
export const RENEWABLE: readonly Method[] = ["solar", "wind", "hydro", "biomass"];

export class Insights {
  points = $state.raw<CyclePoint[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache the page never renders
  private readonly settled = new Map<number, CyclePoint>();

  constructor(private readonly source: InsightSource) {}

  /** Reads the `count` cycles up to `lastCycle` (the cycle being supplied now, or bid for). */
  async refresh(lastCycle: number, currentCycle: number, count = 12): Promise<void> {
    this.loading = true;
    try {
      const first = Math.max(0, lastCycle - count + 1);
      const cycles = Array.from({ length: lastCycle - first + 1 }, (_, i) => first + i);
      const points = await Promise.all(cycles.map((c) => this.point(c, currentCycle)));
      this.points = points;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** Share of bought energy from local renewable generation, 0 to 1 (null before any purchase). */
  get renewableShare(): number | null {
    const total = this.points.reduce((s, p) => s + p.boughtWh, 0);
    if (total === 0) return null;
    const renewable = this.points.reduce(
      (s, p) => s + RENEWABLE.reduce((r, m) => r + (p.boughtByMethod[m] ?? 0), 0),
      0,
    );
    return renewable / total;
  }

  /** Bought energy by method over the shown cycles. */
  get boughtByMethod(): Partial<Record<Method, number>> {
    const total: Partial<Record<Method, number>> = {};
    for (const p of this.points) {
      for (const [method, wh] of Object.entries(p.boughtByMethod) as [Method, number][]) {
        total[method] = (total[method] ?? 0) + wh;
      }
    }
    return total;
  }

  private async point(cycle: number, currentCycle: number): Promise<CyclePoint> {
    const kept = this.settled.get(cycle);
    if (kept) return kept;
    const contracts = (await this.source.getMyContracts(cycle)).filter((c) => c.confirmed);
    const point = await summarize(cycle, contracts, (producer) => this.methodOf(producer, cycle));
    // Confirmations are allowed until the supply cycle ends: only earlier cycles are final.
    if (cycle < currentCycle) this.settled.set(cycle, point);
    return point;
  }

  private async methodOf(producer: AgentPubKey, cycle: number): Promise<Method | null> {
    const offers = await this.source.getOffersOf(producer, cycle);
    return offers[0]?.offer.method ?? null;
  }
}

/** One cycle's figures from its confirmed contracts. */
export async function summarize(
  cycle: number,
  contracts: ContractView[],
  methodOf: (producer: AgentPubKey) => Promise<Method | null>,
): Promise<CyclePoint> {
  let boughtWh = 0;
  let soldWh = 0;
  let energy = 0n;
  let money = 0n;
  const boughtByMethod: Partial<Record<Method, number>> = {};
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache the page never renders
  const methods = new Map<string, Promise<Method | null>>();
  for (const c of contracts) {
    const wh = c.contract.energy_wh;
    energy += BigInt(wh);
    money += costBig(wh, c.contract.price_per_kwh);
    if (c.role === "producer") {
      soldWh += wh;
      continue;
    }
    boughtWh += wh;
    const key = keyOf(c.producer);
    if (!methods.has(key)) methods.set(key, methodOf(c.producer));
    const method = (await methods.get(key)) ?? "grid";
    boughtByMethod[method] = (boughtByMethod[method] ?? 0) + wh;
  }
  // Average price = money / energy in µIOEN per kWh, rounded half up like `cost`.
  const averagePrice = energy === 0n ? null : Number((money * 1000n * 2n + energy) / (energy * 2n));
  return { cycle, boughtWh, soldWh, averagePrice, boughtByMethod };
}

/** The balance after each movement of the statement, oldest first, starting from 0. */
export function balanceHistory(movements: Movement[]): BalancePoint[] {
  return [...movements].sort((a, b) => a.at - b.at).map((m) => ({ at: m.at, balance: m.balance_after }));
}
