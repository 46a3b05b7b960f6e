// A local market for browser tests: `scripts/start.mjs` run as a person runs it (its own data
// directory, households left unregistered so the test registers them in the UI), stopped with
// Ctrl-C as a person stops it.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "../support/wait.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** One household as `households.json` describes it. */
export interface MarketHousehold {
  name: string;
  ui_address: string;
  app_port: number;
  agent_pub_key: string;
}

export interface LocalMarket {
  households: MarketHousehold[];
  /** Everything start.mjs printed, for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

export interface MarketOptions {
  dataDir: string;
  households: number;
  cycleSeconds: number;
  billingCycles: number;
  uiPort: number;
}

/** Starts the market and resolves once every household's UI is served. */
export async function startMarket(options: MarketOptions): Promise<LocalMarket> {
  const args = [
    path.join(ROOT, "scripts/start.mjs"),
    "--fresh",
    "--no-build",
    "--no-register",
    "--data-dir", options.dataDir,
    "--households", String(options.households),
    "--cycle-seconds", String(options.cycleSeconds),
    "--billing-cycles", String(options.billingCycles),
    "--ui-port", String(options.uiPort),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const file = path.join(options.dataDir, "households.json");
  const market: LocalMarket = {
    households: [],
    output: () => output,
    stop: () => stop(child),
  };
  try {
    market.households = await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`start.mjs exited with ${child.exitCode}:\n${output}`);
        if (!existsSync(file)) return [];
        return (JSON.parse(readFileSync(file, "utf8")) as { households: MarketHousehold[] }).households;
      },
      (hs) => hs.length === options.households && hs.every((h) => h.ui_address.startsWith("http")),
      { what: "the market's households and their UI addresses", timeoutMs: 300_000, intervalMs: 500, retryOn: /Unexpected|JSON/ },
    );
  } catch (error) {
    await market.stop();
    throw error;
  }
  return market;
}

/** Ctrl-C to the whole process group, then waits (with a deadline) for the runner to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGINT");
  const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), 30_000));
  if ((await Promise.race([exited, timeout])) === "late") process.kill(-child.pid, "SIGKILL");
}
