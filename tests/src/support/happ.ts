// Where the packed hApps are and how a scenario installs them with its own network parameters.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppBundleSource, RoleSettingsMap } from "@holochain/client";
import { STEWARD } from "./membership.js";

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The role every cell of the hApp plays. */
export const ROLE = "ioen_micro_ledger";

/** The hApp households install. */
export const HAPP: AppBundleSource = {
  type: "path",
  value: path.join(ROOT, "workdir/ioen-micro-ledger.happ"),
};

/** The test variant: the same DNA plus the `adversary` coordinator zome (raw writes). */
export const TEST_HAPP: AppBundleSource = {
  type: "path",
  value: path.join(ROOT, "workdir/test/ioen-micro-ledger-test.happ"),
};

/**
 * The benchmark hApp: the test variant's DNA with the `floor` zomes added, Holochain's own cost
 * (a no-op call, a trivial create) on the same chain as the market writes, the baseline of
 * `npm run bench` (docs/decisions.md 53).
 */
export const BENCH_HAPP: AppBundleSource = {
  type: "path",
  value: path.join(ROOT, "workdir/bench/ioen-micro-ledger-bench.happ"),
};

/** The network parameters (DNA properties) of `crates/ioen_core` with their meaning. */
export interface NetworkProperties {
  currency: string;
  cycle_epoch_ms: number;
  cycle_seconds: number;
  cycles_per_billing_period: number;
  credit_limit: number;
  max_price_per_kwh: number;
  local_areas: Record<string, string[]>;
  postcode_format: "AU" | "NZ" | "US" | "DE";
  /** Rule I13: how long after its basis an issue, payment or receipt may be dated (default a week). */
  settlement_window_seconds?: number;
  /** Rule I14: the agent keys (base64) that invite households. */
  stewards?: string[];
  /** Rule I14: whether any key may join without an invitation. */
  open_network?: boolean;
}

/** The defaults of `dnas/ioen_micro_ledger/dna.yaml`, with this test file's steward. */
export const DEFAULT_PROPERTIES: NetworkProperties = {
  currency: "IOEN",
  cycle_epoch_ms: 1_767_225_600_000,
  cycle_seconds: 1800,
  cycles_per_billing_period: 48,
  credit_limit: 1_000_000_000,
  max_price_per_kwh: 10_000_000,
  local_areas: {},
  postcode_format: "AU",
  settlement_window_seconds: 604_800,
  stewards: [STEWARD.agentKeyB64],
  open_network: false,
};

/** The default properties with `overrides` applied: what a scenario's network runs with. */
export function networkProperties(overrides: Partial<NetworkProperties>): NetworkProperties {
  return { ...DEFAULT_PROPERTIES, ...overrides };
}

/**
 * Role settings that install the DNA with `overrides` applied to the default properties and
 * `membraneProof` (an invitation, rule I14) as the agent's membrane proof; without one, an app
 * whose manifest allows it waits for the proof (`awaiting_memproofs`).
 */
export function withProperties(overrides: Partial<NetworkProperties>, membraneProof?: Uint8Array): RoleSettingsMap {
  return {
    [ROLE]: {
      type: "provisioned",
      value: {
        modifiers: { properties: networkProperties(overrides) },
        ...(membraneProof ? { membrane_proof: membraneProof } : {}),
      },
    },
  };
}
