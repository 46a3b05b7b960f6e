// One trading round of the benchmark market: a bidding window and the billing of its supply
// cycle, every market and ledger write timed as a household's page would make it, half of the
// households by the named writes and half by the automation steps.
import type { ActionHash, AppSignal, Signal } from "@holochain/client";
import { SignalType } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { adversary, LINK } from "../support/adversary.js";
import { call } from "../support/households.js";
import { untilCycle, type LedgerRole } from "../support/ledger.js";
import { same, startOfNextCycle, type AnswerView, type BidView, type ConfirmationView, type ContractView } from "../support/market.js";
import { waitFor } from "../support/wait.js";
import type { InvoiceView, PaymentView, ReceiptView } from "../../../ui/src/lib/types.js";
import { floor } from "./floor.js";
import { firstSeen, type Samples } from "./measure.js";

/** The households of the benchmark market, each on its own conductor. */
export interface BenchMarket {
  producers: PlayerApp[];
  consumers: PlayerApp[];
}

/** Energy each consumer bids to each producer, and its price. */
const BID_WH = 500;
const PRICE = 250_000;

/**
 * Errors after which the same write is tried again: a record that validation or this node could
 * not read yet. Only the try that succeeds is timed; the others are counted.
 */
const NOT_YET = /may be retried|likely response timeout|could not be found/;

/**
 * Calls a zome function, again while it fails with {@link NOT_YET}; returns the result and the
 * time of the successful try, and counts the others as retries of `name`.
 */
async function attempt<T>(samples: Samples, name: string, player: PlayerApp, zome: string, fn: string, payload?: unknown): Promise<{ value: T; ms: number }> {
  let tries = 0;
  return waitFor(
    async () => {
      if (tries++ > 0) samples.retried(name);
      const started = performance.now();
      const value = await call<T>(player, zome, fn, payload);
      return { value, ms: performance.now() - started };
    },
    () => true,
    { what: `${zome}.${fn} to succeed`, timeoutMs: 120_000, intervalMs: 100, retryOn: NOT_YET },
  );
}

/** The baseline of the writes: a trivial create on the same conductor right after each write. */
export const CREATE_BESIDE = "create_note beside the writes";
/** The baseline of a bid's way: a trivial create followed the same way, right after the bid. */
export const SPREAD_BESIDE = "note → other agent's get_links beside the bids";

/**
 * {@link attempt}, its time taken as a sample of `name`, followed by a trivial create on the same
 * conductor: the writes' baseline, at the same moment and under the same load.
 */
async function write<T>(samples: Samples, name: string, player: PlayerApp, zome: string, fn: string, payload?: unknown): Promise<T> {
  const { value, ms } = await attempt<T>(samples, name, player, zome, fn, payload);
  samples.add(name, ms);
  await samples.time(CREATE_BESIDE, () => floor(player).createNote("beside"));
  return value;
}

/**
 * An automation step: timed as `fn` when it did something (then followed by a trivial create, as
 * {@link write}), as `fn (nothing to do)` when not.
 */
async function step<T>(samples: Samples, player: PlayerApp, zome: string, fn: string, payload?: unknown): Promise<T | null> {
  const { value, ms } = await attempt<T | null>(samples, fn, player, zome, fn, payload);
  samples.add(value === null ? `${fn} (nothing to do)` : fn, ms);
  if (value !== null) await samples.time(CREATE_BESIDE, () => floor(player).createNote("beside"));
  return value;
}

/** When each producer's page heard of each bid (`NewBid` signals), by bid hash. */
export class BidSignals {
  private readonly heard = new Map<string, number>();

  constructor(producers: PlayerApp[]) {
    for (const producer of producers) {
      producer.appWs.on("signal", (signal: Signal) => {
        if (signal.type !== SignalType.App) return;
        const app = signal.value as AppSignal;
        const payload = app.payload as { type?: string; bid_hash?: Uint8Array };
        if (app.zome_name === "market" && payload.type === "NewBid" && payload.bid_hash) {
          this.heard.set(Buffer.from(payload.bid_hash).toString("base64"), performance.now());
        }
      });
    }
  }

