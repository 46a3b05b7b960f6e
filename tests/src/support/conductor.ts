// Conductors for scenarios, configured as `npm start` configures a market on one machine
// (scripts/lib/network-tuning.json, docs/decisions.md 41): messages through the local signal
// server at once instead of after a failing WebRTC attempt, and a peer that once failed to answer
// found again within about a minute instead of twenty.
import childProcess, { type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import os from "node:os";
import path from "node:path";
import type { AgentPubKey, AppBundleSource } from "@holochain/client";
import { createConductor, enableAndGetAgentApp, type Conductor, type PlayerApp, type Scenario } from "@holochain/tryorama";
import YAML from "yaml";
import { networkProperties, ROOT, withProperties, type NetworkProperties } from "./happ.js";
import { invite } from "./membership.js";

/**
 * The tools Tryorama spawns, adjusted for scenarios that run beside each other with many
 * conductors on one machine:
 * - `kitsune2-bootstrap-srv` (a scenario's bootstrap and signal server) runs without its signal
 *   server's rate limit, as `npm start` runs it: by default it allows each IP address 1000
 *   kbit/s, every conductor of a scenario connects from 127.0.0.1 and relays all its traffic
 *   through it, and a connection over the limit is closed; the conductor comes back under a new
 *   address that its peers learn only with its next agent info.
 * - Every `hc` child gets its own working directory per test process. `hc sandbox create` lists
 *   each new sandbox in `.hc` of its working directory, and a scenario's clean-up runs
 *   `hc sandbox clean`, which deletes every sandbox listed there: with two scenario files running
 *   at once in one directory, the first to finish would delete the other's live conductors.
 * - Every `hc` child's input gets a listener. Tryorama writes the keystore passphrase into the
 *   pipe without one; when `hc sandbox create` has already closed its input (seen once under
 *   load, the sandbox made all the same), Node raises the write's EPIPE as an uncaught exception
 *   and vitest fails a run whose tests all passed. EPIPE is let go, any other error thrown.
 */
function adjustToolChildren(): void {
  type Spawn = ((command: string, ...rest: unknown[]) => ChildProcess) & { guarded?: true };
  const spawn = childProcess.spawn as unknown as Spawn;
  if (spawn.guarded) return;
  const workDir = path.join(os.tmpdir(), `hc-${process.pid}`);
  const guarded = Object.assign(
    (command: string, ...rest: unknown[]) => {
      if (command === "kitsune2-bootstrap-srv" && rest.length === 0) return spawn(command, ["--sbd-disable-rate-limiting"]);
      if (command !== "hc") return spawn(command, ...rest);
      mkdirSync(workDir, { recursive: true });
      const [args = [], options = {}] = rest as [string[]?, childProcess.SpawnOptions?];
      const child = spawn(command, args, { cwd: workDir, ...options });
      child.stdin?.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
      });
      return child;
    },
    { guarded: true as const },
  );
  (childProcess as unknown as { spawn: typeof guarded }).spawn = guarded;
  // Tryorama imports `spawn` by name: update the named exports of `node:child_process`.
  syncBuiltinESMExports();
}
adjustToolChildren();

const TUNING_FILE = path.join(ROOT, "scripts/lib/network-tuning.json");
/**
 * Compiled zomes, shared by every scenario's conductors. A conductor keeps wasmer's compiled
 * modules in `<data root>/wasm-cache`, one file per zome's wasm hash, written once and rebuilt if
 * unreadable; without sharing, each of a run's ~60 conductors compiles the same seven zomes again
 * (seconds each on 2 cores).
 */
const WASM_CACHE = path.join(ROOT, "target/wasm-cache");
const TUNING = JSON.parse(readFileSync(TUNING_FILE, "utf8")) as Record<string, Record<string, unknown>>;
/** Conductor tuning shared with `npm start`: an op whose publish reached nobody goes out again
 * within about a minute instead of five (decision 51). */
const CONDUCTOR_TUNING = JSON.parse(readFileSync(path.join(ROOT, "scripts/lib/conductor-tuning.json"), "utf8")) as Record<string, unknown>;

