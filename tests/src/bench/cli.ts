// `npm run bench`: every market and ledger write, a bid's propagation, the page's reads, zome sizes
// and memory, on real conductors, each beside Holochain's own floor measured in the same run.
// Writes docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks/*.svg (or into --out DIR).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../support/happ.js";
import { runStandalone } from "../support/standalone.js";
import { targets, writeReport, type BenchReport } from "./report.js";
import { runBench } from "./run.js";

const HELP = `Usage: npm run bench -- [--quick] [--lengths A,B,...] [--samples N] [--out DIR] [--render]

  --quick       the short run of npm test: 4 households, 2 rounds, every figure produced
  --lengths L   the chain lengths (prior actions) to grow to before each round, one round each,
                rising (default 100,1000,5000; with --quick none: the chains' own lengths)
  --samples N   calls per repeated operation (baselines, reads, profile updates; default 100, 20 with --quick)
  --out DIR     where benchmarks.md, benchmarks.json and benchmarks/*.svg go (default docs)
  --render      run nothing: write the report again from DIR/benchmarks.json (after editing
                tests/src/bench/findings.md)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      samples: { type: "string" },
      lengths: { type: "string" },
      out: { type: "string" },
      render: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  const quick = values.quick === true;
  const samples = Number(values.samples ?? (quick ? 20 : 100));
  if (!Number.isInteger(samples) || samples < 10) throw new Error("--samples must be a whole number of at least 10.");
  const lengths = values.lengths?.split(",").map(Number);
  if (lengths && (lengths.length < 2 || lengths.some((l, i) => !Number.isInteger(l) || l < 0 || (i > 0 && l <= (lengths[i - 1] as number))))) {
    throw new Error("--lengths must be two or more rising whole numbers, e.g. 100,1000,5000.");
  }
  const here = process.env.INIT_CWD ?? process.cwd();
  const out = path.resolve(here, values.out ?? path.join(ROOT, "docs"));
  if (values.render) {
    const saved = JSON.parse(readFileSync(path.join(out, "benchmarks.json"), "utf8")) as BenchReport;
    const files = writeReport(saved, out);
    return void console.log(`bench: wrote ${files.map((f) => path.relative(here, f)).join(", ")} from the saved run`);
  }
  runStandalone(ROOT, "bench");
  const report = await runBench({ quick, samples, lengths, log: (line) => console.log(line) });
  const files = writeReport(report, out);
  for (const t of targets(report)) console.log(`  ${t.met ? "met   " : "MISSED"} ${t.what}: ${t.figure}`);
  console.log(`bench: wrote ${files.map((f) => path.relative(here, f)).join(", ")} (${report.wall_seconds} s)`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
