// How much a half-hour could have traded at best, to judge how much of it the market captured.
// Two ceilings, both from the measured surpluses and deficits the simulation feeds the market
// (derive.ts `intervalAt`): perfect local matching, where energy splits freely between any
// producers and consumers; and the market's own rule I6 (docs/rules.md), where a consumer
// confirms at most one contract per cycle, so each consumer is served by at most one producer.
// Every derived household is a neighbour of every other (derive.ts `neighbourhood`), so neither
// ceiling needs a locality constraint. Energy stays in whole Wh.

/**
 * Perfect local matching: every Wh of surplus can reach every Wh of demand, so a half-hour can
 * trade the smaller of its total surplus and its total demand.
 */
export function perfectMatchingWh(surplusesWh: readonly number[], deficitsWh: readonly number[]): number {
  return Math.min(total(surplusesWh), total(deficitsWh));
}

/** The ceiling under rule I6, and how it was found. */
export interface SingleSupplierCeiling {
  /** The best assignment found: the exact maximum when `exact`, else a greedy assignment's value. */
  wh: number;
  /** Whether `wh` is the maximum (an exhaustive search), or only what a greedy assignment reaches. */
  exact: boolean;
  /** An upper bound of the maximum: `wh` when exact (see {@link singleSupplierUpperBoundWh}). */
  upperBoundWh: number;
}

/**
 * Work the exact search may do: producers × 3^consumers subset steps. 8 producers and 12
 * consumers (4.3 million steps) took 25 ms here; the default 8 households need at most
 * 4 × 3^4 = 324 steps a half-hour, and any split of up to 15 households stays exact.
 */
export const EXACT_STEP_LIMIT = 6_000_000;

/**
 * The most energy a half-hour can trade when each consumer takes all its energy from one
 * producer (rule I6): consumers are assigned to producers (or to none), and a producer delivers
 * min(its surplus, the deficits of the consumers assigned to it). Consumers may get less than
 * their deficit when their producer runs short. Exact (subset dynamic programming) while the
 * search fits {@link EXACT_STEP_LIMIT}; above it, a greedy assignment, which is a lower bound
 * of the maximum, reported with an upper bound.
 */
export function singleSupplierCeiling(
  surplusesWh: readonly number[],
  deficitsWh: readonly number[],
  stepLimit: number = EXACT_STEP_LIMIT,
): SingleSupplierCeiling {
  const producers = positive(surplusesWh);
  const consumers = positive(deficitsWh);
  const upperBoundWh = singleSupplierUpperBoundWh(producers, consumers);
  if (producers.length === 0 || consumers.length === 0) return { wh: 0, exact: true, upperBoundWh: 0 };
  if (producers.length * 3 ** consumers.length <= stepLimit) {
    const wh = exactSingleSupplierWh(producers, consumers);
    return { wh, exact: true, upperBoundWh: wh };
  }
  return { wh: greedySingleSupplierWh(producers, consumers), exact: false, upperBoundWh };
}

/**
 * An upper bound of the rule-I6 ceiling that is cheap at any size: no more than perfect
 * matching, and no consumer can take more than the largest surplus.
 */
export function singleSupplierUpperBoundWh(surplusesWh: readonly number[], deficitsWh: readonly number[]): number {
  const largest = Math.max(0, ...surplusesWh);
  return Math.min(total(surplusesWh), total(deficitsWh.map((d) => Math.min(Math.max(0, d), largest))));
}

/**
 * The exact rule-I6 maximum. Assigning a consumer never lowers what its producer delivers, so
 * some optimum assigns every consumer; best[mask] is then the most the producers seen so far
 * deliver to the consumers in `mask`, and each further producer takes one subset of them:
 * best'[mask] = max over sub ⊆ mask of best[mask \ sub] + min(surplus, demand(sub)).
 * Producers × 3^consumers steps.
 */
export function exactSingleSupplierWh(surplusesWh: readonly number[], deficitsWh: readonly number[]): number {
  const consumers = deficitsWh.length;
  const full = (1 << consumers) - 1;
  if (consumers > 24) throw new Error(`an exact search over ${consumers} consumers is too large`);
  // demand[mask]: Σ deficits of the consumers in mask, each from a smaller mask.
  const demand = new Array<number>(full + 1).fill(0);
  for (let mask = 1; mask <= full; mask++) {
    const low = 31 - Math.clz32(mask & -mask); // the lowest consumer in mask
    demand[mask] = demand[mask & (mask - 1)]! + deficitsWh[low]!;
  }
  // No producer yet: nothing delivered, whoever is in the mask.
  let best = new Array<number>(full + 1).fill(0);
  for (const surplus of surplusesWh) {
    const next = new Array<number>(full + 1).fill(0);
    for (let mask = 0; mask <= full; mask++) {
      let top = 0;
      // Every sub ⊆ mask, the empty one last.
      for (let sub = mask; ; sub = (sub - 1) & mask) {
        top = Math.max(top, best[mask ^ sub]! + Math.min(surplus, demand[sub]!));
        if (sub === 0) break;
      }
      next[mask] = top;
    }
    best = next;
  }
  return best[full]!;
}

/**
 * A greedy rule-I6 assignment's value (a lower bound of the maximum): consumers largest deficit
 * first, each to the producer whose remaining surplus covers it most tightly, else (no producer
 * can cover it) to the producer with the most left, which delivers what it has.
 */
export function greedySingleSupplierWh(surplusesWh: readonly number[], deficitsWh: readonly number[]): number {
  const left = [...surplusesWh];
  let delivered = 0;
  for (const deficit of [...deficitsWh].sort((a, b) => b - a)) {
    let pick = -1;
    for (let p = 0; p < left.length; p++) {
      if (left[p]! >= deficit && (pick < 0 || left[p]! < left[pick]!)) pick = p;
    }
    if (pick < 0) pick = left.reduce((most, l, p) => (l > left[most]! ? p : most), 0);
    const take = Math.min(deficit, left[pick] ?? 0);
    if (take <= 0) break;
    left[pick]! -= take;
    delivered += take;
  }
  return delivered;
}

/** Both ceilings of one half-hour. */
export interface CycleCeilings {
  perfectWh: number;
  singleSupplier: SingleSupplierCeiling;
}

/** Both ceilings of one half-hour from every household's surplus and deficit (one is always 0). */
export function cycleCeilings(intervals: readonly { surplusWh: number; deficitWh: number }[]): CycleCeilings {
  const surpluses = intervals.map((i) => i.surplusWh);
  const deficits = intervals.map((i) => i.deficitWh);
  return { perfectWh: perfectMatchingWh(surpluses, deficits), singleSupplier: singleSupplierCeiling(surpluses, deficits) };
}

const total = (xs: readonly number[]) => xs.reduce((s, x) => s + Math.max(0, x), 0);
const positive = (xs: readonly number[]) => xs.filter((x) => x > 0);
