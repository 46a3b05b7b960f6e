import { flushSync } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type {
  AgentPubKey,
  BalanceView,
  BidView,
  ContractView,
  CycleInfo,
  InvoiceView,
  Listing,
  Method,
  OfferInfo,
} from "../types";
import { Billing } from "./billing.svelte";
import { Clock } from "./clock.svelte";
import { billableCycles, Deliveries } from "./deliveries.svelte";
import { balanceHistory, Insights, summarize } from "./insights.svelte";
import { ConsumerMarket, ProducerMarket } from "./market.svelte";
import { Names } from "./names.svelte";

const key = (n: number) => new Uint8Array(39).fill(n);
const listing = (n: number, name: string, methods: Method[], same = true): Listing => ({
  agent: key(n),
  profile_hash: key(100 + n),
  profile: { name, postcode: "2008", producer_methods: methods, accepted_methods: [] },
  matched_methods: methods,
  same_postcode: same,
});
const bid = (n: number, producer: number, energy: number, price: number, status: BidView["status"] = { type: "Waiting" }): BidView => ({
  bid_hash: key(n),
  bid: { demand: key(50), producer: key(producer), producer_profile: key(51), energy_wh: energy, price_per_kwh: price },
  consumer: key(9),
  authored_at: 0,
  supply_cycle: 7,
  status,
});
const contract = (role: "producer" | "consumer", energy: number, price: number, confirmed = true, producer = 1): ContractView => ({
  contract_hash: key(200 + energy % 50),
  contract: { offer: key(60), bid: key(61), energy_wh: energy, price_per_kwh: price, previous_answer: null, allocated_wh: energy },
  producer: key(producer),
  consumer: key(9),
  role,
  confirmed,
});

describe("ConsumerMarket", () => {
  it("groups local producers by method and finds bids and the confirmed contract", async () => {
    const market = new ConsumerMarket({
      findProducers: async () => [listing(1, "Rita", ["solar", "battery"]), listing(2, "Will", ["wind"], false)],
      getMyBids: async () => [bid(30, 1, 1000, 250_000, { type: "Contracted", contract_hash: key(70), energy_wh: 800, confirmed: true })],
      getMyContracts: async (cycle) =>
        cycle === 7
          ? [contract("consumer", 800, 250_000), contract("producer", 5, 1)]
          : [contract("consumer", 400, 220_000), contract("consumer", 300, 210_000, false), contract("producer", 6, 1)],
    });
    await market.refresh(7, 6, "2008");
    expect(market.cycle).toBe(7);
    // Supplying now: only the current cycle's contract it confirmed as consumer.
    expect(market.supplyNow.map((c) => c.contract.energy_wh)).toEqual([400]);
    expect(market.groups.map((g) => [g.method, g.producers.map((p) => p.profile.name)])).toEqual([
      ["solar", ["Rita"]],
      ["wind", ["Will"]],
      ["battery", ["Rita"]],
    ]);
    expect(market.bidTo(key(1))?.bid.energy_wh).toBe(1000);
    expect(market.bidTo(key(2))).toBeUndefined();
    expect(market.contracts).toHaveLength(1);
    expect(market.confirmed?.contract.energy_wh).toBe(800);
    expect(market.bidWh).toBe(1000);
  });
  it("keeps what it had and shows the error when a read fails", async () => {
    const market = new ConsumerMarket({
      findProducers: async () => {
        throw new Error('Guest("Register a profile before trading.")');
      },
      getMyBids: async () => [],
      getMyContracts: async () => [],
    });
    await market.refresh(7, 6, "2008");
    expect(market.error).toBe("Register a profile before trading.");
    expect(market.loading).toBe(false);
  });
});

describe("ProducerMarket", () => {
  it("fills the capacity bar from its contracts", async () => {
    const offer: OfferInfo = {
      offer_hash: key(60),
      offer: { supply_cycle: 7, method: "solar", capacity_wh: 3000, reserve_price_per_kwh: null, profile: key(1), previous_declaration: key(2) },
    };
    const getOffersOf = vi.fn<(producer: AgentPubKey, cycle: number) => Promise<OfferInfo[]>>(async () => [offer]);
    const market = new ProducerMarket(
      {
        getOffersOf,
        getIncomingBids: async () => [bid(31, 1, 1000, 300_000), bid(32, 1, 500, 200_000, { type: "Rejected", rejection_hash: key(3), reason: "No." })],
        getMyContracts: async (cycle) =>
          cycle === 7
            ? [contract("producer", 1200, 300_000), contract("consumer", 10, 1)]
            : [contract("producer", 900, 280_000), contract("producer", 700, 270_000, false), contract("consumer", 11, 1)],
      },
      key(1),
    );
    await market.refresh(7, 6);
    expect(market.supplyNow.map((c) => c.contract.energy_wh)).toEqual([900]);
    expect(getOffersOf).toHaveBeenCalledWith(key(1), 7);
    expect(market.capacityWh).toBe(3000);
    expect(market.allocatedWh).toBe(1200);
    expect(market.remainingWh).toBe(1800);
    expect(market.waiting.map((b) => b.bid.energy_wh)).toEqual([1000]);
  });
});