export interface PlayerOptions {
  happ: AppBundleSource;
  properties?: Partial<NetworkProperties>;
  /** False for a rogue: its invalid writes succeed locally and reach the network. */
  selfValidation?: boolean;
  /** True for a household that stores nothing for others (`target_arc_factor: 0`): every read
   * of another's record goes to the network, and it trusts the status the answering peer gives. */
  zeroArc?: boolean;
  /**
   * The membrane proof for the new agent's key (rule I14). By default the test file's steward
   * invites it with the network's credit limit; a scenario of the membrane passes its own.
   */
  invitation?: (agent: AgentPubKey) => Uint8Array;
}

/**
 * Opens an app interface on a port the conductor's operating system picks and returns it.
 * Tryorama's own `attachAppInterface` takes the first free port from 30000 up, found by a probe
 * in this process: two scenario files running at once probe the same port, and one conductor's
 * bind then fails with "Address already in use".
 */
export async function attachAppInterface(conductor: Conductor): Promise<number> {
  return conductor.attachAppInterface({ port: 0, allowed_origins: TRYORAMA_ORIGIN });
}

/** The origin Tryorama's app websockets send (its `connectAppWs`), which the interface allows. */
const TRYORAMA_ORIGIN = "tryorama-interface";

/** Starts one conductor on the scenario's network, installs `happ` for a new agent and enables it. */
export async function addPlayer(scenario: Scenario, options: PlayerOptions): Promise<PlayerApp> {
  const [player] = await addPlayers(scenario, 1, options);
  if (!player) throw new Error("no player was installed");
  return player;
}

/**
 * Starts one conductor on the scenario's network and installs `happ` on it for `count` new
 * agents, each its own app: honest households that may share a machine (a rogue needs its own,
 * since honest peers refuse a warranted agent's whole conductor).
 */
export async function addPlayers(scenario: Scenario, count: number, { happ, properties = {}, selfValidation = true, zeroArc = false, invitation }: PlayerOptions): Promise<PlayerApp[]> {
  const conductor = await addConductor(scenario, { selfValidation, zeroArc });
  const adminWs = conductor.adminWs();
  const port = await attachAppInterface(conductor);
  const players: PlayerApp[] = [];
  for (let i = 0; i < count; i++) {
    const agentPubKey = await adminWs.generateAgentPubKey();
    const proof = invitation ? invitation(agentPubKey) : invite(agentPubKey, { creditLimit: networkProperties(properties).credit_limit });
    const appInfo = await conductor.installApp({
      appBundleSource: happ,
      options: { agentPubKey, networkSeed: scenario.networkSeed, rolesSettings: withProperties(properties, proof) },
    });
    const issued = await adminWs.issueAppAuthenticationToken({ installed_app_id: appInfo.installed_app_id });
    const appWs = await conductor.connectAppWs(issued.token, port);
    const agentApp = await enableAndGetAgentApp(adminWs, appWs, appInfo);
    players.push({ conductor, appWs, ...agentApp });
  }
  return players;
}

/** Starts one conductor, without apps, on the scenario's network, with the tuning above. */
export async function addConductor(scenario: Scenario, options: { selfValidation?: boolean; zeroArc?: boolean } = {}): Promise<Conductor> {
  const conductor = await prepareConductor(scenario, options);
  await startConductor(conductor);
  return conductor;
}

/**
 * How long a client waits for a call's answer: longer than Holochain's own 60-s request timeout,
 * so that a call whose `get` waited out a peer that never answered still returns what the
 * conductor found, instead of failing on the client's side while the conductor goes on
 * (decision 48).
 */
const CALL_TIMEOUT_MS = 150_000;

