// Shrinks the zomes households install with Binaryen's `wasm-opt -Oz` (npm package `binaryen`,
// pinned in package.json), after cargo's own size optimisation: 17 to 18 % less wasm for every
// conductor to load and compile (docs/decisions.md 50). Runs only for a zome whose wasm changed.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./tools.mjs";

/** Where the optimised zomes go; the DNA manifest names them from here. */
export const OPT_DIR = path.join(ROOT, "target/wasm-opt");

/** The zomes of the hApp households install (test- and benchmark-only zomes are not optimised). */
export const SHIPPED_ZOMES = ["profiles_integrity", "market_integrity", "ledger_integrity", "profiles", "market", "ledger"];

/**
 * The wasm features rustc's output uses, and the only ones the optimiser may use: Holochain's
 * wasmer runs these, and nothing else is let in.
 */
const FEATURES = ["--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int"];

const WASM_OPT = path.join(ROOT, "node_modules/binaryen/bin/wasm-opt");

/**
 * Optimises each of `zomes` from `wasmDir` into {@link OPT_DIR}, `jobs` at a time; a zome whose
 * input has the same SHA-256 as at its last optimisation is left as it is. Returns how many ran.
 */
export async function optimizeZomes(wasmDir, zomes, jobs) {
  if (!existsSync(WASM_OPT)) throw new Error("wasm-opt is missing: run npm ci (the binaryen package).");
  mkdirSync(OPT_DIR, { recursive: true });
  const stale = zomes.filter((zome) => {
    const stamp = path.join(OPT_DIR, `${zome}.wasm.sha256`);
    return !existsSync(path.join(OPT_DIR, `${zome}.wasm`)) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== sha256(path.join(wasmDir, `${zome}.wasm`));
  });
  const queue = [...stale];
  const worker = async () => {
    for (let zome = queue.shift(); zome; zome = queue.shift()) {
      const input = path.join(wasmDir, `${zome}.wasm`);
      await runWasmOpt([input, "-Oz", ...FEATURES, "-o", path.join(OPT_DIR, `${zome}.wasm`)]);
      writeFileSync(path.join(OPT_DIR, `${zome}.wasm.sha256`), sha256(input));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return stale.length;
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function runWasmOpt(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WASM_OPT, ...args], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt ${args.join(" ")} failed (exit ${code})`))));
  });
}
