// Sizes of the zomes' wasm, against the issue's limits: every conductor loads and compiles each.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../support/happ.js";

/** The installed zomes as `npm run build` packs them: after `wasm-opt -Oz` (scripts/lib/wasm-opt.mjs). */
const WASM_DIR = path.join(ROOT, "target/wasm-opt");

/** Largest integrity and coordinator zome, in bytes (1 MB = 1,000,000 bytes). */
export const WASM_LIMITS = { integrity: 1_500_000, coordinator: 2_500_000 };

/** The zomes households install, by kind; `floor*` and `adversary` are test-only. */
const ZOMES = {
  integrity: ["profiles_integrity", "market_integrity", "ledger_integrity"],
  coordinator: ["profiles", "market", "ledger"],
};

export interface WasmFigure {
  zome: string;
  kind: "integrity" | "coordinator";
  bytes: number;
  limit: number;
  met: boolean;
}

/** The size of every zome of the hApp, from the last `npm run build`. */
export function wasmSizes(): WasmFigure[] {
  const built = new Set(readdirSync(WASM_DIR));
  return (Object.entries(ZOMES) as ["integrity" | "coordinator", string[]][]).flatMap(([kind, zomes]) =>
    zomes.map((zome) => {
      const file = `${zome}.wasm`;
      if (!built.has(file)) throw new Error(`bench: ${file} is not built (npm run build)`);
      const bytes = statSync(path.join(WASM_DIR, file)).size;
      return { zome, kind, bytes, limit: WASM_LIMITS[kind], met: bytes <= WASM_LIMITS[kind] };
    }),
  );
}