/** Creates one conductor on the scenario's network, with the tuning above, not yet started. */
async function prepareConductor(scenario: Scenario, { selfValidation = true, zeroArc = false } = {}): Promise<Conductor> {
  // Starts the scenario's bootstrap and signal server on first use, as Tryorama's own adders do.
  await scenario["ensureLocalServices"]();
  if (!scenario.signalingServerUrl || !scenario.bootstrapServerUrl) throw new Error("the scenario's local services did not start");
  const conductor = await createConductor(scenario.signalingServerUrl, {
    bootstrapServerUrl: scenario.bootstrapServerUrl,
    startup: false,
    timeout: CALL_TIMEOUT_MS,
    targetArcFactor: zeroArc ? 0 : 1,
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
  // `disable_self_validation` has no default in Holochain 0.6.3's tuning parameters.
  config.tuning_params = { ...(config.tuning_params ?? {}), ...CONDUCTOR_TUNING, disable_self_validation: !selfValidation };
  writeFileSync(configPath, YAML.stringify(config));
  return conductor;
}

/** How long a conductor may take to print its admin port. */
const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Starts a conductor's process and connects to its admin interface, failing at once, with the
 * end of its error output, when the process exits first or does not come up in time (Tryorama's
 * `startUp` waits for the admin port without a deadline).
 */
function startConductor(conductor: Conductor): Promise<void> {
  const started = conductor.startUp();
  const child = (conductor as unknown as { conductorProcess?: ChildProcess }).conductorProcess;
  const errors: string[] = [];
  child?.stderr?.on("data", (data: Buffer) => errors.push(data.toString()));
  keepLog(conductor, child);
  const last = () => errors.join("").trim().split("\n").slice(-5).join("\n");
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    child?.once("exit", (code, signal) => reject(new Error(`the conductor exited while starting (code ${code}, signal ${signal}): ${last()}`)));
    timer = setTimeout(() => reject(new Error(`the conductor did not start within ${STARTUP_TIMEOUT_MS / 1000} s: ${last()}`)), STARTUP_TIMEOUT_MS);
  });
  failed.catch(() => undefined);
  return Promise.race([started, failed]).finally(() => clearTimeout(timer));
}

/**
 * With `IOEN_CONDUCTOR_LOGS=<dir>`, each conductor's output (set its detail with `RUST_LOG`) is
 * appended to `<dir>/<conductor folder>.log`, one file per conductor across its restarts: for
 * finding out why a scenario's network stalled.
 */
