// What a simulation run records: plain data (numbers, strings; hashes as base64 text), so the
// report can be computed, checked and written without conductors, and saved as JSON.
import type { DayRank } from "./data.js";
import type { DaySeries, HouseholdSpec, Neighbourhood } from "./derive.js";
import type { MarketParams } from "./strategy.js";

/** The options a run was made with. */
export interface SimConfig {
  households: number;
  cycles: number;
  cycleSeconds: number;
  /** The data day, "YYYY-MM-DD". */
  day: string;
  /** Where that day ranks in the data year by customer 12's PV generation (for the report). */
  dayRank: DayRank;
  /** Local time of the first half-hour, "HH:MM". */
  start: string;
  seed: number;
  centerPostcode: string;
  householdsPerPostcode: number;
  cyclesPerBillingPeriod: number;
  params: MarketParams;
}

export interface OfferRecord {
  producer: number;
  /** Measured surplus of the half-hour. */
  surplusWh: number;
  /** What it offered (its forecast). */
  capacityWh: number;
  reservePricePerKwh: number;
  /** The offer was written (false: the write failed, see the cycle's errors). */
  made: boolean;
}

export interface BidRecord {
  consumer: number;
  producer: number;
  energyWh: number;
  pricePerKwh: number;
  scarce: boolean;
  bidHash: string;
  outcome: "contracted" | "rejected" | "waiting";
  contractedWh: number;
  reason: string | null;
}

export interface ContractRecord {
  contractHash: string;
  producer: number;
  consumer: number;
  energyWh: number;
  pricePerKwh: number;
  allocatedWh: number;
  confirmed: boolean;
  /** What the producer delivers on it (confirmed contracts), from the measured surplus. */
  deliveredWh: number;
}

/** One bidding round: the half-hour `row` of the data traded as supply cycle `supplyCycle`. */
export interface CycleRecord {
  row: number;
  time: string;
  supplyCycle: number;
  period: number;
  offers: OfferRecord[];
  bids: BidRecord[];
  contracts: ContractRecord[];
  /** Consumers with a deficit that saw no local offer. */
  consumersWithoutOffers: number[];
  errors: string[];
  /** From the start of the bidding window until every producer answered its bids. */
  answeredMs: number | null;
  /** From the start of the bidding window until every consumer confirmed (may end in the supply cycle). */
  confirmedMs: number | null;
}

export interface InvoiceLineRecord {
  contractHash: string;
  supplyCycle: number;
  contractedWh: number;
  deliveredWh: number;
  pricePerKwh: number;
  amount: number;
}

export interface InvoiceRecord {
  invoiceHash: string;
  producer: number;
  consumer: number;
  period: number;
  status: string;
  total: number;
  lines: InvoiceLineRecord[];
  paymentHash: string | null;
  receiptHash: string | null;
  /** The same invoice as its consumer reads it (null: the consumer does not list it). */
  consumerView: { status: string; total: number; lines: InvoiceLineRecord[] } | null;
}

export interface BalanceRecord {
  household: number;
  balance: number;
  creditLimit: number;
  pendingIn: number;
  pendingOut: number;
}

export interface Timings {
  startedAt: string;
  setupMs: number;
  /** Starting conductors; installing the hApp (households register meanwhile); the rest of registering; until every household lists its local producers. */
  setupPhases: { conductorsMs: number; installMs: number; registerMs: number; discoverMs: number };
  /** From the setup's end to the last round's confirmations (includes waiting for the first window). */
  tradingMs: number;
  billingMs: number;
  totalMs: number;
}

/** Everything a run produced. */
export interface SimulationResult {
  config: SimConfig;
  households: HouseholdSpec[];
  area: Neighbourhood;
  series: DaySeries;
  cycleEpochMs: number;
  firstSupplyCycle: number;
  cycles: CycleRecord[];
  invoices: InvoiceRecord[];
  balances: BalanceRecord[];
  timings: Timings;
  notes: string[];
}
