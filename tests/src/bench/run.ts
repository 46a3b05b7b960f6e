// The benchmark: a small market of households on real conductors, each on its own conductor,
// trading and settling rounds while every write is timed, beside Holochain's own floor measured
// on the same chains in the same run (the `floor` zomes packed into the benchmark's DNA). What it reports
// and why: docs/benchmarks.md and docs/decisions.md 49.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { addPlayer } from "../support/conductor.js";
import { BENCH_HAPP } from "../support/happ.js";
import { household, profiles, syncAll } from "../support/households.js";
import { ledger } from "../support/ledger.js";
import { market } from "../support/market.js";
import { waitFor } from "../support/wait.js";
import { floor } from "./floor.js";
import { firstSeen, Samples, timeCalls } from "./measure.js";
import { environment, type BenchReport, type GrowthFigure, type MemoryFigure } from "./report.js";
import { BidSignals, CREATE_BESIDE, round, SPREAD_BESIDE, type BenchMarket } from "./round.js";
import { baselineOf, figure, percentile, type Baseline, type Figure } from "./stats.js";
import { wasmSizes } from "./wasm.js";

/** How big a run is. */
export interface BenchOptions {
  /** `npm test`'s short run: fewer households, rounds and samples; every figure still produced. */
  quick: boolean;
  /** Calls per repeated operation (baselines, reads, profile updates). */
  samples: number;
  /** The chain lengths of the rounds (default: the size's). */
  lengths?: number[];
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/**
 * Households, cycle length, and the chain lengths of each size of run: before each round every
 * household's chain is grown with private pads to the next length (prior actions), so each round
 * measures the writes at one length, and the rounds together their growth. The short run grows
 * nothing: its two rounds are measured at the lengths the chains have (about 50 and 120 actions),
 * because validating pads costs the network about as much as any other action (a hundred take
 * two minutes on 2 cores).
 */
const SIZES = {
  quick: { producers: 2, consumers: 2, lengths: [0, 0], cycleSeconds: 60 },
  full: { producers: 3, consumers: 4, lengths: [100, 1_000, 5_000], cycleSeconds: 120 },
};

/** Pads (private entries, one action each) written per call while growing a chain. */
const PADS_PER_CALL = 500;

/** The writes, what each does, and the target the issue sets for its p50 over a trivial create's. */
export const WRITES: { name: string; what: string; target: number }[] = [
  { name: "create_profile", what: "registers a household: profile, private details, discovery links", target: 2 },
  { name: "update_profile", what: "a new profile version, links moved", target: 2 },
  { name: "create_offer", what: "a producer's offer for the next cycle", target: 2 },
  { name: "create_demand", what: "a consumer's demand for the next cycle", target: 2 },
  { name: "create_bid", what: "a bid to one producer, with its inbox link", target: 1.5 },
  { name: "accept_bid", what: "a contract for a bid, the offer's allocation carried", target: 2 },
  { name: "reject_bid", what: "a rejection receipt for a bid", target: 2 },
  { name: "confirm_contract", what: "a consumer's one confirmation of the cycle", target: 2 },
  { name: "open_invoice", what: "an open invoice for one consumer and period", target: 2 },
  { name: "record_delivery", what: "a metered line on the open invoice", target: 2 },
  { name: "issue_invoice", what: "the invoice issued (a new version)", target: 2 },
  { name: "pay_invoice", what: "a payment, balance and credit limit carried", target: 2 },
  { name: "acknowledge_payment", what: "a receipt, the payee's balance carried", target: 2 },
  { name: "auto_accept", what: "one bid answered by the producer's policy", target: 2 },
  { name: "auto_confirm", what: "the cheapest contract confirmed", target: 2 },
  { name: "auto_invoice", what: "one invoice step (open, line or issue) for what was delivered", target: 2 },
  { name: "auto_pay", what: "one issued invoice paid", target: 2 },
  { name: "auto_acknowledge", what: "one payment receipted", target: 2 },
];

/** Propagation figures and their targets (signal over a trivial create, getter over the floor's propagation). */
const PROPAGATION: { name: string; what: string; base: string; target?: number }[] = [
  { name: "bid → producer's signal", what: "from create_bid until the producer's page hears `NewBid`", base: CREATE_BESIDE, target: 1.2 },
  { name: "bid → producer's get_incoming_bids", what: "from create_bid until the producer's getter lists it", base: SPREAD_BESIDE, target: 1.5 },
  { name: "bid → record held by the producer", what: "until the producer's node holds the bid's record as valid (local `get`)", base: SPREAD_BESIDE },
  { name: "bid → inbox link held by the producer", what: "until it holds the bid's inbox link (local `get_links`)", base: SPREAD_BESIDE },
];

/** Runs the benchmark and returns its report. */
export async function runBench({ quick, samples, lengths, log = () => undefined }: BenchOptions): Promise<BenchReport> {
  const size = { ...(quick ? SIZES.quick : SIZES.full), ...(lengths ? { lengths } : {}) };
  const started = Date.now();
  let report: BenchReport | undefined;
  await runScenario(async (scenario) => {
    log(`bench: starting ${size.producers + size.consumers} conductors, one household each`);
    const properties = { cycle_seconds: size.cycleSeconds, cycle_epoch_ms: Date.now(), cycles_per_billing_period: 1 };
    const add = () => addPlayer(scenario, { happ: BENCH_HAPP, properties });
    const firstPlayer = await add();
    const rest = await Promise.all(Array.from({ length: size.producers + size.consumers - 1 }, add));
    const players = [firstPlayer, ...rest];
    await scenario.shareAllAgents();
    const m: BenchMarket = { producers: players.slice(0, size.producers), consumers: players.slice(size.producers) };
    const [p0, c0] = [m.producers[0], m.consumers[0]];
    if (!p0 || !c0) throw new Error("bench: missing households");

    const s = new Samples();
    // Each profile write is followed by the writes' baseline on the same conductor (round.ts).
    const beside = (player: PlayerApp) => s.time(CREATE_BESIDE, () => floor(player).createNote("beside"));
    for (const [i, p] of m.producers.entries()) {
      await s.time("create_profile", () => profiles(p).create(household({ name: `Producer ${i + 1}`, postcode: "2008", producer_methods: ["solar"] })));
      await beside(p);
    }
    for (const [i, c] of m.consumers.entries()) {
      await s.time("create_profile", () => profiles(c).create(household({ name: `Consumer ${i + 1}`, postcode: "2008", accepted_methods: ["solar"] })));
      await beside(c);
    }
    await syncAll(players);

    // The floor, half before the market rounds and half after, so both see the same conditions.
    const half = Math.max(5, Math.ceil(samples / 2));
    const propagations = quick ? 5 : 20;
    log("bench: Holochain's floor (first half)");
    await measureFloor(s, c0, p0, half, propagations);

    const signals = new BidSignals(m.producers);
    const byLength: { length: number; samples: Samples }[] = [];
    const updates = Math.max(3, Math.ceil(half / size.lengths.length));
    for (const [r, length] of size.lengths.entries()) {
      const grown = await grow(players, length);
      const held = Math.min(...(await Promise.all(players.map((p) => floor(p).chainLength()))));
      log(`bench: chains hold ${held} actions or more (grown for ${grown.toFixed(0)} s)`);
      const rs = new Samples();
      const cycle = await round(m, rs, signals, log);
      log(`bench: round ${r + 1} of ${size.lengths.length} traded and settled supply cycle ${cycle}`);
      for (let i = 0; i < updates; i++) {
        await rs.time("update_profile", () => profiles(p0).update(household({ name: "Producer 1", postcode: "2008", producer_methods: ["solar"] })));
        await rs.time(CREATE_BESIDE, () => floor(p0).createNote("beside"));
      }
      s.merge(rs);
      byLength.push({ length: held, samples: rs });
    }
    const lastCycle = (await market(c0).cycleInfo()).current_cycle - 1;

    log("bench: reads");
    const reads = await measureReads(c0, p0, lastCycle, samples);

    log("bench: Holochain's floor (second half)");
    await measureFloor(s, c0, p0, half, propagations);

    const memory = players.map((p, i): MemoryFigure => ({ conductor: i < size.producers ? `producer ${i + 1}` : `consumer ${i - size.producers + 1}`, households: 1, rss_mib: rssMib(p) }));
    report = assemble(s, reads, memory, byLength, { quick, size, startedMs: started });
  });
  if (!report) throw new Error("bench: the scenario ended without a report");
  return report;
}

/**
 * Grows every player's chain with private pads until it holds `length` actions, then waits
 * until every node has validated what the others wrote, so that the round after it is not
 * measured beside that validation. Returns the seconds it took.
 */
async function grow(players: PlayerApp[], length: number): Promise<number> {
  if (length === 0) return 0;
  const started = performance.now();
  const heads: number[] = [];
  for (const player of players) {
    let held = await floor(player).chainLength();
    for (; held < length; held = await floor(player).chainLength()) {
      await floor(player).createPads(Math.min(PADS_PER_CALL, length - held));
    }
    heads.push(held - 1);
  }
  // Every node has validated every other chain up to its head. (A DHT-wide comparison of every
  // op, as `syncAll` makes, costs more than the pads themselves at thousands of actions.)
  for (const [ai, author] of players.entries()) {
    for (const reader of players.filter((p) => p !== author)) {
      await waitFor(
        () => floor(reader).holdsActivity(author.agentPubKey, heads[ai] as number),
        (held) => held,
        { what: "a grown chain to be validated by every node", timeoutMs: 30 * 60_000, intervalMs: 500 },
      );
    }
  }
  return (performance.now() - started) / 1000;
}

/** The floor: no-op calls, trivial creates, and trivial creates until another agent's node holds them. */
async function measureFloor(s: Samples, author: PlayerApp, reader: PlayerApp, calls: number, propagations: number): Promise<void> {
  for (const ms of await timeCalls(calls, () => floor(author).noop())) s.add("noop", ms);
  for (const ms of await timeCalls(calls, () => floor(author).createNote("floor"))) s.add("create_note", ms);
  for (let i = 0; i < propagations; i++) {
    const before = await floor(reader).countNotes(author.agentPubKey);
    const started = performance.now();
    await floor(author).createNote("seen?");
    const seen = await firstSeen(async () => (await floor(reader).countNotes(author.agentPubKey)) > before, { what: "a note to reach the other agent" });
    s.add("note → other agent's get_links", seen - started);
  }
}

/** The reads a household's page makes, each `samples` times after a warm-up. */
async function measureReads(consumer: PlayerApp, producer: PlayerApp, cycle: number, samples: number): Promise<{ name: string; what: string; samples: number[] }[]> {
  const reads: [string, string, () => Promise<unknown>][] = [
    ["get_cycle_info", "DNA properties and the clock", () => market(consumer).cycleInfo()],
    ["get_my_profile", "own profile, from the source chain", () => profiles(consumer).mine()],
    ["get_profile", "another household's profile, through its agent link", () => profiles(consumer).get(producer.agentPubKey)],
    ["find_producers", "local producers: path links of two postcodes", () => profiles(consumer).findProducers("2008")],
    ["get_my_bids", "the consumer's bids of a cycle, with answers", () => market(consumer).myBids(cycle)],
    ["get_incoming_bids", "the producer's bids of a cycle, with answers", () => market(producer).incomingBids(cycle)],
    ["get_my_contracts", "a cycle's contracts, with confirmations", () => market(consumer).myContracts(cycle)],
    ["get_balance", "balance, limit and pending payments", () => ledger(consumer).balance()],
    ["get_my_invoices", "the consumer's invoices, at their latest versions", () => ledger(consumer).myInvoices("consumer")],
    ["get_statement", "the statement with its CSV", () => ledger(consumer).statement()],
  ];
  const out = [];
  for (const [name, what, read] of reads) out.push({ name, what, samples: await timeCalls(samples, read) });
  return out;
}

/** The target for a write's growth over the trivial create's growth beside it. */
export const GROWTH_TARGET = 1.2;

/**
 * Each write's p50 at every chain length, beside the trivial create's p50 at the same length; the
 * growth from the first length to the last over the trivial create's (writes measured at every
 * length only).
 */
function growthFigures(byLength: { length: number; samples: Samples }[]): GrowthFigure[] {
  const names = [...WRITES.map((w) => w.name)].filter((name) => byLength.every((l) => l.samples.of(name).length > 0));
  const first = byLength[0];
  const last = byLength[byLength.length - 1];
  if (!first || !last || first === last) throw new Error("bench: growth needs two chain lengths or more");
  return names.map((name) => {
    const p50 = byLength.map((l) => percentile(l.samples.of(name), 50));
    const beside = byLength.map((l) => percentile(l.samples.of(CREATE_BESIDE), 50));
    const growth = (p50[p50.length - 1] as number) / (p50[0] as number);
    const besideGrowth = (beside[beside.length - 1] as number) / (beside[0] as number);
    const ratio = growth / besideGrowth;
    return { name, lengths: byLength.map((l) => l.length), p50, beside_p50: beside, growth, beside_growth: besideGrowth, ratio, target: GROWTH_TARGET, met: ratio <= GROWTH_TARGET };
  });
}

/** Resident memory of a player's conductor process, in MiB (Linux `/proc`). */
function rssMib(player: PlayerApp): number {
  const pid = (player.conductor as unknown as { conductorProcess?: ChildProcess }).conductorProcess?.pid;
  if (!pid) throw new Error("bench: a conductor without a process");
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`bench: no resident memory for process ${pid}`);
  return Number(kb) / 1024;
}