function keepLog(conductor: Conductor, child: ChildProcess | undefined): void {
  const dir = process.env.IOEN_CONDUCTOR_LOGS;
  if (!dir || !child) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${path.basename(conductor.getTmpDirectory())}.log`);
  appendFileSync(file, `=== started at ${new Date().toISOString()}\n`);
  const write = (data: Buffer) => appendFileSync(file, data);
  child.stdout?.on("data", write);
  child.stderr?.on("data", write);
}

/** libfaketime from Debian's `faketime` package, which `scripts/setup` installs. */
export const LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

/**
 * Stops a player's conductor and starts it again with its data, optionally with its clock
 * moved by `clockOffsetSeconds` (libfaketime, for the conductor process only) or its storage arc
 * set to zero or full (`zeroArc`), and returns the player connected anew. Holochain stamps a commit with `max(now, chain head + 1 µs)`, so a
 * clock moved back keeps the chain's order but dates new actions before other authors' records.
 */
export async function restartPlayer(
  player: PlayerApp,
  { clockOffsetSeconds, zeroArc }: { clockOffsetSeconds?: number; zeroArc?: boolean } = {},
): Promise<PlayerApp> {
  const conductor = player.conductor;
  await conductor.shutDown();
  if (zeroArc !== undefined) {
    const configPath = path.join(conductor.getTmpDirectory(), "conductor-config.yaml");
    const config = YAML.parse(readFileSync(configPath, "utf8"));
    config.network.target_arc_factor = zeroArc ? 0 : 1;
    writeFileSync(configPath, YAML.stringify(config));
  }
  const faked = clockOffsetSeconds === undefined ? {} : { LD_PRELOAD: LIBFAKETIME, FAKETIME: clockOffsetSeconds.toFixed(3), FAKETIME_DONT_FAKE_MONOTONIC: "1" };
  const saved = Object.fromEntries(Object.keys(faked).map((key) => [key, process.env[key]]));
  Object.assign(process.env, faked);
  // Tryorama spawns `holochain` synchronously at the start of `startUp`, with this process's
  // environment: restore it at once so that no other conductor inherits the faked clock.
  const started = startConductor(conductor);
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await started;
  return connectPlayer(conductor, player.appId);
}

/**
 * Forks a player's source chain for real, as restoring one device's backup on a second device
 * would: stops the player's conductor, copies its data (keystore, databases) into a new conductor
 * of the scenario and starts that copy. The copy and the original hold the same agent at the same
 * chain head; whatever each writes next makes two chains. The original stays stopped until
 * {@link restartPlayer}, so the two never run at once (they would bind the same app port).
 */
export async function forkPlayer(scenario: Scenario, player: PlayerApp): Promise<PlayerApp> {
  await player.conductor.shutDown();
  const twin = await prepareConductor(scenario);
  const from = player.conductor.getTmpDirectory();
  const to = twin.getTmpDirectory();
  for (const name of readdirSync(from)) {
    // The copy keeps its own configuration (its own data path and admin port) and cache link;
    // the keystore's socket belongs to the stopped process.
    if (name === "conductor-config.yaml" || name === "wasm-cache") continue;
    // Nor the original's marks of peers that did not answer (`p2p/peer-meta-*`): a copy that
    // inherits them skips those peers until they sign a newer agent info, and what it publishes
    // meanwhile reaches nobody (decision 48).
    const copied = (src: string) => !lstatSync(src).isSocket() && !path.basename(src).startsWith("peer-meta-");
    cpSync(path.join(from, name), path.join(to, name), { recursive: true, filter: copied });
  }
  // The keystore's configuration names its own folder: point the copy's at the copy.
  const lairConfig = path.join(to, "ks", "lair-keystore-config.yaml");
  if (existsSync(lairConfig)) writeFileSync(lairConfig, readFileSync(lairConfig, "utf8").replaceAll(from, to));
  await startConductor(twin);
  return connectPlayer(twin, player.appId);
}

/**
 * Introduces a restarted or copied conductor and the running `peers` to each other, as
 * `shareAllAgents` does at a scenario's start:
 * - each peer gets the agent infos the conductor signed at its new address: until a peer learns
 *   it (from the bootstrap server or gossip) it still picks the old one for reads, and a `get`
 *   that asks only dead or empty-handed peers waits out Holochain's 60-s request timeout, which
 *   fails the zome call;
 * - the conductor gets the peers' agent infos: it keeps none across a restart (Holochain 0.6.3's
 *   peer store lives in memory), and an op it publishes before it knows an authority reaches
 *   nobody and counts as published (decisions 48 and 51).
 */
export async function announce(player: PlayerApp, peers: PlayerApp[]): Promise<void> {
  await giveAgentInfos(peers, await agentInfosOf([player]));
  await giveAgentInfos([player], await agentInfosOf(peers));
}

/**
 * Gives every one of `players` the agent infos that all of them signed, as `shareAllAgents` does
 * at a scenario's start: a node drops every message from an address it holds no agent info for
 * (kitsune2 0.4.1 grants access per address only once an agent info names it), so after
 * restarts, blocks and new addresses, honest nodes can end up refusing each other until the
 * bootstrap server or gossip brings the infos (decision 51).
 */
export async function introduce(players: PlayerApp[]): Promise<void> {
  await giveAgentInfos(players, await agentInfosOf(players));
}

/** The agent infos the conductors of `players` hold, all together. */
async function agentInfosOf(players: PlayerApp[]): Promise<string[]> {
  return (await Promise.all(players.map((p) => p.conductor.adminWs().agentInfo({ dna_hashes: null })))).flat();
}

/** Adds `infos` to the peer store of each of `players`' conductors. */
async function giveAgentInfos(players: PlayerApp[], infos: string[]): Promise<void> {
  await Promise.all(players.map((p) => p.conductor.adminWs().addAgentInfo({ agent_infos: infos })));
}

/** Connects to the app `appId` of a started conductor, through a new app interface, and enables it. */
export async function connectPlayer(conductor: Conductor, appId: string): Promise<PlayerApp> {
  const adminWs = conductor.adminWs();
  const appInfo = (await adminWs.listApps({})).find((app) => app.installed_app_id === appId);
  if (!appInfo) throw new Error(`the app ${appId} is not installed on this conductor`);
  const port = await attachAppInterface(conductor);
  const issued = await adminWs.issueAppAuthenticationToken({ installed_app_id: appInfo.installed_app_id });
  const appWs = await conductor.connectAppWs(issued.token, port);
  const agentApp = await enableAndGetAgentApp(adminWs, appWs, appInfo);
  return { conductor, appWs, ...agentApp };
}