  /** When the signal of `bid` arrived, once it has. */
  when(bid: ActionHash): Promise<number> {
    const key = Buffer.from(bid).toString("base64");
    return waitFor(async () => this.heard.get(key), (t) => t !== undefined, { what: "a bid's signal", timeoutMs: 60_000, intervalMs: 5 }).then(
      (t) => t as number,
    );
  }
}

/**
 * Households at even positions make the named writes (accept_bid, confirm_contract, open_invoice,
 * pay_invoice, ...), those at odd positions run the automation steps (auto_accept, auto_confirm,
 * auto_invoice, ...): one round measures both.
 */
function manual(index: number): boolean {
  return index % 2 === 0;
}

/** Runs one round and returns the supply cycle it traded. */
export async function round(m: BenchMarket, samples: Samples, signals: BidSignals, log: (line: string) => void): Promise<number> {
  const first = m.producers[0];
  if (!first) throw new Error("bench: no producer");
  const window = await startOfNextCycle(first);
  const cycle = window.bidding_for_cycle;
  const opened = performance.now();
  const phases: string[] = [];
  const phase = (what: string) => phases.push(`${what} ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  await declare(m, samples);
  await bid(m, samples, signals, cycle);
  phase("bids made");
  await answer(m, samples, cycle);
  phase("answered");
  const confirmed = await confirm(m, samples, cycle);
  await untilConfirmationsReached(m, cycle, confirmed);
  phase("confirmed");
  log(`bench: supply cycle ${cycle}, from its window's opening: ${phases.join(", ")}`);
  // The supply cycle's billing period (one cycle) is over once the next cycle starts.
  await untilCycle(first, cycle + 1);
  await bill(m, samples, cycle, confirmed);
  await pay(m, samples, confirmed);
  await acknowledge(m, samples, confirmed);
  return cycle;
}

/** Each producer offers, each consumer states its demand. */
async function declare(m: BenchMarket, samples: Samples): Promise<void> {
  for (const p of m.producers) {
    await write(samples, "create_offer", p, "market", "create_offer", { method: "solar", capacity_wh: BID_WH * m.consumers.length });
  }
  for (const c of m.consumers) await write(samples, "create_demand", c, "market", "create_demand", { wanted_wh: BID_WH * m.producers.length });
}

/**
 * Each consumer bids to each producer. Its first bid (to a different producer for each
 * consumer) is followed until its producer's page hears its signal, holds its record and link,
 * and lists it in `get_incoming_bids`, before the next bid is made; following every bid would
 * not fit a bidding window (each takes seconds to be listed: docs/benchmarks.md).
 */
async function bid(m: BenchMarket, samples: Samples, signals: BidSignals, cycle: number): Promise<void> {
  for (const [ci, c] of m.consumers.entries()) {
    const followed = ci % m.producers.length;
    for (const [pi, p] of m.producers.entries()) {
      const started = performance.now();
      const made = await write<BidView>(samples, "create_bid", c, "market", "create_bid", {
        producer: p.agentPubKey,
        energy_wh: BID_WH,
        price_per_kwh: PRICE,
      });
      if (made.supply_cycle !== cycle) {
        throw new Error(`bench: the bidding window for cycle ${cycle} closed before every bid was made; use longer cycles`);
      }
      if (pi === followed) await follow(samples, signals, c, p, made, cycle, started);
    }
  }
}

/** Times a bid's way to its producer: the signal, the record and link held, the getter. */
async function follow(samples: Samples, signals: BidSignals, author: PlayerApp, p: PlayerApp, made: BidView, cycle: number, started: number): Promise<void> {
  const held = firstSeen(async () => (await adversary(p).getRecordLocal(made.bid_hash)) !== null, { what: "a bid to be held by its producer" });
  const linked = firstSeen(
    async () => (await adversary(p).linksLocal(LINK.BidInbox, p.agentPubKey)).some((l) => same(l.target, made.bid_hash)),
    { what: "a bid's inbox link to be held by its producer" },
  );
  const listed = firstSeen(
    async () => (await call<BidView[]>(p, "market", "get_incoming_bids", cycle)).some((b) => same(b.bid_hash, made.bid_hash)),
    { what: "a bid to be listed by its producer" },
  );
  const [heardAt, heldAt, linkedAt, listedAt] = await Promise.all([signals.when(made.bid_hash), held, linked, listed]);
  samples.add("bid → producer's signal", heardAt - started);
  samples.add("bid → record held by the producer", heldAt - started);
  samples.add("bid → inbox link held by the producer", linkedAt - started);
  samples.add("bid → producer's get_incoming_bids", listedAt - started);
  // The floor's way between the same two conductors at the same moment.
  const consumer = made.consumer;
  const before = await floor(p).countNotes(consumer);
  const noteStarted = performance.now();
  await floor(author).createNote("spread");
  const seen = await firstSeen(async () => (await floor(p).countNotes(consumer)) > before, { what: "a note to reach the producer" });
  samples.add(SPREAD_BESIDE, seen - noteStarted);
}

/**
 * Once every bid has reached it, a manual producer accepts the bids of every other consumer and
 * rejects the rest; an automatic one runs `auto_accept` until nothing waits (its offer fits every
 * bid). Then every consumer waits for all its answers.
 */
async function answer(m: BenchMarket, samples: Samples, cycle: number): Promise<void> {
  for (const [pi, p] of m.producers.entries()) {
    // A producer answers what its getter lists: every consumer's bid must have reached it.
    await waitFor(
      () => call<BidView[]>(p, "market", "get_incoming_bids", cycle),
      (bids) => bids.length === m.consumers.length,
      { what: "every bid to reach its producer", intervalMs: 50 },
    );
    if (!manual(pi)) {
      while (await step<AnswerView>(samples, p, "market", "auto_accept", cycle));
      continue;
    }
    for (const b of await call<BidView[]>(p, "market", "get_incoming_bids", cycle)) {
      const ci = m.consumers.findIndex((c) => same(c.agentPubKey, b.consumer));
      if ((ci + pi) % 2 === 0) await write<AnswerView>(samples, "accept_bid", p, "market", "accept_bid", { bid: b.bid_hash });
      else await write<AnswerView>(samples, "reject_bid", p, "market", "reject_bid", { bid: b.bid_hash, reason: "Capacity kept for nearer homes." });
    }
  }
  for (const c of m.consumers) {
    await waitFor(
      () => call<BidView[]>(c, "market", "get_my_bids", cycle),
      (bids) => bids.length === m.producers.length && bids.every((b) => b.status.type !== "Waiting"),
      { what: "every answer to reach its consumer", intervalMs: 50 },
    );
  }
}

/** Which consumer confirmed which producer's contract. */
type Confirmed = { consumer: PlayerApp; producer: PlayerApp; contract: ActionHash }[];

/**
 * One confirmation per consumer (I6): a manual consumer confirms a manual producer's contract
 * where it has one (so that both ways of billing get a contract), an automatic one runs
 * `auto_confirm` (cheapest).
 */
async function confirm(m: BenchMarket, samples: Samples, cycle: number): Promise<Confirmed> {
  const confirmed: Confirmed = [];
  for (const [ci, c] of m.consumers.entries()) {
    const contracts = await call<ContractView[]>(c, "market", "get_my_contracts", cycle);
    const producerOf = (contract: ActionHash) => {
      const view = contracts.find((x) => same(x.contract_hash, contract));
      const producer = view && m.producers.find((p) => same(p.agentPubKey, view.producer));
      if (!producer) throw new Error("bench: a contract of no bench producer");
      return producer;
    };
    if (manual(ci)) {
      const byManual = contracts.find((x) => m.producers.some((p, pi) => manual(pi) && same(p.agentPubKey, x.producer)));
      const chosen = byManual ?? contracts[0];
      if (!chosen) throw new Error("bench: a consumer without a contract");
      await write<ConfirmationView>(samples, "confirm_contract", c, "market", "confirm_contract", chosen.contract_hash);
      confirmed.push({ consumer: c, producer: producerOf(chosen.contract_hash), contract: chosen.contract_hash });
    } else {
      const made = await step<ConfirmationView>(samples, c, "market", "auto_confirm", { supply_cycle: cycle, preference: { type: "cheapest" } });
      if (!made) throw new Error("bench: auto_confirm confirmed nothing");
      confirmed.push({ consumer: c, producer: producerOf(made.confirmation.contract), contract: made.confirmation.contract });
    }
  }
  return confirmed;
}

/** Waits until each producer sees every confirmation of its contracts. */
async function untilConfirmationsReached(m: BenchMarket, cycle: number, confirmed: Confirmed): Promise<void> {
  for (const p of m.producers) {
    const mine = confirmed.filter((x) => x.producer === p).map((x) => x.contract);
    await waitFor(
      () => call<ContractView[]>(p, "market", "get_my_contracts", cycle),
      (cs) => mine.every((h) => cs.some((x) => same(x.contract_hash, h) && x.confirmed)),
      { what: "the producer to see its confirmations", intervalMs: 100 },
    );
  }
}

/**
 * A manual producer opens, fills and issues an invoice per confirmed contract; an automatic one
 * runs `auto_invoice` until it has nothing left. Every consumer then waits for its bill.
 */
async function bill(m: BenchMarket, samples: Samples, cycle: number, confirmed: Confirmed): Promise<void> {
  for (const [pi, p] of m.producers.entries()) {
    if (!manual(pi)) {
      await untilDone(samples, "auto_invoice", p);
      continue;
    }
    const contracts = (await call<ContractView[]>(p, "market", "get_my_contracts", cycle)).filter((x) => x.confirmed);
    for (const contract of contracts) {
      const open = await write<InvoiceView>(samples, "open_invoice", p, "ledger", "open_invoice", { consumer: contract.consumer, period: cycle });
      await write<InvoiceView>(samples, "record_delivery", p, "ledger", "record_delivery", {
        contract: contract.contract_hash,
        delivered_wh: contract.contract.energy_wh,
      });
      await write<InvoiceView>(samples, "issue_invoice", p, "ledger", "issue_invoice", open.invoice_hash);
    }
  }
  for (const { consumer, producer } of confirmed) {
    await waitFor(
      () => invoicesOf(consumer, "consumer"),
      (list) => list.some((i) => same(i.producer, producer.agentPubKey) && i.period === cycle && i.status === "issued"),
      { what: "an issued invoice to reach its consumer", intervalMs: 100 },
    );
  }
}

/** A manual consumer pays each issued bill; an automatic one runs `auto_pay` until nothing is left. */
async function pay(m: BenchMarket, samples: Samples, confirmed: Confirmed): Promise<void> {
  for (const [ci, c] of m.consumers.entries()) {
    if (!confirmed.some((x) => x.consumer === c)) continue;
    if (!manual(ci)) {
      await untilDone(samples, "auto_pay", c);
      continue;
    }
    for (const bill of (await invoicesOf(c, "consumer")).filter((i) => i.status === "issued")) {
      await write<PaymentView>(samples, "pay_invoice", c, "ledger", "pay_invoice", bill.invoice_hash);
    }
  }
}

/**
 * Each producer waits for the payments of its bills; a manual one acknowledges each, an
 * automatic one runs `auto_acknowledge` until nothing is left.
 */
async function acknowledge(m: BenchMarket, samples: Samples, confirmed: Confirmed): Promise<void> {
  for (const [pi, p] of m.producers.entries()) {
    const owed = confirmed.filter((x) => x.producer === p).length;
    if (owed === 0) continue;
    const paid = await waitFor(
      async () => (await invoicesOf(p, "producer")).filter((i) => i.status === "paid"),
      (list) => list.length >= owed,
      { what: "the payments to reach their producer", intervalMs: 100 },
    );
    if (!manual(pi)) {
      await untilDone(samples, "auto_acknowledge", p);
      continue;
    }
    for (const bill of paid) {
      if (!bill.payment_hash) throw new Error("bench: a paid invoice without its payment");
      await write<ReceiptView>(samples, "acknowledge_payment", p, "ledger", "acknowledge_payment", bill.payment_hash);
    }
  }
}

/** Calls one ledger automation step until it reports nothing left. */
async function untilDone(samples: Samples, fn: string, player: PlayerApp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await step<unknown>(samples, player, "ledger", fn)) === null) return;
  }
  throw new Error(`bench: ${fn} did not finish`);
}

function invoicesOf(player: PlayerApp, role: LedgerRole): Promise<InvoiceView[]> {
  return call<InvoiceView[]>(player, "ledger", "get_my_invoices", { period: null, role });
}
