// `npm start`: runs a local IOEN micro-ledger network for development.
//
// One `kitsune2-bootstrap-srv` (bootstrap + WebRTC signalling on 127.0.0.1) and one Holochain
// conductor per household, each its own `hc sandbox` under .local/start/<household>, with the hApp
// installed on one shared network (same network seed, same DNA properties), an app interface and a
// reusable app token. Data persists between runs; `--fresh` starts over. Ctrl-C stops everything.
//
// Layout of the data directory (.local/start by default):
//   network.json      network seed and DNA properties every household installs with
//   installed.happ    the hApp build the households run (copied on first install, so households
//                     added later join the same network even after a rebuild)
//   start.lock        pid of the running start script and of its child processes
//   households.json   ports, tokens and keys while running (removed on stop)
//   logs/             bootstrap.log and one <household>.log per conductor
//   <household>/      the conductor's sandbox (conductor-config.yaml, keystore, databases)
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import YAML from "yaml";
import {
  ROOT,
  WORKDIR,
  fail,
  isRunning,
  newestFile,
  pollUntil,
  portIsFree,
  requireTools,
  run,
  stopProcess,
  toolEnv,
  waitForOutput,
} from "./lib/tools.mjs";

const APP_ID = "ioen-micro-ledger";
const ROLE_NAME = "ioen_micro_ledger";
const HAPP = path.join(WORKDIR, "ioen-micro-ledger.happ");
const DNA_YAML = path.join(ROOT, "dnas/ioen_micro_ledger/dna.yaml");
/** What the hApp is built from: a newer file here means `npm run build` must run again. */
const BUILD_INPUTS = ["zomes", "crates", "dnas", "happ.yaml", "Cargo.toml"];
/** Origin this script's websockets send; the admin interfaces allow any, app interfaces "*". */
const ORIGIN = "ioen-start";
/** Passphrase of each sandbox's in-process lair keystore. A local dev sandbox, not a secret. */
const LAIR_PASSPHRASE = "ioen-start";
const DEFAULT_DATA_DIR = ".local/start";
const SMOKE_DATA_DIR = ".local/smoke";
const CONDUCTOR_READY_MS = 120_000;
const ADMIN_CALL_TIMEOUT_MS = 180_000; // installing compiles the wasm; slow on 2 cores
const MAX_CYCLE_SECONDS = 604_800; // ioen_core::cycles::MAX_CYCLE_SECONDS (one week)

/**
 * The demo households, in start order: producers and consumers alternate, two per postcode, all
 * in Ausgrid's distribution area (2008 Chippendale, 2010 Surry Hills, 2011 Potts Point,
 * 2016 Redfern). `methods`: what a producer generates with, or what a consumer accepts; the UI
 * will offer them when the household registers (this script does not register anyone).
 */
export const HOUSEHOLDS = [
  { name: "Solar house", role: "producer", postcode: "2008", methods: ["solar"] },
  { name: "Flat 2", role: "consumer", postcode: "2008", methods: ["solar", "wind", "battery"] },
  { name: "Battery terrace", role: "producer", postcode: "2010", methods: ["solar", "battery"] },
  { name: "Corner cafe", role: "consumer", postcode: "2010", methods: ["solar", "battery"] },
  { name: "Rooftop flats", role: "producer", postcode: "2011", methods: ["solar"] },
  { name: "Studio 5", role: "consumer", postcode: "2011", methods: ["solar", "wind"] },
  { name: "Warehouse roof", role: "producer", postcode: "2016", methods: ["solar"] },
  { name: "Share house", role: "consumer", postcode: "2016", methods: ["solar", "battery", "grid"] },
].map((h) => ({ ...h, slug: h.name.toLowerCase().replace(/[^a-z0-9]+/g, "-") }));

