// What each simulated household does in a cycle: how much a producer offers and at what reserve
// price, which producers a consumer bids to, how much and at what price, and how much a producer
// then actually delivers. Pure functions of the derived data (docs/decisions.md, "The
// simulation: derived households and their strategy").
import { keyedInt, roundDiv, type HouseholdSpec, type Interval } from "./derive.js";

/** Prices in micro-IOEN per kWh, shares in percent. */
export interface MarketParams {
  /** Flat grid tariff a household pays for what it imports (the comparison). */
  tariffPerKwh: number;
  /** What the grid pays for exports; also every producer's reserve price. */
  feedInPerKwh: number;
  /** Consumers' base bid price, moved by each household's spread. */
  basePricePerKwh: number;
  /** Added to a consumer's price when local supply looks scarce. */
  scarcityPremiumPct: number;
  /** Producers a consumer bids to in one cycle (it confirms one contract). */
  bidsPerConsumer: number;
  /** A producer offers its surplus forecast, off by up to this much either way. */
  forecastErrorPct: number;
}

export const DEFAULT_PARAMS: MarketParams = {
  tariffPerKwh: 300_000,
  feedInPerKwh: 70_000,
  basePricePerKwh: 180_000,
  scarcityPremiumPct: 25,
  bidsPerConsumer: 2,
  forecastErrorPct: 10,
};

/** Checks the parameters, with the reason when they cannot work. */
export function checkParams(p: MarketParams): void {
  const whole = (name: keyof MarketParams, min: number) => {
    if (!Number.isSafeInteger(p[name]) || p[name] < min) throw new Error(`${name} must be a whole number ≥ ${min}; it is ${p[name]}`);
  };
  whole("tariffPerKwh", 1);
  whole("feedInPerKwh", 1);
  whole("basePricePerKwh", 1);
  whole("scarcityPremiumPct", 0);
  whole("bidsPerConsumer", 1);
  whole("forecastErrorPct", 0);
  if (p.forecastErrorPct >= 100) throw new Error("forecastErrorPct must be below 100");
  if (p.feedInPerKwh >= p.tariffPerKwh) throw new Error("the feed-in price must be below the tariff, or nobody gains by trading");
}

/** The forecast error of one household in one cycle, in percent (the same for every run of a seed). */
export function forecastErrorPct(seed: number, h: HouseholdSpec, globalRow: number, params: MarketParams): number {
  const e = params.forecastErrorPct;
  return e === 0 ? 0 : keyedInt(seed, `forecast:${h.index}:${globalRow}`, [-e, e]);
}

/**
 * What a producer offers for a cycle: its surplus as forecast before the cycle (the measured
 * surplus off by the forecast error), at least 1 Wh; 0 when it has no surplus.
 */
export function offeredCapacityWh(interval: Interval, errorPct: number): number {
  if (interval.surplusWh <= 0) return 0;
  return Math.max(1, roundDiv(interval.surplusWh * (100 + errorPct), 100));
}

/** An offer a consumer can see (`get_offers_of`), with what it knows of its producer. */
export interface VisibleOffer {
  producer: number;
  postcode: string;
  method: string;
  capacityWh: number;
  reservePricePerKwh: number | null;
}

/** A consumer's plan for one cycle. */
export interface BidPlan {
  /** Offered capacity it can see. */
  visibleWh: number;
  scarce: boolean;
  pricePerKwh: number;
  bids: { producer: number; energyWh: number }[];
}

/** A consumer's price: base ± its spread, plus the premium when scarce; between feed-in and tariff − 1. */
export function bidPrice(h: HouseholdSpec, scarce: boolean, p: MarketParams): number {
  let price = roundDiv(p.basePricePerKwh * (100 + h.priceSpreadPct), 100);
  if (scarce) price = roundDiv(price * (100 + p.scarcityPremiumPct), 100);
  return Math.min(p.tariffPerKwh - 1, Math.max(p.feedInPerKwh, price));
}

/**
 * A consumer's bids for a cycle. Supply looks scarce when the offered capacity it can see is
 * less than its own deficit times the number of local households without an offer (it assumes
 * each needs as much as it does). It bids to at most `bidsPerConsumer` producers, those with its
 * preferred method first, then its own postcode, then the largest offers, each for its whole
 * deficit or the offer's capacity if smaller; it skips offers whose reserve price is above its
 * price or whose method it does not accept.
 */
export function planBids(
  consumer: HouseholdSpec,
  deficitWh: number,
  offers: VisibleOffer[],
  localHouseholdsWithoutOffer: number,
  p: MarketParams,
): BidPlan {
  const visibleWh = offers.reduce((s, o) => s + o.capacityWh, 0);
  const scarce = visibleWh < deficitWh * Math.max(1, localHouseholdsWithoutOffer);
  const pricePerKwh = bidPrice(consumer, scarce, p);
  if (deficitWh <= 0) return { visibleWh, scarce, pricePerKwh, bids: [] };
  const preferred = consumer.preference.type === "method" ? consumer.preference.method : null;
  const bids = offers
    .filter((o) => (consumer.accepted_methods as string[]).includes(o.method))
    .filter((o) => o.reservePricePerKwh === null || o.reservePricePerKwh <= pricePerKwh)
    .sort(
      (a, b) =>
        Number(b.method === preferred) - Number(a.method === preferred) ||
        Number(b.postcode === consumer.postcode) - Number(a.postcode === consumer.postcode) ||
        b.capacityWh - a.capacityWh ||
        a.producer - b.producer,
    )
    .slice(0, p.bidsPerConsumer)
    .map((o) => ({ producer: o.producer, energyWh: Math.min(deficitWh, o.capacityWh) }));
  return { visibleWh, scarce, pricePerKwh, bids };
}

/**
 * What a producer delivers on its confirmed contracts, in contract order: each gets its
 * contracted energy while the measured surplus lasts, the next what is left, the rest 0.
 */
export function deliveries(surplusWh: number, contractedWh: number[]): number[] {
  let left = Math.max(0, surplusWh);
  return contractedWh.map((c) => {
    const d = Math.min(c, left);
    left -= d;
    return d;
  });
}
