// Conductors for scenarios, configured as `npm start` configures a market on one machine
// (scripts/lib/network-tuning.json, docs/decisions.md 41): messages through the local signal
// server at once instead of after a failing WebRTC attempt, and a peer that once failed to answer
// found again within about a minute instead of twenty.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppBundleSource } from "@holochain/client";
import { createConductor, enableAndGetAgentApp, type Conductor, type PlayerApp, type Scenario } from "@holochain/tryorama";
import YAML from "yaml";
import { ROOT, withProperties, type NetworkProperties } from "./happ.js";

const TUNING_FILE = path.join(ROOT, "scripts/lib/network-tuning.json");
/**
 * Compiled zomes, shared by every scenario's conductors. A conductor keeps wasmer's compiled
 * modules in `<data root>/wasm-cache`, one file per zome's wasm hash, written once and rebuilt if
 * unreadable; without sharing, each of a run's ~60 conductors compiles the same seven zomes again
 * (seconds each on 2 cores).
 */
const WASM_CACHE = path.join(ROOT, "target/wasm-cache");
const TUNING = JSON.parse(readFileSync(TUNING_FILE, "utf8")) as Record<string, Record<string, unknown>>;

export interface PlayerOptions {
  happ: AppBundleSource;
  properties?: Partial<NetworkProperties>;
  /** False for a rogue: its invalid writes succeed locally and reach the network. */
  selfValidation?: boolean;
}

/** Starts one conductor on the scenario's network, installs `happ` for a new agent and enables it. */
export async function addPlayer(scenario: Scenario, { happ, properties = {}, selfValidation = true }: PlayerOptions): Promise<PlayerApp> {
  const conductor = await addConductor(scenario, { selfValidation });
  const appInfo = await conductor.installApp({
    appBundleSource: happ,
    options: { networkSeed: scenario.networkSeed, rolesSettings: withProperties(properties) },
  });
  const adminWs = conductor.adminWs();
  const port = await conductor.attachAppInterface();
  const issued = await adminWs.issueAppAuthenticationToken({ installed_app_id: appInfo.installed_app_id });
  const appWs = await conductor.connectAppWs(issued.token, port);
  const agentApp = await enableAndGetAgentApp(adminWs, appWs, appInfo);
  return { conductor, appWs, ...agentApp };
}

/** Starts one conductor, without apps, on the scenario's network, with the tuning above. */
export async function addConductor(scenario: Scenario, { selfValidation = true } = {}): Promise<Conductor> {
  // Starts the scenario's bootstrap and signal server on first use, as Tryorama's own adders do.
  await scenario["ensureLocalServices"]();
  if (!scenario.signalingServerUrl || !scenario.bootstrapServerUrl) throw new Error("the scenario's local services did not start");
  const conductor = await createConductor(scenario.signalingServerUrl, {
    bootstrapServerUrl: scenario.bootstrapServerUrl,
    startup: false,
    timeout: 60_000,
  });
  scenario.conductors.push(conductor);
  const configPath = path.join(conductor.getTmpDirectory(), "conductor-config.yaml");
  const config = YAML.parse(readFileSync(configPath, "utf8"));
  for (const [module, settings] of Object.entries(TUNING)) {
    config.network.advanced[module] = { ...(config.network.advanced[module] ?? {}), ...settings };
  }
  const cache = path.join(conductor.getTmpDirectory(), "wasm-cache");
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(WASM_CACHE, { recursive: true });
  symlinkSync(WASM_CACHE, cache);
  if (!selfValidation) config.tuning_params = { ...(config.tuning_params ?? {}), disable_self_validation: true };
  writeFileSync(configPath, YAML.stringify(config));
  await conductor.startUp();
  return conductor;
}