const USAGE = `Usage: npm start -- [options]     (or: bash scripts/start [options])

Runs a local IOEN micro-ledger network: a bootstrap/signal server and one Holochain conductor
per household, with the hApp installed, until Ctrl-C. Data persists in ${DEFAULT_DATA_DIR}.

Options:
  --households N       how many households to run, 1 to ${HOUSEHOLDS.length} (default 2)
  --cycle-seconds N    length of a supply cycle in seconds, 1 to ${MAX_CYCLE_SECONDS} (default 60 for a
                       new network; an existing one keeps the value it was created with)
  --admin-port N       admin port of the first household, the next ones get N+1, N+2...
                       (default: free ports chosen at each start)
  --fresh              delete the data directory first: new agents, new network
  --data-dir DIR       where the sandboxes live, relative to the repository root
                       (default ${DEFAULT_DATA_DIR})
  --no-build           skip scripts/setup and the hApp build; use the tools and hApp as they are
  --smoke              start everything, check each household answers a zome call, stop and exit 0
                       (uses a fresh ${SMOKE_DATA_DIR}, removed when the check passes, unless
                       --data-dir is given)
  -h, --help           show this help`;

/** A problem the user can fix: printed as one sentence, without a stack trace. */
class UserError extends Error {}

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        households: { type: "string" },
        "cycle-seconds": { type: "string" },
        "admin-port": { type: "string" },
        fresh: { type: "boolean" },
        "data-dir": { type: "string" },
        "no-build": { type: "boolean" },
        smoke: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    fail(`${describeArgError(error)}; run \`npm start -- --help\` for the options.`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = Boolean(values.smoke);
  const dataDirGiven = values["data-dir"] !== undefined;
  return {
    households: integerOption(values, "households", 1, HOUSEHOLDS.length) ?? 2,
    cycleSeconds: integerOption(values, "cycle-seconds", 1, MAX_CYCLE_SECONDS),
    adminPort: integerOption(values, "admin-port", 1024, 65535 - HOUSEHOLDS.length),
    // A smoke run on its own throw-away directory never touches the developer's data.
    fresh: Boolean(values.fresh) || (smoke && !dataDirGiven),
    dataDir: path.resolve(ROOT, values["data-dir"] ?? (smoke ? SMOKE_DATA_DIR : DEFAULT_DATA_DIR)),
    removeDataDirAtExit: smoke && !dataDirGiven,
    build: !values["no-build"],
    smoke,
  };
}

function describeArgError(error) {
  // Node's messages quote the option: "Option '-h, --help' does not take an argument".
  const quoted = error.message.match(/'([^']+)'/)?.[1] ?? "";
  const option = quoted.split(/[ ,]+/).find((part) => part.startsWith("--")) ?? quoted.split(" ")[0];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument ${option}`;
  if (/does not take an argument/.test(error.message)) return `option ${option} takes no value`;
  if (/argument missing|ambiguous/.test(error.message)) return `option ${option} needs a value`;
  return error.message.split("\n")[0];
}

function integerOption(values, name, min, max) {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    fail(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return Number(raw);
}

// ---------------------------------------------------------------------------------------------
// Toolchain and build

function prepareToolsAndBuild(opts) {
  if (opts.build) {
    run("bash", [path.join(ROOT, "scripts/setup")]);
    const reason = buildReason();
    if (reason) {
      console.log(`start: building the hApp: ${reason}`);
      run("node", [path.join(ROOT, "scripts/build.mjs")]);
      if (!existsSync(HAPP)) fail(`the build finished without writing ${path.relative(ROOT, HAPP)}.`);
    } else {
      console.log("start: the hApp is up to date");
    }
  }
  requireTools(["holochain", "hc", "kitsune2-bootstrap-srv"]);
}

/** Why the hApp must be (re)built, or null when it is newer than everything it is built from. */
function buildReason() {
  const happ = path.relative(ROOT, HAPP);
  if (!existsSync(HAPP)) return `${happ} is missing`;
  const newest = newestFile(BUILD_INPUTS);
  if (newest && newest.mtimeMs > statSync(HAPP).mtimeMs) return `${newest.file} is newer than ${happ}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Data directory: lock, fresh start, network settings

