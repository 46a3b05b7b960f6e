// Runs a simulated day on real conductors: one conductor per household, every trade and every
// ledger record written through the zome API, each half-hour of data one real (short) cycle.
import { decodeHashFromBase64, encodeHashToBase64, type AgentPubKey } from "@holochain/client";
import { runScenario, type Player, type PlayerApp, type Scenario } from "@holochain/tryorama";
import { addConductor } from "../support/conductor.js";
import { DEFAULT_PROPERTIES, HAPP, withProperties } from "../support/happ.js";
import { invite } from "../support/membership.js";
import { household as profileInput, profiles } from "../support/households.js";
import { ledger, untilCycle, type InvoiceView } from "../support/ledger.js";
import { market, type AnswerView, type BidView } from "../support/market.js";
import { waitFor } from "../support/wait.js";
import { isLocal, type DaySeries, type HouseholdSpec, type Neighbourhood } from "./derive.js";
import type {
  BalanceRecord,
  BidRecord,
  ContractRecord,
  CycleRecord,
  InvoiceLineRecord,
  InvoiceRecord,
  SimConfig,
  SimulationResult,
} from "./model.js";
import { deliveries, forecastErrorPct, offeredCapacityWh, planBids, type VisibleOffer } from "./strategy.js";

/** What the run is told to simulate (see `plan.ts`). */
export interface RunInput {
  config: SimConfig;
  households: HouseholdSpec[];
  area: Neighbourhood;
  series: DaySeries;
}

/** Progress reports for a terminal or a test log. */
export interface Progress {
  phase: "setup" | "waiting" | "trading" | "billing" | "done";
  detail: string;
  /** Rounds started so far, of `total`. */
  done: number;
  total: number;
  /** Energy contracted and confirmed so far. */
  confirmedWh: number;
}

/** Wall-clock margin kept before a window closes, so a write is not refused at the boundary. */
const MARGIN_MS = 400;

/**
 * How long installing the hApp on running conductors, registering the households and their
 * seeing each other should take: measured on 2 cores shared with other work, 3 households took
 * 42 s, 4 up to 150 s under load (installs one after another; registering overlaps them).
 */
export function setupEstimateMs(households: number): number {
  return 20_000 + households * 15_000;
}

/**
 * When to expect the first bidding window, after the conductors started. The cycle epoch is
 * fixed when the hApp is installed (it is a DNA property), so it is placed for the day to start
 * on a billing period boundary if the setup takes no longer than this. Missing it costs up to a
 * whole billing period of idle cycles (billing waits for the last period to end), so when a
 * period is long a margin is added: waiting a minute or two costs less.
 */
export function firstWindowDelayMs(households: number, cyclesPerPeriod: number, cycleSeconds: number): number {
  const missCostMs = cyclesPerPeriod * cycleSeconds * 1000;
  const margin = missCostMs > 180_000 ? 60_000 + households * 10_000 : 0;
  return setupEstimateMs(households) + margin;
}

/**
 * The first supply cycle when the setup ended after the planned first bidding window, given the
 * earliest possible one. Billing waits for the last period to end, so starting at once costs as
 * many idle cycles at the end as waiting for the next period start costs now (the same when the
 * period divides the day): wait, unless starting at once is cheaper.
 */
export function lateFirstSupply(earliestSupply: number, cyclesPerPeriod: number, cycles: number): number {
  const aligned = Math.ceil(earliestSupply / cyclesPerPeriod) * cyclesPerPeriod;
  const idleAtEnd = (cyclesPerPeriod - ((earliestSupply + cycles) % cyclesPerPeriod)) % cyclesPerPeriod;
  return aligned - earliestSupply <= idleAtEnd ? aligned : earliestSupply;
}

const b64 = (hash: Uint8Array) => encodeHashToBase64(hash);

