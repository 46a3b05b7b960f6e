// `npm run bench`: latency of the zome calls a household's UI makes, on real conductors (two
// households, one producer and one consumer, with a billed and paid cycle behind them), as p50
// and p99 and as a multiple of a baseline measured in the same run: `get_cycle_info`, a call that
// only reads the DNA properties and the clock. Ratios compare across machines and loads; the
// milliseconds do not. Writes docs/bench.md (or --out FILE).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { ROOT } from "../simulation/args.js";
import { addHouseholds, household, profiles, syncAll } from "../support/households.js";
import { autoInvoiceAll, autoPayAll, ledger } from "../support/ledger.js";
import { autoAcceptAll, market, startOfNextCycle } from "../support/market.js";
import { runStandalone } from "../support/standalone.js";
import { waitFor } from "../support/wait.js";
import { rows, table, type Measured } from "./stats.js";

const HELP = `Usage: npm run bench -- [--samples N] [--out FILE]

  --samples N   calls measured per operation, after 5 unmeasured ones (default 100)
  --out FILE    where the Markdown report goes (default docs/bench.md)
`;

const CYCLE_SECONDS = 20;

async function time(samples: number, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await call();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
  return out;
}

/** Trades and settles one cycle, so the reads below have a contract, an invoice and a payment to show. */
async function tradeOneCycle(producer: PlayerApp, consumer: PlayerApp): Promise<number> {
  const info = await startOfNextCycle(producer);
  const cycle = info.bidding_for_cycle;
  await market(producer).offer("solar", 3000);
  await market(consumer).bid(producer.agentPubKey, 1500, 300_000);
  await waitFor(() => market(producer).incomingBids(cycle), (b) => b.length === 1, { what: "the bid to arrive" });
  await autoAcceptAll(producer, cycle);
  await waitFor(() => market(consumer).autoConfirm(cycle, { type: "cheapest" }), (c) => c !== null, { what: "a contract to confirm" });
  await waitFor(
    () => market(producer).myContracts(cycle),
    (cs) => cs.some((c) => c.confirmed),
    { what: "the producer to see the confirmation" },
  );
  await waitFor(
    async () => {
      await autoInvoiceAll(producer);
      return ledger(producer).myInvoices("producer");
    },
    (invoices) => invoices.some((i) => i.status === "issued"),
    { what: "the invoice to be issued", timeoutMs: 6 * CYCLE_SECONDS * 1000, intervalMs: 1000 },
  );
  await waitFor(() => autoPayAll(consumer), (paid) => paid.length > 0, { what: "the payment", timeoutMs: 60_000, intervalMs: 500 });
  return cycle;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) return void process.stdout.write(HELP);
  const samples = Number(values.samples ?? 100);
  if (!Number.isInteger(samples) || samples < 10) throw new Error("--samples must be a whole number of at least 10.");
  const here = process.env.INIT_CWD ?? process.cwd();
  const out = path.resolve(here, values.out ?? path.join(ROOT, "docs/bench.md"));
  runStandalone(ROOT, "bench");

  const started = Date.now();
  await runScenario(async (scenario) => {
    console.log("bench: starting 2 conductors and registering a producer and a consumer...");
    const properties = { cycle_seconds: CYCLE_SECONDS, cycle_epoch_ms: Date.now(), cycles_per_billing_period: 1 };
    const players = await addHouseholds(scenario, 2, { properties });
    const [producer, consumer] = players as [PlayerApp, PlayerApp];
    await profiles(producer).create(household({ name: "Solar house", postcode: "2008", producer_methods: ["solar"] }));
    await profiles(consumer).create(household({ name: "Flat", postcode: "2008", accepted_methods: ["solar"] }));
    await syncAll(players);
    console.log("bench: trading and settling one cycle...");
    const cycle = await tradeOneCycle(producer, consumer);
    await syncAll(players);

    console.log(`bench: measuring ${samples} calls per operation...`);
    const measure = async (name: string, what: string, call: () => Promise<unknown>): Promise<Measured> => {
      const m = { name, what, samples: await time(samples, call) };
      process.stdout.write(`  ${name}\n`);
      return m;
    };
    const baseline = await measure("get_cycle_info", "baseline: DNA properties and the clock", () => market(consumer).cycleInfo());
    const measured = [
      await measure("get_my_profile", "own profile, from the source chain", () => profiles(consumer).mine()),
      await measure("get_profile", "another household's profile, through its agent link", () => profiles(consumer).get(producer.agentPubKey)),
      await measure("find_producers", "local producers: path links of two postcodes", () => profiles(consumer).findProducers("2008")),
      await measure("get_my_bids", "the consumer's bids of a cycle, with answers", () => market(consumer).myBids(cycle)),
      await measure("get_incoming_bids", "the producer's bids of a cycle, with answers", () => market(producer).incomingBids(cycle)),
      await measure("get_my_contracts", "a cycle's contracts, with confirmations", () => market(consumer).myContracts(cycle)),
      await measure("get_balance", "balance, limit and pending payments", () => ledger(consumer).balance()),
      await measure("get_my_invoices", "the consumer's invoices, at their latest versions", () => ledger(consumer).myInvoices("consumer")),
      await measure("get_statement", "the statement with its CSV", () => ledger(consumer).statement()),
      await measure("update_profile", "a write: new profile version, links moved", () =>
        profiles(producer).update(household({ name: "Solar house", postcode: "2008", producer_methods: ["solar"] })),
      ),
    ];
    const report = rows(baseline, measured);
    const text =
      `# Benchmark: zome call latency\n\n` +
      `\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: two conductors on one machine (Holochain 0.6.3, WebRTC), ` +
      `a producer and a consumer with one traded, invoiced and paid cycle; ${samples} calls per operation after 5 unmeasured, ` +
      `one at a time, from Node through the app websocket. The baseline is \`get_cycle_info\`; a ratio is an operation's p50 over ` +
      `the baseline's p50 in the same run, which is what to compare between runs and machines. Wall time ${Math.round((Date.now() - started) / 1000)} s.\n\n` +
      table(report);
    writeFileSync(out, text);
    console.log(`\n${table(report)}\nbench: wrote ${path.relative(here, out)}`);
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