/** Refuses to run twice on one data directory, or next to a conductor an earlier run left behind. */
function checkLock(dataDir) {
  const lockFile = path.join(dataDir, "start.lock");
  if (!existsSync(lockFile)) return;
  let lock;
  try {
    lock = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch {
    return; // unreadable: a run that died while writing it
  }
  const where = path.relative(ROOT, dataDir) || dataDir;
  if (processMatches(lock.pid, "start.mjs")) {
    fail(`another start (pid ${lock.pid}) is already running on ${where}: stop it first (Ctrl-C in its terminal, or kill ${lock.pid}).`);
  }
  const leftovers = (lock.children ?? []).filter(
    (pid) => processMatches(pid, dataDir) || processMatches(pid, "kitsune2-bootstrap-srv"),
  );
  if (leftovers.length > 0) {
    const pids = leftovers.join(" ");
    fail(`an earlier run on ${where} left process${leftovers.length > 1 ? "es" : ""} ${pids} running: stop ${leftovers.length > 1 ? "them" : "it"} with \`kill ${pids}\` and start again.`);
  }
}

/** Whether process `pid` is alive and its command line contains `text` (Linux /proc). */
function processMatches(pid, text) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").includes(text);
  } catch {
    return false;
  }
}

function writeLock(ctx) {
  const lock = { pid: process.pid, children: ctx.processes.map((p) => p.child.pid) };
  writeFileSync(path.join(ctx.dataDir, "start.lock"), `${JSON.stringify(lock)}\n`);
}

function removeFreshDataDir(dataDir) {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes("network.json") && !entries.includes("start.lock")) {
    fail(`${dataDir} does not look like a start data directory (no network.json), so --fresh will not delete it.`);
  }
  console.log(`start: --fresh: deleting ${path.relative(ROOT, dataDir) || dataDir}`);
  rmSync(dataDir, { recursive: true, force: true });
}

/** DNA properties from dna.yaml (all of them: an override replaces the whole map) with a cycle length. */
function dnaProperties(cycleSeconds) {
  const dna = YAML.parse(readFileSync(DNA_YAML, "utf8"));
  return { ...(dna.integrity?.properties ?? {}), cycle_seconds: cycleSeconds };
}

/**
 * The network every household of this data directory joins: created on first use, then kept, so
 * restarts and households added later stay on the same network.
 */
function loadNetwork(dataDir, opts) {
  const file = path.join(dataDir, "network.json");
  if (!existsSync(file)) {
    const network = {
      network_seed: `ioen-start-${randomUUID()}`,
      properties: dnaProperties(opts.cycleSeconds ?? 60),
      created_at: new Date().toISOString(),
    };
    writeFileSync(file, `${JSON.stringify(network, null, 2)}\n`);
    return network;
  }
  const network = JSON.parse(readFileSync(file, "utf8"));
  const stored = network.properties.cycle_seconds;
  if (opts.cycleSeconds !== undefined && opts.cycleSeconds !== stored) {
    fail(`this network was created with --cycle-seconds ${stored}; add --fresh to start a new network with ${opts.cycleSeconds}.`);
  }
  if (!isDeepStrictEqual(dnaProperties(stored), network.properties)) {
    console.log("start: note: dna.yaml's properties changed since this network was created; it keeps the old ones (add --fresh to use the new ones).");
  }
  return network;
}