describe("Billing", () => {
  const invoice = (period: number, status: InvoiceView["status"], total: number): InvoiceView => ({
    invoice_hash: key(period),
    version_hash: key(period),
    producer: key(1),
    consumer: key(9),
    period,
    lines: [],
    total,
    status,
    payment_hash: null,
    receipt_hash: null,
    counterpart_standing: "good",
  });
  it("says what paying leaves, and refuses past the credit limit", async () => {
    const balance: BalanceView = { balance: -400_000, credit_limit: 1_000_000, available: 600_000, pending_in: 0, pending_out: 0, open_network: false };
    const billing = new Billing({
      getBalance: async () => balance,
      getMyInvoices: async (role) => (role === "consumer" ? [invoice(1, "paid", 400_000), invoice(2, "issued", 500_000)] : [invoice(3, "paid", 1)]),
      getStatement: async () => ({ movements: [], csv: "" }),
    });
    await billing.refresh();
    expect(billing.received.map((i) => i.period)).toEqual([2, 1]);
    expect(billing.toPay.map((i) => i.period)).toEqual([2]);
    expect(billing.toAcknowledge.map((i) => i.period)).toEqual([3]);
    expect(billing.afterPaying(invoice(2, "issued", 500_000))).toEqual({ balance: -900_000, available: 100_000, fits: true });
    expect(billing.afterPaying(invoice(4, "issued", 700_000))?.fits).toBe(false);
  });
});

describe("Insights", () => {
  it("summarizes a cycle: bought by method, sold, average price rounded like cost", async () => {
    const point = await summarize(
      5,
      [contract("consumer", 1000, 200_000, true, 1), contract("consumer", 500, 300_001, true, 2), contract("producer", 700, 100_000)],
      async (producer) => (producer[0] === 1 ? "solar" : "grid"),
    );
    expect(point.boughtWh).toBe(1500);
    expect(point.soldWh).toBe(700);
    expect(point.boughtByMethod).toEqual({ solar: 1000, grid: 500 });
    // (200000 + 150001 + 70000) µIOEN over 2.2 kWh = 190909.5 → 190910 µIOEN/kWh.
    expect(point.averagePrice).toBe(190_910);
  });
  it("reads settled cycles once and gives the renewable share", async () => {
    const getMyContracts = vi.fn(async (cycle: number) => (cycle === 4 ? [contract("consumer", 1000, 1, true, 1), contract("consumer", 1000, 1, true, 2)] : []));
    const insights = new Insights({
      getMyContracts,
      getOffersOf: async (producer) => [
        { offer_hash: key(1), offer: { supply_cycle: 4, method: producer[0] === 1 ? "wind" : "grid", capacity_wh: 1, reserve_price_per_kwh: null, profile: key(1), previous_declaration: key(1) } },
      ],
    });
    await insights.refresh(6, 5, 3);
    await insights.refresh(6, 5, 3);
    expect(insights.points.map((p) => p.cycle)).toEqual([4, 5, 6]);
    // Cycle 4 is over: read once; 5 (now) and 6 (bid for) are read each time.
    expect(getMyContracts.mock.calls.filter(([c]) => c === 4)).toHaveLength(1);
    expect(getMyContracts.mock.calls.filter(([c]) => c === 6)).toHaveLength(2);
    expect(insights.renewableShare).toBe(0.5);
    expect(balanceHistory([
      { kind: "receipt", hash: key(1), at: 20, counterpart: key(2), invoice_hash: key(3), period: 1, energy_wh: 1, amount: 5, balance_after: 0 },
      { kind: "payment", hash: key(1), at: 10, counterpart: key(2), invoice_hash: key(3), period: 1, energy_wh: 1, amount: -5, balance_after: -5 },
    ])).toEqual([{ at: 10, balance: -5 }, { at: 20, balance: 0 }]);
  });
});