/** The report of a run: every figure beside its baseline, and the targets met or missed. */
function assemble(
  s: Samples,
  reads: { name: string; what: string; samples: number[] }[],
  memory: MemoryFigure[],
  byLength: { length: number; samples: Samples }[],
  { quick, size, startedMs }: { quick: boolean; size: (typeof SIZES)["full"]; startedMs: number },
): BenchReport {
  const must = (name: string) => {
    const list = s.of(name);
    if (list.length === 0) throw new Error(`bench: no sample of ${name}`);
    return list;
  };
  const noop = baselineOf("noop", must("noop"));
  const quiet = baselineOf("create_note", must("create_note"));
  const create = baselineOf(CREATE_BESIDE, must(CREATE_BESIDE));
  const spread = baselineOf(SPREAD_BESIDE, must(SPREAD_BESIDE));
  const bases: Record<string, Baseline> = { [create.name]: create, [spread.name]: spread };
  const floorFigures: Figure[] = [
    figure("noop", "a zome call that does nothing", must("noop"), noop),
    figure("create_note", "one trivial entry and one link, validated, before and after the rounds", must("create_note"), noop),
    figure(CREATE_BESIDE, "the same, on the writer's conductor right after each market write", must(CREATE_BESIDE), quiet),
    figure("note → other agent's get_links", "a trivial create until another agent's node holds its link, before and after the rounds", must("note → other agent's get_links"), quiet),
    figure(SPREAD_BESIDE, "the same, from a bidder to its producer right after a followed bid", must(SPREAD_BESIDE), quiet),
  ];
  const writes = WRITES.map((w) => figure(w.name, w.what, must(w.name), create, { target: w.target, retries: s.retriesOf(w.name) }));
  const propagation = PROPAGATION.map((p) => figure(p.name, p.what, must(p.name), bases[p.base] as Baseline, { target: p.target }));
  const idle = ["auto_accept", "auto_confirm", "auto_invoice", "auto_pay", "auto_acknowledge"]
    .map((fn) => `${fn} (nothing to do)`)
    .filter((name) => s.of(name).length > 0)
    .map((name) => figure(name, "the automation step when nothing is left", s.of(name), noop));
  const readFigures = [...reads.map((r) => figure(r.name, r.what, r.samples, noop)), ...idle];
  return {
    ...environment(),
    mode: quick ? "quick" : "full",
    households: { producers: size.producers, consumers: size.consumers, rounds: size.lengths.length, cycle_seconds: size.cycleSeconds },
    wall_seconds: Math.round((Date.now() - startedMs) / 1000),
    floor: floorFigures,
    writes,
    propagation,
    reads: readFigures,
    growth: growthFigures(byLength),
    wasm: wasmSizes(),
    memory,
  };
}