/** The hApp file households install: the copy this data directory was first installed from. */
function installedHapp(dataDir) {
  const copy = path.join(dataDir, "installed.happ");
  if (!existsSync(copy)) {
    if (!existsSync(HAPP)) {
      fail(`${path.relative(ROOT, HAPP)} is missing: run \`npm run build\` (or start without --no-build).`);
    }
    copyFileSync(HAPP, copy);
  } else if (existsSync(HAPP) && !readFileSync(HAPP).equals(readFileSync(copy))) {
    console.log(`start: note: ${path.relative(ROOT, HAPP)} was rebuilt since these households were installed; they keep running their build (add --fresh to install the new one).`);
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Spawns a long-running tool, logging its output to `logFile`, and registers it for stopping. */
function spawnLogged(ctx, name, cmd, args, logFile, { stdin } = {}) {
  const log = createWriteStream(logFile, { flags: "w" });
  const child = spawn(cmd, args, {
    cwd: ctx.dataDir,
    env: toolEnv(),
    // Own process group: a Ctrl-C reaches only this script, which then stops the children in order.
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const entry = { name, child, logFile, tail: "" };
  const keep = (chunk) => {
    log.write(chunk);
    entry.tail = (entry.tail + chunk.toString()).slice(-16_384);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.stdin.on("error", () => {}); // it may exit before reading its passphrase
  child.stdin.end(stdin ?? "");
  entry.closed = new Promise((resolve) => child.once("close", resolve));
  ctx.processes.push(entry);
  child.once("error", () => {}); // a failed spawn also ends in "close"
  entry.closed.then(() => {
    log.end();
    if (ctx.ready && !ctx.stopping) abort(ctx, exitMessage(entry));
  });
  writeLock(ctx);
  return entry;
}

/** "the conductor of X stopped (exit code 1): <its last error line>; see <log>." */
function exitMessage(entry) {
  const { exitCode, signalCode } = entry.child;
  return `${entry.name} stopped unexpectedly (${signalCode ?? `exit code ${exitCode}`})${outputHint(entry.tail)}; see ${rel(entry.logFile)}.`;
}

/** Turns a process that never got ready into one sentence naming its last error and its log. */
async function startFailure(entry, error) {
  if (!isRunning(entry.child)) await entry.closed; // all of its output is in `tail` now
  throw new UserError(`${error.message}${outputHint(entry.tail)}; see ${rel(entry.logFile)}.`);
}

/** Starts the local bootstrap + signal server; resolves with its URLs. */
async function startBootstrap(ctx) {
  const logFile = path.join(ctx.logDir, "bootstrap.log");
  const entry = spawnLogged(ctx, "the bootstrap server", "kitsune2-bootstrap-srv", [], logFile);
  const match = await waitForOutput(entry.child, /#kitsune2_bootstrap_srv#listening#([^#]+)#/, {
    timeoutMs: 30_000,
    what: "kitsune2-bootstrap-srv",
  }).catch((error) => startFailure(entry, error));
  const addr = match[1];
  return { bootstrapUrl: `http://${addr}`, signalUrl: `ws://${addr}` };
}

// ---------------------------------------------------------------------------------------------
// Conductors

/** Creates the household's sandbox on first use (an empty conductor, like Tryorama does). */
async function ensureSandbox(ctx, household, urls) {
  const dir = path.join(ctx.dataDir, household.slug);
  const config = path.join(dir, "conductor-config.yaml");
  if (existsSync(config)) return { dir, config, created: false };
  rmSync(dir, { recursive: true, force: true }); // a sandbox whose creation was interrupted
  const args = ["sandbox", "--piped", "create", "--in-process-lair", "--root", ctx.dataDir, "-d", household.slug,
    "network", "--bootstrap", urls.bootstrapUrl, "webrtc", urls.signalUrl];
  const { code, output } = await runCollect("hc", args, { cwd: ctx.dataDir, stdin: LAIR_PASSPHRASE });
  if (code !== 0 || !existsSync(config)) {
    const last = output.trim().split("\n").pop();
    throw new UserError(`hc sandbox create failed for "${household.name}" (exit code ${code}): ${last}`);
  }
  return { dir, config, created: true };
}

/**
 * Points the conductor at this run's bootstrap/signal server (its port changes at every start)
 * and sets what Tryorama sets for a fast local network: quick gossip rounds, plain-text
 * signalling on ws://, no in-memory bootstrap.
 */
function configureConductor(configFile, urls, adminPort) {
  const config = YAML.parse(readFileSync(configFile, "utf8"));
  delete config.network.mem_bootstrap;
  config.network.bootstrap_url = urls.bootstrapUrl;
  config.network.signal_url = urls.signalUrl;
  config.network.advanced = {
    k2Gossip: { initiateIntervalMs: 3_000, minInitiateIntervalMs: 3_000, initiateJitterMs: 1_000, roundTimeoutMs: 5_000 },
    tx5Transport: { signalAllowPlainText: true, timeoutS: 15 },
  };
  config.admin_interfaces[0].driver.port = adminPort ?? 0;
  writeFileSync(configFile, YAML.stringify(config));
}

/** Runs one household's conductor and makes sure its app is installed, enabled and reachable. */
async function startHousehold(ctx, household, index) {
  const sandbox = await ensureSandbox(ctx, household, ctx.urls);
  const adminPort = ctx.opts.adminPort === undefined ? undefined : ctx.opts.adminPort + index;
  configureConductor(sandbox.config, ctx.urls, adminPort);

  const logFile = path.join(ctx.logDir, `${household.slug}.log`);
  const name = `the conductor of "${household.name}"`;
  const entry = spawnLogged(ctx, name, "holochain", ["--piped", "-c", sandbox.config], logFile, {
    stdin: LAIR_PASSPHRASE,
  });
  const match = await waitForOutput(entry.child, /###ADMIN_PORT:(\d+)###/, { timeoutMs: CONDUCTOR_READY_MS, what: name })
    .catch((error) => startFailure(entry, error));
  const runtime = { household, index, child: entry.child, logFile, dir: sandbox.dir, adminPort: Number(match[1]) };

  const { AdminWebsocket } = await holochainClient();
  runtime.admin = await AdminWebsocket.connect({
    url: new URL(`ws://localhost:${runtime.adminPort}`),
    wsClientOptions: { origin: ORIGIN },
    defaultTimeout: ADMIN_CALL_TIMEOUT_MS,
  });
  ctx.sockets.push(runtime.admin);

  let app = (await runtime.admin.listApps({})).find((a) => a.installed_app_id === APP_ID);
  runtime.installed = !app;
  if (!app) app = await installApp(ctx, runtime.admin);
  if (app.status.type !== "enabled") await runtime.admin.enableApp({ installed_app_id: APP_ID });
  runtime.agentKey = app.agent_pub_key;
  runtime.cellId = provisionedCellId(app);
  runtime.appPort = await appInterfacePort(runtime.admin);
  const { token } = await runtime.admin.issueAppAuthenticationToken({
    installed_app_id: APP_ID,
    expiry_seconds: 0,
    single_use: false,
  });
  runtime.token = token;
  return runtime;
}

function installApp(ctx, admin) {
  return admin.installApp({
    source: { type: "path", value: ctx.happ },
    installed_app_id: APP_ID,
    network_seed: ctx.network.network_seed,
    roles_settings: {
      [ROLE_NAME]: { type: "provisioned", value: { modifiers: { properties: ctx.network.properties } } },
    },
  });
}

function provisionedCellId(app) {
  const cell = app.cell_info[ROLE_NAME]?.find((c) => c.type === "provisioned");
  if (!cell) throw new UserError(`the installed app has no provisioned cell for the role ${ROLE_NAME}; add --fresh to reinstall.`);
  return cell.value.cell_id;
}

/** The app interface kept from an earlier run (Holochain restores it on a new free port) or a new one. */
async function appInterfacePort(admin) {
  const existing = (await admin.listAppInterfaces()).find(
    (i) => i.allowed_origins === "*" && (i.installed_app_id ?? APP_ID) === APP_ID,
  );
  if (existing) return existing.port;
  const { port } = await admin.attachAppInterface({ allowed_origins: "*", installed_app_id: APP_ID });
  return port;
}

// ---------------------------------------------------------------------------------------------
// Output

function printTable(ctx, runtimes) {
  const rows = runtimes.map((r) => [
    r.household.name,
    r.household.role,
    r.household.postcode,
    String(r.adminPort),
    String(r.appPort),
    Buffer.from(r.token).toString("hex"),
  ]);
  const header = ["household", "role", "postcode", "admin port", "app port", "app token (hex)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const dnaHash = ctx.encodeHashToBase64(runtimes[0].cellId[0]);
  const first = runtimes[0];
  console.log("");
  console.log(`IOEN micro-ledger: ${runtimes.length} household${runtimes.length > 1 ? "s" : ""} on a local network ` +
    `(cycle ${ctx.network.properties.cycle_seconds} s, DNA ${dnaHash}, bootstrap ${ctx.urls.bootstrapUrl})`);
  console.log("");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log("");
  console.log("This script registers nobody: households register themselves (through the UI, later).");
  console.log("The web UI is not built yet (it comes in a later issue). Meanwhile, call zomes with hc, e.g.:");
  console.log(`  hc sandbox zome-call-auth --piped -r ${first.adminPort} ${APP_ID} <<< ${LAIR_PASSPHRASE}`);
  console.log(`  hc sandbox zome-call --piped -r ${first.adminPort} ${APP_ID} ${dnaHash} profiles get_my_profile null <<< ${LAIR_PASSPHRASE}`);
  console.log(`or from Node with @holochain/client: AppWebsocket.connect({ url: new URL("ws://localhost:<app port>"),`);
  console.log(`  token: [...Buffer.from("<app token>", "hex")], wsClientOptions: { origin: "${ORIGIN}" } }) after`);
  console.log(`  adminWs.authorizeSigningCredentials(cellId) on the admin port (details in ${rel(ctx.householdsFile)}).`);
  const keep = ctx.opts.removeDataDirAtExit ? "removed when the smoke check passes" : "kept between runs; --fresh starts over";
  console.log(`Data: ${rel(ctx.dataDir)} (${keep}). Logs: ${rel(ctx.logDir)}/.`);
}

/** Everything a client needs to reach each household, for tools and the UI; removed on stop. */
function writeHouseholdsFile(ctx, runtimes) {
  const encode = ctx.encodeHashToBase64;
  const data = {
    app_id: APP_ID,
    role_name: ROLE_NAME,
    origin: ORIGIN,
    bootstrap_url: ctx.urls.bootstrapUrl,
    signal_url: ctx.urls.signalUrl,
    network_seed: ctx.network.network_seed,
    properties: ctx.network.properties,
    households: runtimes.map((r) => ({
      name: r.household.name,
      role: r.household.role,
      postcode: r.household.postcode,
      methods: r.household.methods,
      admin_port: r.adminPort,
      app_port: r.appPort,
      app_token_hex: Buffer.from(r.token).toString("hex"),
      app_token: Array.from(r.token),
      agent_pub_key: encode(r.agentKey),
      cell_id: [encode(r.cellId[0]), encode(r.cellId[1])],
      sandbox: r.dir,
      log: r.logFile,
    })),
  };
  writeFileSync(ctx.householdsFile, `${JSON.stringify(data, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Smoke check

/**
 * Each household answers a signed zome call made with its app token, all run the same DNA, and
 * each conductor has found the others through the bootstrap server.
 */
async function smoke(ctx, runtimes) {
  const { AppWebsocket } = await holochainClient();
  // In parallel: each conductor compiles its coordinator zomes on its first call (seconds each).
  await Promise.all(runtimes.map(async (r) => {
    const callStarted = Date.now();
    const appWs = await AppWebsocket.connect({
      url: new URL(`ws://localhost:${r.appPort}`),
      token: r.token,
      wsClientOptions: { origin: ORIGIN },
    });
    ctx.sockets.push(appWs);
    await r.admin.authorizeSigningCredentials(r.cellId);
    const profile = await appWs.callZome({
      role_name: ROLE_NAME,
      zome_name: "profiles",
      fn_name: "get_my_profile",
      payload: null,
    });
    if (profile !== null) {
      throw new UserError(`smoke: "${r.household.name}" already has a profile, expected none (use a fresh data directory).`);
    }
    console.log(`smoke: ${r.household.name}: profiles.get_my_profile -> null (${seconds(callStarted)} s)`);
  }));
  const dnaHashes = new Set(runtimes.map((r) => ctx.encodeHashToBase64(r.cellId[0])));
  if (dnaHashes.size !== 1) throw new UserError(`smoke: the households run ${dnaHashes.size} different DNAs, expected one network.`);
  const started = Date.now();
  const counts = await pollUntil(async () => {
    const seen = await Promise.all(runtimes.map((r) => knownAgents(r)));
    return seen.every((n) => n >= runtimes.length) && seen;
  }, { timeoutMs: 60_000, intervalMs: 500 });
  if (!counts) {
    throw new UserError(`smoke: the households did not all find each other through the bootstrap server within 60 s; see the logs in ${rel(ctx.logDir)}.`);
  }
  console.log(`smoke: every household knows all ${runtimes.length} agents of the network (after ${seconds(started)} s)`);
  console.log("smoke: ok");
}

/** How many agents of its network a household's conductor knows (itself included). */
async function knownAgents(runtime) {
  const infos = await runtime.admin.agentInfo({ dna_hashes: [runtime.cellId[0]] });
  const agents = infos.map((info) => {
    try {
      return JSON.parse(JSON.parse(info).agentInfo).agent;
    } catch {
      return info;
    }
  });
  return new Set(agents).size;
}

// ---------------------------------------------------------------------------------------------
// Stopping

/** Closes the sockets and stops every process this run started (conductors first), once. */
function stopAll(ctx) {
  ctx.stopping ??= (async () => {
    await Promise.all(ctx.sockets.map(closeSocket));
    const conductors = ctx.processes.filter((p) => p.name !== "the bootstrap server");
    await Promise.all(conductors.map((p) => stopProcess(p.child)));
    await Promise.all(ctx.processes.map((p) => stopProcess(p.child)));
    rmSync(ctx.householdsFile, { force: true });
    rmSync(path.join(ctx.dataDir, "start.lock"), { force: true });
    // A failed smoke run keeps its logs for a look; the next smoke run starts fresh anyway.
    if (ctx.opts.removeDataDirAtExit && ctx.smokePassed) rmSync(ctx.dataDir, { recursive: true, force: true });
  })();
  return ctx.stopping;
}

/** Closes a client's websocket; the client's own close() never settles once the peer is gone. */
function closeSocket(ws) {
  const socket = ws.client.socket;
  if (!socket || socket.readyState === socket.CLOSED) return Promise.resolve();
  const timeout = new Promise((resolve) => setTimeout(resolve, 2_000).unref());
  return Promise.race([ws.client.close().catch(() => {}), timeout]);
}

/** Prints one sentence, stops everything, exits 1. */
function abort(ctx, message) {
  if (ctx.stopping) return;
  console.error(`error: ${message}`);
  stopAll(ctx).finally(() => process.exit(1));
}

function handleSignals(ctx) {
  const onSignal = (signal) => {
    if (ctx.stopping) {
      console.log(`start: ${signal} again: killing the processes`);
      for (const p of ctx.processes) if (isRunning(p.child)) p.child.kill("SIGKILL");
      process.exit(130);
    }
    console.log(`\nstart: ${signal}: stopping ${ctx.processes.length} processes...`);
    const stopping = Date.now();
    stopAll(ctx).then(() => {
      console.log(`start: stopped in ${seconds(stopping)} s`);
      process.exit(0);
    });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, onSignal);
  // Last resort if the script dies some other way: no child outlives it.
  process.on("exit", () => {
    for (const p of ctx.processes) if (isRunning(p.child)) p.child.kill("SIGTERM");
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

let clientModule;
async function holochainClient() {
  clientModule ??= await import("@holochain/client").catch(() => {
    throw new UserError("@holochain/client is not installed: run `npm install` at the repository root first.");
  });
  return clientModule;
}

/** Runs a short command and collects its output. */
function runCollect(cmd, args, { cwd, stdin }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: toolEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (error) => resolve({ code: -1, output: error.message }));
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(stdin ?? "");
  });
}

/** The gist of a process's last output, to name the cause of a failure (e.g. a port in use). */
function outputHint(output) {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  if (/address (already )?in use/i.test(plain)) return " because a port it needs is already in use";
  const lines = plain.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("###"));
  const last = lines.filter((l) => /error|panick|could not|failed|unknown|invalid/i.test(l)).pop() ?? lines.pop();
  return last ? `: ${last.slice(0, 300)}` : "";
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function rel(p) {
  return path.relative(ROOT, p) || ".";
}

function firstLine(error) {
  const message = error?.message ?? String(error);
  return message.split("\n")[0];
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const started = Date.now();
  checkLock(opts.dataDir);
  if (opts.fresh) removeFreshDataDir(opts.dataDir);
  if (opts.adminPort !== undefined) {
    for (let i = 0; i < opts.households; i++) {
      if (!(await portIsFree(opts.adminPort + i))) {
        fail(`port ${opts.adminPort + i} is already in use (admin port of "${HOUSEHOLDS[i].name}"): pick another --admin-port or stop what uses it.`);
      }
    }
  }
  prepareToolsAndBuild(opts);
  const { encodeHashToBase64 } = await holochainClient().catch((error) => fail(error.message));

  const ctx = {
    opts,
    dataDir: opts.dataDir,
    logDir: path.join(opts.dataDir, "logs"),
    householdsFile: path.join(opts.dataDir, "households.json"),
    processes: [],
    sockets: [],
    stopping: null,
    ready: false,
    encodeHashToBase64,
  };
  mkdirSync(ctx.logDir, { recursive: true });
  writeLock(ctx);
  ctx.network = loadNetwork(ctx.dataDir, opts);
  ctx.happ = installedHapp(ctx.dataDir);
  handleSignals(ctx);

  try {
    ctx.urls = await startBootstrap(ctx);
    console.log(`start: bootstrap and signal server at ${ctx.urls.bootstrapUrl}`);
    const households = HOUSEHOLDS.slice(0, opts.households);
    const runtimes = await Promise.all(households.map((h, i) => startHousehold(ctx, h, i)));
    for (const r of runtimes) {
      console.log(`start: ${r.household.name}: ${r.installed ? "installed the hApp" : "reusing its installed hApp"}`);
    }
    ctx.ready = true;
    writeHouseholdsFile(ctx, runtimes);
    printTable(ctx, runtimes);
    const next = opts.smoke ? "Running the smoke check." : "Press Ctrl-C to stop.";
    console.log(`\nstart: ready in ${seconds(started)} s. ${next}`);
    if (opts.smoke) {
      await smoke(ctx, runtimes);
      ctx.smokePassed = true;
      const stopping = Date.now();
      await stopAll(ctx);
      console.log(`smoke: stopped everything in ${seconds(stopping)} s`);
      process.exit(0);
    }
  } catch (error) {
    if (ctx.stopping) return; // Ctrl-C during startup: the signal handler finishes the job
    // A conductor that crashed mid-setup explains a failed admin call better than the call does.
    const dead = ctx.processes.find((p) => !isRunning(p.child));
    if (dead && !(error instanceof UserError)) await dead.closed;
    const message = error instanceof UserError ? error.message : dead ? exitMessage(dead) : `startup failed: ${firstLine(error)}`;
    abort(ctx, message);
  }
}

// Run when executed; importing the module (e.g. for HOUSEHOLDS) starts nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`error: ${error instanceof UserError ? error.message : firstLine(error)}`);
    process.exit(1);
  });
}