describe("Clock", () => {
  const info = (cycle: number, startMs: number): CycleInfo => ({
    current_cycle: cycle,
    cycle_start: startMs * 1000,
    cycle_end: (startMs + 60_000) * 1000,
    bidding_for_cycle: cycle + 1,
    bidding_window_end: (startMs + 60_000) * 1000,
    billing_period: 1,
    billing_period_start: 0,
    billing_period_end: 600_000_000,
    cycle_seconds: 60,
  });
  it("counts down and re-reads at the boundary", async () => {
    let now = 30_000;
    const getCycleInfo = vi.fn(async () => (now < 60_000 ? info(0, 0) : info(1, 60_000)));
    const clock = new Clock({ getCycleInfo }, () => now);
    await clock.read();
    clock.tick();
    expect(clock.remainingMs).toBe(30_000);
    expect(clock.elapsedFraction).toBeCloseTo(0.5);
    expect(clock.cyclesPerPeriod).toBe(10);
    now = 60_500;
    clock.tick();
    await vi.waitFor(() => expect(clock.info?.current_cycle).toBe(1));
    expect(getCycleInfo).toHaveBeenCalledTimes(2);
  });
  it("reports a failing read and keeps trying", async () => {
    const clock = new Clock({ getCycleInfo: async () => Promise.reject(new Error("WebsocketClosedError: Websocket is not open")) });
    await clock.read();
    expect(clock.error).toMatch(/connection/);
  });
});

describe("Names", () => {
  it("shows a short key, then the name once read, reading each agent once", async () => {
    const getProfile = vi.fn(async (agent: AgentPubKey) => ({ agent, profile_hash: key(1), profile: { name: "Rita", postcode: "2008", producer_methods: [], accepted_methods: [] } }));
    const names = new Names({ getProfile });
    expect(names.of(key(1))).toMatch(/^…/);
    await vi.waitFor(() => expect(names.of(key(1))).toBe("Rita"));
    flushSync();
    names.of(key(1));
    expect(getProfile).toHaveBeenCalledTimes(1);
    names.remember([listing(2, "Will", ["wind"])]);
    expect(names.of(key(2))).toBe("Will");
    expect(getProfile).toHaveBeenCalledTimes(1);
  });
});

describe("Deliveries", () => {
  // 60 s cycles, 2 per billing period: cycle 11 is the second cycle of period 5 (cycles 10-11).
  const info: CycleInfo = {
    current_cycle: 11,
    cycle_start: 11 * 60_000_000,
    cycle_end: 12 * 60_000_000,
    bidding_for_cycle: 12,
    bidding_window_end: 12 * 60_000_000,
    billing_period: 5,
    billing_period_start: 10 * 60_000_000,
    billing_period_end: 12 * 60_000_000,
    cycle_seconds: 60,
  };
  const made = (n: number, consumer: number, confirmed = true, role: ContractView["role"] = "producer"): ContractView => ({
    ...contract(role, 500 + n, 250_000, confirmed),
    contract_hash: key(n),
    consumer: key(consumer),
  });
  const sentInvoice = (consumer: number, period: number, status: InvoiceView["status"], billed: number[]): InvoiceView => ({
    invoice_hash: key(300 + consumer * 10 + period),
    version_hash: key(300 + consumer * 10 + period),
    producer: key(1),
    consumer: key(consumer),
    period,
    lines: billed.map((n) => ({ contract: key(n), confirmation: key(n + 1), supply_cycle: 8, contracted_wh: 1, delivered_wh: 1, price_per_kwh: 1, amount: 0 })),
    total: 0,
    status,
    payment_hash: null,
    receipt_hash: null,
    counterpart_standing: "good",
  });

  it("lists the finished cycles of the previous and the current billing period", () => {
    expect(billableCycles(info, 2)).toEqual([
      { cycle: 8, period: 4 },
      { cycle: 9, period: 4 },
      { cycle: 10, period: 5 },
    ]);
  });

  it("offers only confirmed contracts of its own that no invoice settles yet", async () => {
    const byCycle: Record<number, ContractView[]> = {
      8: [made(20, 2)], // already a line of consumer 2's open invoice
      9: [made(21, 3)], // consumer 3's invoice for period 4 is issued: final
      10: [made(22, 2), made(23, 2, false), made(24, 9, true, "consumer")],
    };
    const deliveries = new Deliveries({ getMyContracts: async (cycle) => byCycle[cycle] ?? [] });
    await deliveries.refresh(info, 2, [sentInvoice(2, 4, "open", [20]), sentInvoice(3, 4, "issued", [])]);
    expect(deliveries.error).toBeNull();
    expect(deliveries.pending.map((d) => [d.cycle, d.period, d.contract.contract.energy_wh])).toEqual([[10, 5, 522]]);
  });
});
