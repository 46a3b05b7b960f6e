// Where the packed hApps are and how a scenario installs them with its own network parameters.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppBundleSource, RoleSettingsMap } from "@holochain/client";

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
}

/** The defaults of `dnas/ioen_micro_ledger/dna.yaml`. */
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
};

/** Role settings that install the DNA with `overrides` applied to the default properties. */
export function withProperties(overrides: Partial<NetworkProperties>): RoleSettingsMap {
  return {
    [ROLE]: {
      type: "provisioned",
      value: { modifiers: { properties: { ...DEFAULT_PROPERTIES, ...overrides } } },
    },
  };
}
