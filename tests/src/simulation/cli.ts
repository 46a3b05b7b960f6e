// `npm run simulate`: a day of real household data traded through real conductors, and its
// report. Run from the repository root: `npm run simulate -- --help`.
import path from "node:path";
import { HELP, parseOptions, ROOT } from "./args.js";
import { planSimulation } from "./plan.js";
import { runStandalone } from "../support/standalone.js";

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

async function main(): Promise<void> {
  const { options, out, help } = parseOptions(process.argv.slice(2));
  const here = process.env.INIT_CWD ?? process.cwd();
  if (help) {
    process.stdout.write(HELP);
    return;
  }
  const input = planSimulation(options);
  const { config } = input;

  // Conductor folders and their log in .local/simulate (see runStandalone).
  const tmp = runStandalone(ROOT, "simulate");
  const logFile = path.join(tmp, "conductors.log");

  const started = Date.now();
  const tty = process.stderr.isTTY;
  const width = 28;
  let lastLine = "";
  const { runSimulation, firstWindowDelayMs } = await import("./runner.js");
  const expectedMs = config.households * 3_000 + firstWindowDelayMs(config.households, config.cyclesPerBillingPeriod, config.cycleSeconds) + (config.cycles + 2) * config.cycleSeconds * 1000 + 60_000;
  console.log(
    `Simulating ${config.households} households, ${config.day} from ${config.start}, ` +
      `${config.cycles} half-hours as ${config.cycleSeconds}-s cycles: about ${clock(expectedMs)} min.`,
  );
  const result = await runSimulation(input, (p) => {
    const filled = Math.round((p.done / Math.max(1, p.total)) * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const elapsed = Date.now() - started;
    const left = p.phase === "trading" ? (p.total - p.done + 1) * config.cycleSeconds * 1000 : null;
    const line =
      `[${bar}] ${String(p.done).padStart(String(p.total).length)}/${p.total} ${p.phase.padEnd(7)} ${p.detail}` +
      ` | ${(p.confirmedWh / 1000).toFixed(1)} kWh confirmed | ${clock(elapsed)}${left === null ? "" : `, trading ends in ~${clock(left)}`}`;
    if (tty) {
      process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 160) - 1)}`);
    } else if (line.replace(/\d+:\d\d/g, "") !== lastLine) {
      process.stderr.write(line + "\n");
    }
    lastLine = line.replace(/\d+:\d\d/g, "");
  }, { handleSignals: true });
  if (tty) process.stderr.write("\n");

  const { summarize } = await import("./report.js");
  const { writeReport, headlines } = await import("./output.js");
  const report = summarize(result);
  const files = writeReport(out, result, report);
  console.log("");
  for (const [k, v] of headlines(result, report)) console.log(`${k.padEnd(38)} ${v}`);
  console.log(`\nReport: ${files.map((f) => path.relative(here, f)).join(", ")}`);
  console.log(`Conductor logs: ${path.relative(here, logFile)}`);
  if (report.violations.length) {
    console.error(`\n${report.violations.length} invariant(s) violated:\n${report.violations.map((v) => `  - ${v}`).join("\n")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`\nsimulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