/** Calls a one-write-per-call automation function until it reports nothing left (decision 28). */
async function untilNull<T>(step: () => Promise<T | null>): Promise<T[]> {
  const done: T[] = [];
  for (let next = await step(); next !== null; next = await step()) done.push(next);
  return done;
}
/** Runs a billing step of one household; a failure is noted and the run goes on to its report. */
async function attempt(notes: string[], what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    notes.push(`${what} failed: ${message(error)}`);
  }
}
/** An error as one line: the zome's own sentence when the host wraps one (`Guest("…")`). */
const message = (error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  const guest = /Guest\("((?:[^"\\]|\\.)*)"\)/.exec(text)?.[1];
  return (guest ?? text).split("\n")[0]!.slice(0, 500);
};

/** Runs the simulation and returns what happened; the conductors are shut down and removed after. */
export async function runSimulation(
  input: RunInput,
  onProgress: (p: Progress) => void = () => {},
  { handleSignals = false }: { handleSignals?: boolean } = {},
): Promise<SimulationResult> {
  const { config, households, area, series } = input;
  const n = households.length;
  const rounds = config.cycles;
  const cycleMs = config.cycleSeconds * 1000;
  const cpbp = config.cyclesPerBillingPeriod;
  const t0 = Date.now();
  // The first supply cycle is the first of billing period 1; its bidding window (the cycle
  // before) is due when the setup is expected to be done (set once the conductors run).
  const plannedFirstSupply = Math.max(1, cpbp);
  let cycleEpochMs = 0;
  const startOf = (cycle: number) => cycleEpochMs + cycle * cycleMs;
  const cycleAt = (t: number) => Math.floor((t - cycleEpochMs) / cycleMs);
  const periodOf = (cycle: number) => Math.floor(cycle / cpbp);

  const notes: string[] = [];
  const cycles: CycleRecord[] = [];
  let confirmedWh = 0;
  let setupMs = 0;
  const setupPhases = { conductorsMs: 0, installMs: 0, registerMs: 0, discoverMs: 0 };
  let tradingMs = 0;
  let billingMs = 0;
  let firstSupplyCycle = plannedFirstSupply;
  let invoices: InvoiceRecord[] = [];
  let balances: BalanceRecord[] = [];
  const progress = (phase: Progress["phase"], detail: string, done: number) =>
    onProgress({ phase, detail, done, total: rounds, confirmedWh });

  // Admin and app calls get more time than Tryorama's default: 2 cores are shared with other work.
  await runScenario(async (scenario) => {
    // Interrupted (Ctrl-C, kill): stop the conductors rather than leave them running.
    const onSignal = (signal: NodeJS.Signals) => {
      void scenario.cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    if (handleSignals) {
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    }
    try {
      await simulate(scenario);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }, true, { timeout: 180_000 });

  return {
    config,
    households,
    area,
    series,
    cycleEpochMs,
    firstSupplyCycle,
    cycles,
    invoices,
    balances,
    timings: { startedAt: new Date(t0).toISOString(), setupMs, setupPhases, tradingMs, billingMs, totalMs: Date.now() - t0 },
    notes,
  };

  async function simulate(scenario: Scenario): Promise<void> {
    // ---- Setup: conductors, profiles, discovery ----
    progress("setup", `starting ${n} conductors`, 0);
    // One after another: parallel `hc sandbox create`s share the `.hc` file of the working
    // directory, and one of them sometimes exits early (EPIPE when Tryorama writes to it).
    const bare: Player[] = [];
    for (let i = 0; i < n; i++) {
      const conductor = await addConductor(scenario);
      bare.push({ conductor, agentPubKey: await conductor.adminWs().generateAgentPubKey() });
    }
    const installStart = Date.now();
    setupPhases.conductorsMs = installStart - t0;
    cycleEpochMs = installStart + firstWindowDelayMs(n, cpbp, config.cycleSeconds) - (plannedFirstSupply - 1) * cycleMs;
    progress("setup", `installing the hApp on ${n} conductors, each registering its household at once`, 0);
    const properties = {
      cycle_seconds: config.cycleSeconds,
      cycle_epoch_ms: cycleEpochMs,
      cycles_per_billing_period: cpbp,
      local_areas: area.localAreas,
    };
    // Installs go one after another (Tryorama's advice); each household registers while the
    // next conductor installs.
    const players: PlayerApp[] = [];
    const registrations: Promise<unknown>[] = [];
    for (const h of households) {
      const bareh = bare[h.index]!;
      // Every household joins with the simulation steward's invitation (rule I14).
      const rolesSettings = withProperties(properties, invite(bareh.agentPubKey, { creditLimit: DEFAULT_PROPERTIES.credit_limit }));
      const [player] = await scenario.installAppsForPlayers(
        [{ appBundleSource: HAPP, options: { networkSeed: scenario.networkSeed, rolesSettings } }],
        [bareh],
      );
      players.push(player!);
      const registration = profiles(player!).create(
        profileInput({
          name: h.name,
          postcode: h.postcode,
          producer_methods: h.producer_methods,
          accepted_methods: h.accepted_methods,
          address: `${h.index + 1} Simulation Street, ${h.postcode} NSW`,
          meter_id: `SIM-${h.id}`,
        }),
      );
      registration.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
      registrations.push(registration);
    }
    const registerStart = Date.now();
    setupPhases.installMs = registerStart - installStart;
    await scenario.shareAllAgents();
    progress("setup", "registering households", 0);
    await Promise.all(registrations);
    const playerOf = (h: number) => players[h]!;
    const keyOf = (h: number): AgentPubKey => players[h]!.agentPubKey;
    const indexOfKey = new Map(players.map((p, i) => [b64(p.agentPubKey), i]));
    const householdOf = (key: AgentPubKey) => {
      const i = indexOfKey.get(b64(key));
      if (i === undefined) throw new Error(`unknown agent ${b64(key)}`);
      return i;
    };
    const discoverStart = Date.now();
    setupPhases.registerMs = discoverStart - registerStart;
    progress("setup", "households discovering their local producers", 0);
    const localProducers = households.map((c) =>
      households.filter((p) => p.index !== c.index && p.hasPv && isLocal(area.localAreas, c.postcode, p.postcode)),
    );
    await Promise.all(
      households.map((h) =>
        waitFor(
          () => profiles(playerOf(h.index)).findProducers(h.postcode, h.accepted_methods),
          (listed) => listed.length === localProducers[h.index]!.length,
          { what: `${h.id} to list its ${localProducers[h.index]!.length} local producers`, timeoutMs: 180_000, intervalMs: 500 },
        ),
      ),
    );
    setupMs = Date.now() - t0;
    setupPhases.discoverMs = Date.now() - discoverStart;

    // ---- The first bidding window ----
    const now = Date.now();
    let firstBidding = plannedFirstSupply - 1;
    if (now > startOf(firstBidding) + cycleMs / 10) {
      firstBidding = lateFirstSupply(cycleAt(now) + 2, cpbp, rounds) - 1;
      notes.push(
        `Installing and registering took ${Math.round((Date.now() - installStart) / 1000)} s, longer than the ${Math.round(firstWindowDelayMs(n, cpbp, config.cycleSeconds) / 1000)} s planned, ` +
          `so the day starts at supply cycle ${firstBidding + 1} instead of ${plannedFirstSupply}` +
          `${(firstBidding + 1) % cpbp === 0 ? "" : " and is not aligned with a billing period"}.`,
      );
    }
    firstSupplyCycle = firstBidding + 1;
    const tradingStart = Date.now();
    progress("waiting", `first bidding window in ${Math.max(0, Math.round((startOf(firstBidding) - Date.now()) / 1000))} s`, 0);

    // ---- Trading: one bidding round per half-hour of data ----
    const confirmations: Promise<unknown>[] = [];
    for (let row = 0; row < rounds; row++) {
      const supplyCycle = firstSupplyCycle + row;
      const windowStart = startOf(supplyCycle - 1);
      // The conductor's clock decides when a window opens: wait for it to say so.
      await untilCycle(playerOf(0), supplyCycle - 1);
      const record: CycleRecord = {
        row,
        time: series.times[row]!,
        supplyCycle,
        period: periodOf(supplyCycle),
        offers: [],
        bids: [],
        contracts: [],
        consumersWithoutOffers: [],
        errors: [],
        answeredMs: null,
        confirmedMs: null,
      };
      cycles.push(record);
      progress("trading", `${record.time.slice(11)} bidding for cycle ${supplyCycle}`, row);
      if (Date.now() > startOf(supplyCycle) - cycleMs / 2) {
        record.errors.push("skipped: the previous round ran past this bidding window's first half");
        continue;
      }
      await biddingRound(record, windowStart).catch((error) => record.errors.push(`bidding round: ${message(error)}`));
      // Confirmations may run into the supply cycle, alongside the next bidding round.
      confirmations.push(confirmRound(record, windowStart).catch((error) => record.errors.push(`confirmations: ${message(error)}`)));
    }
    await Promise.all(confirmations);
    tradingMs = Date.now() - tradingStart;

    // ---- Billing: deliveries, invoices, payments, receipts ----
    const billingStart = Date.now();
    const lastSupply = firstSupplyCycle + rounds - 1;
    const billFrom = Math.max(lastSupply + 1, (periodOf(lastSupply) + 1) * cpbp);
    progress("billing", `waiting for billing period ${periodOf(lastSupply)} to end`, rounds);
    await untilCycle(playerOf(0), billFrom);
    // Producers must see every confirmation before they invoice (an issued invoice is final).
    progress("billing", "producers seeing every confirmation", rounds);
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} seeing its confirmations`, async () => {
        for (const c of cycles) {
          const confirmed = c.contracts.filter((k) => k.producer === h.index && k.confirmed).map((k) => k.contractHash);
          if (!confirmed.length) continue;
          await waitFor(
            () => market(playerOf(h.index)).myContracts(c.supplyCycle),
            (views) => confirmed.every((hash) => views.some((v) => v.confirmed && b64(v.contract_hash) === hash)),
            { what: `${h.id} to see its ${confirmed.length} confirmed contracts of cycle ${c.supplyCycle}`, timeoutMs: 180_000, intervalMs: 700 },
          );
        }
      })),
    );

    // Invoices are listed one billing period at a time (cheaper for the consumer side, decision 35).
    const periods = [...new Set(cycles.map((c) => c.period))];
    const invoicesOf = async (h: number, role: "producer" | "consumer") =>
      (await Promise.all(periods.map((period) => ledger(playerOf(h)).myInvoices(role, period)))).flat();

    const contracts = cycles.flatMap((c) => c.contracts);
    const shortfalls = contracts.filter((c) => c.confirmed && c.deliveredWh < c.energyWh);
    progress("billing", `recording ${shortfalls.length} short deliveries`, rounds);
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} recording its deliveries`, async () => {
        for (const c of shortfalls.filter((s) => s.producer === h.index)) {
          await ledger(playerOf(h.index)).recordDelivery(decodeHashFromBase64(c.contractHash), c.deliveredWh);
        }
      })),
    );
    progress("billing", "producers invoicing (auto_invoice)", rounds);
    const issued: InvoiceView[] = [];
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} invoicing`, async () => {
        for (const v of await untilNull(() => ledger(playerOf(h.index)).autoInvoice())) issued.push(v);
      })),
    );
    const lastVersion = new Map<string, InvoiceView>();
    for (const v of issued) lastVersion.set(b64(v.invoice_hash), v);
    const payable = [...lastVersion.values()].filter((v) => v.status === "issued");

    progress("billing", `consumers paying ${payable.length} invoices (auto_pay)`, rounds);
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} paying`, async () => {
        const mine = payable.filter((v) => householdOf(v.consumer) === h.index).length;
        if (!mine) return;
        const p = playerOf(h.index);
        await waitFor(
          () => invoicesOf(h.index, "consumer"),
          (list) => list.filter((v) => v.status !== "open" && v.status !== "void").length >= mine,
          { what: `${h.id} to see its ${mine} issued invoices`, timeoutMs: 180_000, intervalMs: 700 },
        );
        const paid = await untilNull(() => ledger(p).autoPay());
        if (paid.length !== mine) notes.push(`${h.id} paid ${paid.length} of its ${mine} invoices.`);
      })),
    );

    progress("billing", "producers acknowledging payments (auto_acknowledge)", rounds);
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} acknowledging payments`, async () => {
        const mine = payable.filter((v) => householdOf(v.producer) === h.index).length;
        if (!mine) return;
        const p = playerOf(h.index);
        await waitFor(
          () => invoicesOf(h.index, "producer"),
          (list) => list.filter((v) => v.status === "paid" || v.status === "receipted").length >= mine,
          { what: `${h.id} to see ${mine} payments`, timeoutMs: 180_000, intervalMs: 700 },
        );
        const receipts = await untilNull(() => ledger(p).autoAcknowledge());
        if (receipts.length !== mine) notes.push(`${h.id} acknowledged ${receipts.length} of its ${mine} payments.`);
      })),
    );
    // Every payer sees its receipts.
    await Promise.all(
      households.map((h) => attempt(notes, `${h.id} seeing its receipts`, async () => {
        const mine = payable.filter((v) => householdOf(v.consumer) === h.index).length;
        if (!mine) return;
        await waitFor(
          () => invoicesOf(h.index, "consumer"),
          (list) => list.filter((v) => v.status === "receipted").length >= mine,
          { what: `${h.id} to see its ${mine} receipts`, timeoutMs: 180_000, intervalMs: 700 },
        );
      })),
    );

    // ---- What the ledger says, from both sides ----
    progress("billing", "reading invoices and balances", rounds);
    const consumerViews = new Map<string, InvoiceView>();
    await Promise.all(
      households.map(async (h) => {
        for (const v of await invoicesOf(h.index, "consumer")) consumerViews.set(b64(v.invoice_hash), v);
      }),
    );
    const producerViews = (await Promise.all(households.map((h) => invoicesOf(h.index, "producer")))).flat();
    const lines = (v: InvoiceView): InvoiceLineRecord[] =>
      v.lines.map((l) => ({
        contractHash: b64(l.contract),
        supplyCycle: l.supply_cycle,
        contractedWh: l.contracted_wh,
        deliveredWh: l.delivered_wh,
        pricePerKwh: l.price_per_kwh,
        amount: l.amount,
      }));
    invoices = producerViews.map((v) => {
      const theirs = consumerViews.get(b64(v.invoice_hash));
      return {
        invoiceHash: b64(v.invoice_hash),
        producer: householdOf(v.producer),
        consumer: householdOf(v.consumer),
        period: v.period,
        status: v.status,
        total: v.total,
        lines: lines(v),
        paymentHash: v.payment_hash ? b64(v.payment_hash) : null,
        receiptHash: v.receipt_hash ? b64(v.receipt_hash) : null,
        consumerView: theirs ? { status: theirs.status, total: theirs.total, lines: lines(theirs) } : null,
      };
    });
    balances = await Promise.all(
      households.map(async (h) => {
        const b = await ledger(playerOf(h.index)).balance();
        return { household: h.index, balance: b.balance, creditLimit: b.credit_limit, pendingIn: b.pending_in, pendingOut: b.pending_out };
      }),
    );
    billingMs = Date.now() - billingStart;
    progress("done", "shutting down conductors", rounds);

    // ---- One bidding round (cycle supplyCycle − 1): offers, bids, answers ----
    async function biddingRound(record: CycleRecord, windowStart: number): Promise<void> {
      const { row, supplyCycle } = record;
      const windowEnd = startOf(supplyCycle) - MARGIN_MS;
      const globalRow = series.start + row;
      const interval = (h: number) => series.intervals[h]![row]!;
      const producers = households.filter((h) => h.hasPv && interval(h.index).surplusWh > 0);
      const consumers = households.filter((h) => interval(h.index).deficitWh > 0);

      await Promise.all(
        producers.map(async (h) => {
          const capacityWh = offeredCapacityWh(interval(h.index), forecastErrorPct(config.seed, h, globalRow, config.params));
          const offer = { producer: h.index, surplusWh: interval(h.index).surplusWh, capacityWh, reservePricePerKwh: config.params.feedInPerKwh, made: false };
          record.offers.push(offer);
          try {
            await market(playerOf(h.index)).offer("solar", capacityWh, config.params.feedInPerKwh);
            offer.made = true;
          } catch (error) {
            record.errors.push(`${h.id} offer: ${message(error)}`);
          }
        }),
      );
      record.offers.sort((a, b) => a.producer - b.producer);
      const offered = new Set(record.offers.filter((o) => o.made).map((o) => o.producer));

      // Consumers read the offers of their local producers (get_offers_of) and bid.
      const seeUntil = windowStart + cycleMs * 0.45;
      await Promise.all(
        consumers.map(async (c) => {
          const local = localProducers[c.index]!;
          const expected = local.filter((p) => offered.has(p.index));
          if (!expected.length) {
            record.consumersWithoutOffers.push(c.index);
            return;
          }
          const me = market(playerOf(c.index));
          let visible: VisibleOffer[] = [];
          const readOffers = async () =>
            (
              await Promise.all(
                local.map(async (p) =>
                  (await me.offersOf(keyOf(p.index), supplyCycle)).map((o) => ({
                    producer: p.index,
                    postcode: p.postcode,
                    method: o.offer.method,
                    capacityWh: o.offer.capacity_wh,
                    reservePricePerKwh: o.offer.reserve_price_per_kwh,
                  })),
                ),
              )
            ).flat();
          try {
            visible = await waitFor(readOffers, (v) => v.length >= expected.length, {
              what: `${c.id} to see ${expected.length} offers`,
              timeoutMs: Math.max(0, seeUntil - Date.now()),
              intervalMs: 700,
            });
          } catch {
            visible = await readOffers().catch(() => []);
            record.errors.push(`${c.id} saw ${visible.length} of ${expected.length} local offers in time`);
          }
          if (!visible.length) {
            record.consumersWithoutOffers.push(c.index);
            return;
          }
          const localHouseholds = households.filter((o) => isLocal(area.localAreas, c.postcode, o.postcode)).length;
          const plan = planBids(c, interval(c.index).deficitWh, visible, localHouseholds - visible.length, config.params);
          for (const bid of plan.bids) {
            try {
              const view: BidView = await me.bid(keyOf(bid.producer), bid.energyWh, plan.pricePerKwh);
              record.bids.push({
                consumer: c.index,
                producer: bid.producer,
                energyWh: bid.energyWh,
                pricePerKwh: plan.pricePerKwh,
                scarce: plan.scarce,
                bidHash: b64(view.bid_hash),
                outcome: "waiting",
                contractedWh: 0,
                reason: null,
              });
            } catch (error) {
              record.errors.push(`${c.id} bid to ${households[bid.producer]!.id}: ${message(error)}`);
            }
          }
        }),
      );
      record.consumersWithoutOffers.sort((a, b) => a - b);

      // Producers answer every bid by the auto-accept policy, once they see them all.
      const bidsTo = new Map<number, number>();
      for (const b of record.bids) bidsTo.set(b.producer, (bidsTo.get(b.producer) ?? 0) + 1);
      await Promise.all(
        [...bidsTo].map(async ([producer, count]) => {
          const p = market(playerOf(producer));
          try {
            await waitFor(() => p.incomingBids(supplyCycle), (bids) => bids.length >= count, {
              what: `${households[producer]!.id} to see ${count} bids`,
              timeoutMs: Math.max(0, windowEnd - cycleMs * 0.1 - Date.now()),
              intervalMs: 700,
            });
          } catch {
            record.errors.push(`${households[producer]!.id} did not see all ${count} bids in time; answering those it saw`);
          }
          for (;;) {
            let answer: AnswerView | null;
            try {
              answer = await waitFor(() => p.autoAccept(supplyCycle), () => true, {
                what: "the next auto-accepted answer",
                timeoutMs: Math.max(0, windowEnd - Date.now()),
                intervalMs: 150,
                retryOn: /may be retried/,
              });
            } catch (error) {
              record.errors.push(`${households[producer]!.id} auto_accept: ${message(error)}`);
              break;
            }
            if (!answer) break;
            const bidHash = b64(answer.type === "Contract" ? answer.contract.bid : answer.rejection.bid);
            const bid = record.bids.find((b) => b.bidHash === bidHash);
            if (answer.type === "Contract") {
              record.contracts.push({
                contractHash: b64(answer.contract_hash),
                producer,
                consumer: bid?.consumer ?? -1,
                energyWh: answer.contract.energy_wh,
                pricePerKwh: answer.contract.price_per_kwh,
                allocatedWh: answer.contract.allocated_wh,
                confirmed: false,
                deliveredWh: 0,
              });
              if (bid) Object.assign(bid, { outcome: "contracted", contractedWh: answer.contract.energy_wh });
            } else if (bid) {
              Object.assign(bid, { outcome: "rejected", reason: answer.rejection.reason });
            }
          }
        }),
      );
      record.answeredMs = Date.now() - windowStart;
    }

    // ---- Confirmations (until the supply cycle ends), then what is delivered ----
    async function confirmRound(record: CycleRecord, windowStart: number): Promise<void> {
      const { supplyCycle } = record;
      const end = startOf(supplyCycle + 1) - MARGIN_MS;
      const bidders = [...new Set(record.bids.map((b) => b.consumer))];
      await Promise.all(
        bidders.map(async (c) => {
          const h = households[c]!;
          const me = market(playerOf(c));
          const mine = record.bids.filter((b) => b.consumer === c && b.outcome !== "waiting");
          if (!mine.some((b) => b.outcome === "contracted")) return;
          try {
            await waitFor(
              () => me.myBids(supplyCycle),
              (bids) => mine.every((m) => bids.some((b) => b64(b.bid_hash) === m.bidHash && b.status.type !== "Waiting")),
              { what: `${h.id} to see the answers to its bids`, timeoutMs: Math.max(0, end - cycleMs * 0.2 - Date.now()), intervalMs: 700 },
            );
          } catch {
            record.errors.push(`${h.id} did not see every answer in time; confirming among those it saw`);
          }
          try {
            const confirmation = await me.autoConfirm(supplyCycle, h.preference);
            if (!confirmation) {
              record.errors.push(`${h.id} auto_confirm found nothing to confirm`);
              return;
            }
            const chosen = record.contracts.find((k) => k.contractHash === b64(confirmation.confirmation.contract));
            if (chosen) chosen.confirmed = true;
            else record.errors.push(`${h.id} confirmed a contract this run did not record`);
          } catch (error) {
            record.errors.push(`${h.id} auto_confirm: ${message(error)}`);
          }
        }),
      );
      record.confirmedMs = Date.now() - windowStart;
      // Each producer delivers its confirmed contracts from its measured surplus, in contract order.
      for (const offer of record.offers) {
        const mine = record.contracts.filter((k) => k.producer === offer.producer && k.confirmed).sort((a, b) => a.allocatedWh - b.allocatedWh);
        deliveries(offer.surplusWh, mine.map((k) => k.energyWh)).forEach((d, i) => (mine[i]!.deliveredWh = d));
      }
      confirmedWh += record.contracts.filter((k) => k.confirmed).reduce((s, k) => s + k.energyWh, 0);
    }
  }
}
