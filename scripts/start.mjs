// `npm start`: runs an IOEN micro-ledger market for development and demos.
//
// One `kitsune2-bootstrap-srv` (bootstrap + WebRTC signalling on 127.0.0.1), or an existing
// network's server given with --bootstrap, and one Holochain conductor per household, each its
// own `hc sandbox` under .local/start/<household>. Every household installs the hApp on one
// network (same network seed, same DNA properties), gets an app interface and a reusable app
// token, and registers its Profile (unless --no-register), so the market is usable at once. Each
// household's web UI (ui/dist) is served on 127.0.0.1 with a /connection.json that hands the page
// its app port, token and signing key. Data persists between runs; `--fresh` starts over. Ctrl-C
// stops everything this script started.
//
// Layout of the data directory (.local/start by default):
//   network.json      network seed and DNA properties every household installs with
//   steward.pem       the private key of the network's steward (rule I14), which invites every
//                     household this script installs; `npm run invite` signs invitations with it
//   installed.happ    the hApp build the households run (copied on first install, so households
//                     added later join the same network even after a rebuild)
//   start.lock        pid of the running start script and of its child processes
//   households.json   ports, tokens and keys while running (removed on stop)
//   logs/             bootstrap.log and one <household>.log per conductor
//   <household>/      the conductor's sandbox (conductor-config.yaml, keystore, databases)
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import YAML from "yaml";
import { createSteward, loadSteward, signInvitation } from "./lib/invitation.mjs";
import {
  ROOT,
  WASM_CACHE,
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
/** The Ausgrid postcodes (data/ausgrid/README.md): where households live and which areas touch. */
const POSTCODES_CSV = path.join(ROOT, "data/ausgrid/postcodes.csv");
/** What the hApp is built from: a newer file here means `npm run build` must run again. */
/** Network settings for conductors that share one machine (docs/decisions.md 41). */
const NETWORK_TUNING = JSON.parse(readFileSync(path.join(ROOT, "scripts/lib/network-tuning.json"), "utf8"));
/** Conductor tuning: a write whose publish reached no neighbour goes out again within a minute (decision 51). */
const CONDUCTOR_TUNING = JSON.parse(readFileSync(path.join(ROOT, "scripts/lib/conductor-tuning.json"), "utf8"));
const BUILD_INPUTS = ["zomes", "crates", "dnas", "happ.yaml", "Cargo.toml"];
/** The built web UI every household's server serves, and the page it starts from. */
const UI_DIST = path.join(ROOT, "ui/dist");
const UI_INDEX = path.join(UI_DIST, "index.html");
/** What the web UI is built from: a newer file here means ui/dist is stale. */
const UI_BUILD_INPUTS = ["ui/src", "ui/public", "ui/index.html", "ui/package.json", "ui/vite.config.ts"];
/** Content types of what a Vite build writes; anything else is served as bytes. */
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};
/** Origin this script's websockets send; the admin interfaces allow any, app interfaces "*". */
const ORIGIN = "ioen-start";
/** Passphrase of each sandbox's in-process lair keystore. A local dev sandbox, not a secret. */
const LAIR_PASSPHRASE = "ioen-start";
const DEFAULT_DATA_DIR = ".local/start";
const DEFAULT_UI_PORT = 8881;
/** How long the invitation a household installs with stays valid: it is used at once. */
const INVITATION_VALID_MS = 3_600_000;
const SMOKE_DATA_DIR = ".local/smoke";
const CONDUCTOR_READY_MS = 120_000;
const ADMIN_CALL_TIMEOUT_MS = 180_000; // installing compiles the wasm; slow on 2 cores
const APP_CALL_TIMEOUT_MS = 120_000; // a conductor's first zome call compiles the coordinators
const BOOTSTRAP_CHECK_MS = 10_000;
const SMOKE_DISCOVERY_MS = 240_000; // a failed first connection heals within about a minute (decision 41)
// Demo defaults (docs/decisions.md, "npm start defaults"): a cycle a minute and a billing
// period of ten, so bidding, delivery and billing can all be watched within a few minutes.
const DEFAULT_HOUSEHOLDS = 4;
const SMOKE_HOUSEHOLDS = 2;
const DEFAULT_CYCLE_SECONDS = 60;
const DEFAULT_BILLING_CYCLES = 10;
const MAX_CYCLE_SECONDS = 604_800; // ioen_core::cycles::MAX_CYCLE_SECONDS (one week)
const MAX_BILLING_CYCLES = 10_000; // ioen_core::cycles::MAX_CYCLES_PER_BILLING_PERIOD
const NETWORK_SEED_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The demo households, in start order. The first four are the default market: two producers and
 * two consumers in the neighbouring postcodes 2008 (Chippendale) and 2010 (Surry Hills), so each
 * consumer can buy from both producers. Then a producer and a consumer per further postcode,
 * each neighbouring an earlier one: 2037 Glebe, 2021 Paddington, 2039 Rozelle / 2041 Balmain,
 * 2025 Woollahra. All are postcodes of the Ausgrid dataset (data/ausgrid/postcodes.csv), whose
 * areas decide which postcodes are neighbours (`localAreas`). `methods`: what a producer
 * generates with, or what a consumer accepts.
 *
 * Twelve at most, for 2 cores and 24 GiB (measured with 12 on such a machine): each conductor
 * holds about 0.55 GiB, so 12 take under 7 GiB; idle, they gossip every few seconds and together
 * use about 40% of one core, which leaves room to trade; but starting them from scratch compiles
 * the wasm in every conductor at once and takes two to three minutes. More would mostly measure
 * the machine (the local bootstrap server, in testing mode, also keeps only 32 agents per
 * network). Larger markets span machines (--bootstrap, --first-household).
 */
export const HOUSEHOLDS = [
  { name: "Solar house", role: "producer", postcode: "2008", methods: ["solar"] },
  { name: "Corner cafe", role: "consumer", postcode: "2010", methods: ["solar", "battery"] },
  { name: "Battery terrace", role: "producer", postcode: "2010", methods: ["solar", "battery"] },
  { name: "Flat 2", role: "consumer", postcode: "2008", methods: ["solar", "wind", "battery"] },
  { name: "Glebe rooftops", role: "producer", postcode: "2037", methods: ["solar"] },
  { name: "Share house", role: "consumer", postcode: "2037", methods: ["solar", "battery", "grid"] },
  { name: "Paddington terrace", role: "producer", postcode: "2021", methods: ["solar", "battery"] },
  { name: "Studio 5", role: "consumer", postcode: "2021", methods: ["solar", "wind"] },
  { name: "Warehouse roof", role: "producer", postcode: "2039", methods: ["solar"] },
  { name: "Balmain cottage", role: "consumer", postcode: "2041", methods: ["solar", "battery"] },
  { name: "Woollahra battery", role: "producer", postcode: "2025", methods: ["battery"] },
  { name: "Mews flat", role: "consumer", postcode: "2025", methods: ["solar", "battery", "grid"] },
].map((h) => ({ ...h, slug: h.name.toLowerCase().replace(/[^a-z0-9]+/g, "-") }));

const USAGE = `Usage: npm start -- [options]     (or: bash scripts/start [options])

Runs an IOEN micro-ledger market: a bootstrap/signal server and one Holochain conductor per
household, with the hApp installed and each household registered, and serves each household's
web UI on http://127.0.0.1, until Ctrl-C. Data persists in ${DEFAULT_DATA_DIR}.

Options:
  --households N       how many households to run, 1 to ${HOUSEHOLDS.length} (default ${DEFAULT_HOUSEHOLDS}: 2 producers,
                       2 consumers)
  --first-household K  start from the K-th household of the table (default 1), so machines
                       that join one network run different households
  --cycle-seconds N    length of a supply cycle in seconds, 1 to ${MAX_CYCLE_SECONDS} (default ${DEFAULT_CYCLE_SECONDS})
  --billing-cycles N   cycles per billing period, 1 to ${MAX_BILLING_CYCLES} (default ${DEFAULT_BILLING_CYCLES})
  --network-seed S     the network seed: households with the same seed and settings share one
                       market (default: a new random seed for a new data directory)
  --bootstrap URL      join the network of this bootstrap server (http:// or https://) instead of
                       starting a local one; needs --network-seed for a new data directory
  --signal URL         the WebRTC signal server (ws:// or wss://), only with --bootstrap
                       (default: the bootstrap server itself, as kitsune2-bootstrap-srv serves both)
  --admin-port N       admin port of the first household, the next ones get N+1, N+2...
                       (default: free ports chosen at each start)
  --ui-port N          port of the first household's web UI on 127.0.0.1, the next ones get
                       N+1, N+2... (default ${DEFAULT_UI_PORT}; the smoke run picks free ports)
  --no-register        start the households without a profile, so a person registers each one
                       in its web UI (a profile registered earlier is kept)
  --fresh              delete the data directory first: new agents, new network
  --data-dir DIR       where the sandboxes live, e.g. to run a second market next to the first;
                       a relative path starts at the repository root (default ${DEFAULT_DATA_DIR})
  --steward FILE       a new network's steward key (another data directory's steward.pem), so
                       that machines joining one market name the same steward (default: a new key)
  --no-build           skip scripts/setup and the build; use the tools, hApp and ui/dist as they are
  --smoke              start ${SMOKE_HOUSEHOLDS} households (unless --households), check that they registered,
                       find each other and serve their UI, stop and exit 0 (uses a fresh
                       ${SMOKE_DATA_DIR}, removed when the check passes, unless --data-dir is given;
                       not with --no-register)
  -h, --help           show this help

The seed, cycle length and billing period are fixed when a data directory's network is created;
a later start that asks for others fails unless --fresh is given.`;

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
        "first-household": { type: "string" },
        "cycle-seconds": { type: "string" },
        "billing-cycles": { type: "string" },
        "network-seed": { type: "string" },
        bootstrap: { type: "string" },
        signal: { type: "string" },
        "admin-port": { type: "string" },
        "ui-port": { type: "string" },
        "no-register": { type: "boolean" },
        fresh: { type: "boolean" },
        "data-dir": { type: "string" },
        steward: { type: "string" },
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
  const register = !values["no-register"];
  if (smoke && !register) {
    fail("--smoke checks that every household registered, so it cannot run with --no-register.");
  }
  const dataDirGiven = values["data-dir"] !== undefined;
  const first = integerOption(values, "first-household", 1, HOUSEHOLDS.length) ?? 1;
  const available = HOUSEHOLDS.length - first + 1;
  const households = integerOption(values, "households", 1, HOUSEHOLDS.length)
    ?? Math.min(smoke ? SMOKE_HOUSEHOLDS : DEFAULT_HOUSEHOLDS, available);
  if (households > available) {
    fail(`--first-household ${first} with --households ${households} reaches household ${first + households - 1}, but the table has ${HOUSEHOLDS.length}.`);
  }
  const networkSeed = values["network-seed"];
  if (networkSeed !== undefined && !NETWORK_SEED_PATTERN.test(networkSeed)) {
    fail(`--network-seed must be 1 to 100 letters, digits, dots, dashes or underscores, not "${networkSeed}".`);
  }
  const urls = networkUrls(values.bootstrap, values.signal);
  return {
    households,
    first,
    cycleSeconds: integerOption(values, "cycle-seconds", 1, MAX_CYCLE_SECONDS),
    billingCycles: integerOption(values, "billing-cycles", 1, MAX_BILLING_CYCLES),
    networkSeed,
    urls,
    adminPort: integerOption(values, "admin-port", 1024, 65535 - HOUSEHOLDS.length),
    // null: free ports, so a smoke run never collides with a market a developer keeps running.
    uiPort: integerOption(values, "ui-port", 1024, 65535 - HOUSEHOLDS.length) ?? (smoke ? null : DEFAULT_UI_PORT),
    register,
    // A smoke run on its own throw-away directory never touches the developer's data.
    fresh: Boolean(values.fresh) || (smoke && !dataDirGiven),
    dataDir: path.resolve(ROOT, values["data-dir"] ?? (smoke ? SMOKE_DATA_DIR : DEFAULT_DATA_DIR)),
    steward: values.steward === undefined ? undefined : path.resolve(values.steward),
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

/**
 * The bootstrap and signal URLs of an existing network (--bootstrap, --signal), or null to start
 * a local server. kitsune2-bootstrap-srv serves signalling (sbd) on the bootstrap port, so the
 * signal URL defaults to the bootstrap URL with ws:// for http:// and wss:// for https://.
 */
function networkUrls(bootstrap, signal) {
  if (bootstrap === undefined) {
    if (signal !== undefined) fail("--signal needs --bootstrap: without it this script runs its own bootstrap and signal server.");
    return null;
  }
  const bootstrapUrl = parseUrl(bootstrap, ["http:", "https:"], "--bootstrap must be an http:// or https:// URL of a bootstrap server");
  let signalUrl;
  if (signal === undefined) {
    const ws = new URL(bootstrapUrl);
    ws.protocol = ws.protocol === "https:" ? "wss:" : "ws:";
    signalUrl = stripSlash(ws.href);
  } else {
    signalUrl = parseUrl(signal, ["ws:", "wss:"], "--signal must be a ws:// or wss:// URL of a signal server");
  }
  return { bootstrapUrl, signalUrl, joined: true };
}

function parseUrl(raw, protocols, problem) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`${problem}, not "${raw}".`);
  }
  if (!protocols.includes(url.protocol) || url.search || url.hash) fail(`${problem}, not "${raw}".`);
  return stripSlash(url.href);
}

function stripSlash(href) {
  return href.replace(/\/+$/, "");
}

// ---------------------------------------------------------------------------------------------
// Toolchain and build

function prepareToolsAndBuild(opts) {
  if (opts.build) {
    const setupStarted = Date.now();
    console.log("start: checking the toolchain (scripts/setup; the first run builds Holochain, about 30 minutes)...");
    run("bash", [path.join(ROOT, "scripts/setup")]);
    console.log(`start: toolchain ready (${seconds(setupStarted)} s)`);
    const reason = buildReason(HAPP, BUILD_INPUTS) ?? buildReason(UI_INDEX, UI_BUILD_INPUTS);
    if (reason) {
      const buildStarted = Date.now();
      console.log(`start: building the hApp and the web UI: ${reason}...`);
      run("node", [path.join(ROOT, "scripts/build.mjs")]);
      for (const output of [HAPP, UI_INDEX]) {
        if (!existsSync(output)) fail(`the build finished without writing ${rel(output)}.`);
      }
      console.log(`start: built the hApp and the web UI (${seconds(buildStarted)} s)`);
    } else {
      console.log("start: the hApp and the web UI are up to date");
    }
  } else if (!existsSync(UI_INDEX)) {
    fail(`${rel(UI_INDEX)} is missing: run \`npm run build\` (or start without --no-build) to build the web UI.`);
  }
  requireTools(["holochain", "hc", "kitsune2-bootstrap-srv"]);
}

/**
 * Why `output` must be (re)built, or null when it is newer than everything it is built from
 * (`inputs`, relative to the repository root). One build (scripts/build.mjs) makes the hApp and
 * the web UI, so either being stale rebuilds both.
 */
function buildReason(output, inputs) {
  if (!existsSync(output)) return `${rel(output)} is missing`;
  const newest = newestFile(inputs);
  if (newest && newest.mtimeMs > statSync(output).mtimeMs) return `${newest.file} is newer than ${rel(output)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Postcodes and neighbouring areas

/**
 * The Ausgrid postcodes with their centre and the approximate extent of their area, from
 * data/ausgrid/postcodes.csv: `{ postcode, lat, lng, heightKm, widthKm }`.
 */
export function readPostcodes(file = POSTCODES_CSV) {
  if (!existsSync(file)) {
    fail(`${rel(file)} is missing: it is part of the repository (restore it with \`git checkout -- data/ausgrid\`).`);
  }
  const lines = readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() && !l.startsWith("#"));
  const header = lines.shift().split(",");
  const column = (name) => {
    const i = header.indexOf(name);
    if (i < 0) fail(`${rel(file)} has no "${name}" column.`);
    return i;
  };
  const [pc, lat, lng, dlat, dlng] = ["postcode", "lat", "lng", "dlat_km", "dlng_km"].map(column);
  return lines.map((line) => {
    const cells = line.split(",");
    const row = {
      postcode: cells[pc].trim(),
      lat: Number(cells[lat]),
      lng: Number(cells[lng]),
      heightKm: Number(cells[dlat]),
      widthKm: Number(cells[dlng]),
    };
    if (!/^\d{4}$/.test(row.postcode) || ![row.lat, row.lng, row.heightKm, row.widthKm].every(Number.isFinite)) {
      fail(`${rel(file)} has a malformed line: "${line}".`);
    }
    return row;
  });
}

/**
 * The `local_areas` DNA property for every Ausgrid postcode: two postcodes are neighbours when
 * their areas, as the dataset approximates them (a box of dlat_km × dlng_km around the centre),
 * overlap or touch. Each pair is listed once, under the lower postcode (the relation is
 * symmetric, docs/decisions.md 8), in postcode order, so every machine computes the same map and
 * so the same DNA hash. The closest call in the data is 0.76 m from the threshold, far beyond
 * floating-point noise.
 */
export function localAreas(postcodes) {
  const KM_PER_DEGREE = 111.32;
  const sorted = [...postcodes].sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
  const areas = {};
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      const northSouthKm = Math.abs(a.lat - b.lat) * KM_PER_DEGREE;
      const eastWestKm = Math.abs(a.lng - b.lng) * KM_PER_DEGREE * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
      if (northSouthKm <= (a.heightKm + b.heightKm) / 2 && eastWestKm <= (a.widthKm + b.widthKm) / 2) {
        (areas[a.postcode] ??= []).push(b.postcode);
      }
    }
  }
  return areas;
}

/** Whether two postcodes may trade under `local_areas` (symmetric; a postcode is local to itself). */
function isLocal(areas, a, b) {
  return a === b || Boolean(areas[a]?.includes(b)) || Boolean(areas[b]?.includes(a));
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

/**
 * The DNA properties a new network gets: all of dna.yaml's (an override replaces the whole map)
 * with the cycle length, the billing period and the neighbouring Ausgrid postcodes.
 */
function dnaProperties(cycleSeconds, billingCycles) {
  const dna = YAML.parse(readFileSync(DNA_YAML, "utf8"));
  return {
    ...(dna.integrity?.properties ?? {}),
    cycle_seconds: cycleSeconds,
    cycles_per_billing_period: billingCycles,
    local_areas: localAreas(readPostcodes()),
  };
}

/**
 * The network every household of this data directory joins: created on first use, then kept, so
 * restarts and households added later stay on the same network. Other machines join it with the
 * same seed and settings (the DNA hash printed at the end must match).
 */
function loadNetwork(dataDir, opts) {
  const file = path.join(dataDir, "network.json");
  const stewardFile = path.join(dataDir, "steward.pem");
  if (!existsSync(file)) {
    const steward = opts.steward ? readSteward(opts.steward) : createSteward();
    writeFileSync(stewardFile, steward.privateKeyPem, { mode: 0o600 });
    const network = {
      network_seed: opts.networkSeed ?? `ioen-start-${randomUUID()}`,
      properties: {
        ...dnaProperties(opts.cycleSeconds ?? DEFAULT_CYCLE_SECONDS, opts.billingCycles ?? DEFAULT_BILLING_CYCLES),
        stewards: [steward.agentKeyB64],
      },
      created_at: new Date().toISOString(),
    };
    writeFileSync(file, `${JSON.stringify(network, null, 2)}\n`);
    return { network, steward };
  }
  const network = JSON.parse(readFileSync(file, "utf8"));
  const where = rel(dataDir);
  const kept = [
    ["--network-seed", opts.networkSeed, network.network_seed],
    ["--cycle-seconds", opts.cycleSeconds, network.properties.cycle_seconds],
    ["--billing-cycles", opts.billingCycles, network.properties.cycles_per_billing_period],
  ];
  for (const [flag, asked, stored] of kept) {
    if (asked !== undefined && asked !== stored) {
      fail(`the network in ${where} was created with ${flag} ${stored}; add --fresh (or pick another --data-dir) to start a network with ${asked}.`);
    }
  }
  if (!existsSync(stewardFile) || !(network.properties.stewards ?? []).length) {
    fail(`the network in ${where} has no steward (${rel(stewardFile)}) to invite households (rule I14); add --fresh to start a new one.`);
  }
  const steward = readSteward(stewardFile);
  if (opts.steward && readSteward(opts.steward).agentKeyB64 !== steward.agentKeyB64) {
    fail(`the network in ${where} was created with another steward; add --fresh (or pick another --data-dir) to start a network with ${rel(opts.steward)}.`);
  }
  const current = {
    ...dnaProperties(network.properties.cycle_seconds, network.properties.cycles_per_billing_period ?? 48),
    stewards: network.properties.stewards,
  };
  if (!isDeepStrictEqual(current, network.properties)) {
    console.log(`start: note: the DNA properties a new network gets (dna.yaml, neighbouring postcodes) changed since the network in ${where} was created; it keeps its own (add --fresh to use the new ones).`);
  }
  return { network, steward };
}

/** The steward whose private key is in `file`, or a clear failure. */
function readSteward(file) {
  try {
    return loadSteward(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${rel(file)} is not a steward key (an Ed25519 private key in PEM): ${firstLine(error)}`);
  }
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
function spawnLogged(ctx, name, cmd, args, logFile, { stdin, env = {} } = {}) {
  const log = createWriteStream(logFile, { flags: "w" });
  const child = spawn(cmd, args, {
    cwd: ctx.dataDir,
    env: toolEnv(env),
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
  // Its signal server limits each IP address to 1000 kbit/s by default; every household here
  // connects from 127.0.0.1, so that limit would throttle the whole market's relayed traffic.
  const entry = spawnLogged(ctx, "the bootstrap server", "kitsune2-bootstrap-srv", ["--sbd-disable-rate-limiting"], logFile);
  const match = await waitForOutput(entry.child, /#kitsune2_bootstrap_srv#listening#([^#]+)#/, {
    timeoutMs: 30_000,
    what: "kitsune2-bootstrap-srv",
  }).catch((error) => startFailure(entry, error));
  const addr = match[1];
  return { bootstrapUrl: `http://${addr}`, signalUrl: `ws://${addr}`, joined: false };
}

/** Fails with one sentence when nothing answers at an existing network's bootstrap server. */
async function checkBootstrapAnswers(urls) {
  try {
    // kitsune2-bootstrap-srv answers /health; any HTTP answer shows a server is there.
    await fetch(`${urls.bootstrapUrl}/health`, { signal: AbortSignal.timeout(BOOTSTRAP_CHECK_MS) });
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new UserError(`nothing answers at the bootstrap server ${urls.bootstrapUrl} (${cause}): check the URL and that the server runs.`);
  }
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
 * Points the conductor at this run's bootstrap/signal server (a local one's port changes at every
 * start; --bootstrap names another) and sets what Tryorama sets for a fast network: quick gossip
 * rounds, plain-text signalling allowed on ws://, no in-memory bootstrap. (Holochain 0.6.3
 * overwrites tx5's timeouts from `request_timeout_s`, so none is set here.)
 */
function configureConductor(configFile, urls, adminPort) {
  const config = YAML.parse(readFileSync(configFile, "utf8"));
  delete config.network.mem_bootstrap;
  config.network.bootstrap_url = urls.bootstrapUrl;
  config.network.signal_url = urls.signalUrl;
  config.network.advanced = {
    k2Gossip: { initiateIntervalMs: 3_000, minInitiateIntervalMs: 3_000, initiateJitterMs: 1_000, roundTimeoutMs: 5_000 },
    tx5Transport: { signalAllowPlainText: true },
  };
  // Decision 41: relay through the local signal server (households started here share this
  // machine; not when joining another's market), and find a neighbour that once failed to answer
  // again within about a minute instead of twenty.
  for (const [module, settings] of Object.entries(NETWORK_TUNING)) {
    config.network.advanced[module] = { ...config.network.advanced[module], ...settings };
  }
  if (urls.joined) delete config.network.advanced.tx5Transport.dangerForceSignalRelay;
  // `disable_self_validation` has no default in Holochain 0.6.3's tuning parameters.
  config.tuning_params = { ...config.tuning_params, ...CONDUCTOR_TUNING, disable_self_validation: false };
  config.admin_interfaces[0].driver.port = adminPort ?? 0;
  writeFileSync(configFile, YAML.stringify(config));
}

/**
 * Points the conductor's cache of compiled zomes (`<sandbox>/wasm-cache`, one file per zome's wasm
 * hash, written once and rebuilt when unreadable) at one directory that every household and the
 * scenarios share, so the zomes are compiled once per build instead of once per household.
 */
function shareWasmCache(sandboxDir) {
  const cache = path.join(sandboxDir, "wasm-cache");
  if (existsSync(cache) && lstatSync(cache).isSymbolicLink()) return;
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(WASM_CACHE, { recursive: true });
  symlinkSync(WASM_CACHE, cache);
}

/**
 * Runs one household's conductor and makes sure its app is installed, enabled, reachable and
 * registered (unless --no-register), then serves its web UI, saying what each slow step is doing.
 */
async function startHousehold(ctx, household, index) {
  const say = (message) => console.log(`start: ${household.name}: ${message}`);
  const sandbox = await ensureSandbox(ctx, household, ctx.urls);
  if (sandbox.created) say(`created its sandbox in ${rel(sandbox.dir)}`);
  const adminPort = ctx.opts.adminPort === undefined ? undefined : ctx.opts.adminPort + index;
  configureConductor(sandbox.config, ctx.urls, adminPort);
  shareWasmCache(sandbox.dir);

  say("starting its conductor...");
  let stepStarted = Date.now();
  const logFile = path.join(ctx.logDir, `${household.slug}.log`);
  const name = `the conductor of "${household.name}"`;
  const entry = spawnLogged(ctx, name, "holochain", ["--piped", "-c", sandbox.config], logFile, {
    stdin: LAIR_PASSPHRASE,
    // Warnings in the log (a few KB per run) explain a network problem; RUST_LOG overrides.
    env: { RUST_LOG: process.env.RUST_LOG ?? "warn" },
  });
  const match = await waitForOutput(entry.child, /###ADMIN_PORT:(\d+)###/, { timeoutMs: CONDUCTOR_READY_MS, what: name })
    .catch((error) => startFailure(entry, error));
  const runtime = { household, index, child: entry.child, logFile, dir: sandbox.dir, adminPort: Number(match[1]) };
  say(`conductor running, admin port ${runtime.adminPort} (${seconds(stepStarted)} s)`);

  const { AdminWebsocket } = await holochainClient();
  runtime.admin = await AdminWebsocket.connect({
    url: new URL(`ws://127.0.0.1:${runtime.adminPort}`),
    wsClientOptions: { origin: ORIGIN },
    defaultTimeout: ADMIN_CALL_TIMEOUT_MS,
  });
  ctx.sockets.push(runtime.admin);

  let app = (await runtime.admin.listApps({})).find((a) => a.installed_app_id === APP_ID);
  runtime.installed = !app;
  if (!app) {
    say("installing the hApp (compiles the wasm: up to a minute or two on 2 cores)...");
    stepStarted = Date.now();
    app = await installApp(ctx, runtime.admin);
    say(`installed the hApp (${seconds(stepStarted)} s)`);
  } else {
    say("reusing its installed hApp");
  }
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
  const compiles = runtime.installed ? " (the first calls compile the zomes)" : "";
  say(`connecting to its app interface on port ${runtime.appPort}${compiles}...`);
  stepStarted = Date.now();
  runtime.app = await connectApp(ctx, runtime);
  say(`connected, signing key authorized (${seconds(stepStarted)} s)`);
  if (ctx.opts.register) {
    await register(runtime, say);
  } else {
    await readProfile(runtime, say);
  }
  await serveHouseholdUi(ctx, runtime);
  say(`serving its web UI at ${runtime.uiAddress}`);
  return runtime;
}

/** Installs the hApp for a new agent key, with the steward's invitation as its membrane proof. */
async function installApp(ctx, admin) {
  const agentKey = await admin.generateAgentPubKey();
  const invitation = signInvitation(ctx.steward, {
    invitee: agentKey,
    creditLimit: ctx.network.properties.credit_limit,
    expiresAtMs: Date.now() + INVITATION_VALID_MS,
  });
  return admin.installApp({
    source: { type: "path", value: ctx.happ },
    installed_app_id: APP_ID,
    agent_key: agentKey,
    network_seed: ctx.network.network_seed,
    roles_settings: {
      [ROLE_NAME]: { type: "provisioned", value: { membrane_proof: invitation, modifiers: { properties: ctx.network.properties } } },
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

/** An app websocket with signing credentials, as a UI or a tool would connect with the token. */
async function connectApp(ctx, runtime) {
  const { AppWebsocket } = await holochainClient();
  const appWs = await AppWebsocket.connect({
    url: new URL(`ws://127.0.0.1:${runtime.appPort}`),
    token: runtime.token,
    wsClientOptions: { origin: ORIGIN },
    defaultTimeout: APP_CALL_TIMEOUT_MS,
  });
  ctx.sockets.push(appWs);
  await runtime.admin.authorizeSigningCredentials(runtime.cellId);
  return appWs;
}

/** The household's Profile as the table describes it: a producer produces, a consumer accepts. */
function profileInput(household) {
  return {
    name: household.name,
    postcode: household.postcode,
    producer_methods: household.role === "producer" ? household.methods : [],
    accepted_methods: household.role === "consumer" ? household.methods : [],
  };
}

/**
 * Registers the household's Profile unless its chain already has one (a restart, or a profile
 * changed since through the UI, which is kept as it is).
 */
async function register(runtime, say) {
  const { household } = runtime;
  const started = Date.now();
  const existing = await callZome(runtime, "profiles", "get_my_profile", null);
  if (existing) {
    runtime.profile = existing.profile;
    say(`already registered as "${existing.profile.name}" in ${existing.profile.postcode}`);
    return;
  }
  say(`registering its profile (${household.role} in ${household.postcode}, ${household.methods.join(", ")})...`);
  const mine = await callZome(runtime, "profiles", "create_profile", profileInput(household));
  runtime.profile = mine.profile;
  say(`registered (${seconds(started)} s)`);
}

/** With --no-register: notes the profile a household registered earlier, if any; registers none. */
async function readProfile(runtime, say) {
  const existing = await callZome(runtime, "profiles", "get_my_profile", null);
  runtime.profile = existing?.profile;
  if (existing) {
    say(`already registered as "${existing.profile.name}" in ${existing.profile.postcode}`);
  } else {
    say("not registered (--no-register): its profile is made in its web UI");
  }
}

/** A zome call on the household's cell; a refusal becomes one sentence naming the household. */
async function callZome(runtime, zome, fn, payload) {
  try {
    return await runtime.app.callZome({ role_name: ROLE_NAME, zome_name: zome, fn_name: fn, payload });
  } catch (error) {
    throw new UserError(`${zome}.${fn} failed for "${runtime.household.name}": ${zomeErrorSentence(error)}`);
  }
}

/** The sentence inside a zome error (a coordinator's Guest error or a validation's Invalid reason). */
function zomeErrorSentence(error) {
  const message = error?.message ?? String(error);
  const quoted = message.match(/(?:Guest|Invalid)\("((?:[^"\\]|\\.)*)"\)/);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]}"`);
    } catch {
      return quoted[1];
    }
  }
  return firstLine(error);
}

/**
 * Serves the household's web UI on 127.0.0.1 (docs/decisions.md, "How a browser reaches a
 * household"): the files of ui/dist, and /connection.json with what the page needs to act as this
 * household, since a browser gets no admin access: the app port, the reusable app token, and a
 * zome-call signing key pair made for the page and granted on the household's cell (the UI hands
 * it to `setSigningCredentials`). Only this machine can open the address, and the Host check
 * keeps other web sites out (DNS rebinding). Sets `runtime.uiPort` and `runtime.uiAddress`; the
 * server is registered in `ctx` so stopAll closes it.
 */
async function serveHouseholdUi(ctx, runtime) {
  const connection = JSON.stringify(await uiConnection(runtime), null, 2);
  const port = ctx.opts.uiPort === null ? 0 : ctx.opts.uiPort + runtime.index;
  const server = createServer((req, res) => {
    answerUiRequest(req, res, connection).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`error: ${firstLine(error)}\n`);
    });
  });
  ctx.servers.push(server);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", exclusive: true }, resolve);
  }).catch((error) => {
    const problem = error.code === "EADDRINUSE" ? "is already in use" : `cannot be opened (${error.code ?? firstLine(error)})`;
    throw new UserError(`port ${port} ${problem} (web UI of "${runtime.household.name}"): pick another --ui-port or stop what uses it.`);
  });
  server.on("error", (error) => console.error(`start: ${runtime.household.name}: web UI server: ${firstLine(error)}`));
  runtime.uiPort = server.address().port;
  runtime.uiAddress = `http://127.0.0.1:${runtime.uiPort}/`;
}

/**
 * What the household's page connects with: the app interface and token, and a signing key pair of
 * its own, granted for every function of the cell (as `authorizeSigningCredentials` does for this
 * script's own websocket). The pair is kept in the household's sandbox (`ui-signing.json`, readable
 * by this user only) and reused at every start, so restarts do not pile up grants on the chain;
 * `--fresh` deletes it with the chain that holds its grant.
 */
async function uiConnection(runtime) {
  return {
    app_port: runtime.appPort,
    installed_app_id: APP_ID,
    role_name: ROLE_NAME,
    token: Array.from(runtime.token),
    household: runtime.household.name,
    signing: await pageSigningKey(runtime),
  };
}

/** The page's signing key pair and its grant: the one kept in the sandbox, or a new one. */
async function pageSigningKey(runtime) {
  const file = path.join(runtime.dir, "ui-signing.json");
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8"));
    if (["cap_secret", "public_key", "secret_key", "signing_key"].every((k) => Array.isArray(kept[k]))) return kept;
  }
  const { generateSigningKeyPair } = await holochainClient();
  const [keyPair, signingKey] = await generateSigningKeyPair();
  const capSecret = await runtime.admin.grantSigningKey(runtime.cellId, { type: "all" }, signingKey);
  const signing = {
    cap_secret: Array.from(capSecret),
    public_key: Array.from(keyPair.publicKey),
    secret_key: Array.from(keyPair.privateKey),
    signing_key: Array.from(signingKey),
  };
  writeFileSync(file, JSON.stringify(signing), { mode: 0o600 });
  return signing;
}

/** One request to a household's UI server: /connection.json, or a file of ui/dist. */
async function answerUiRequest(req, res, connection) {
  const send = (status, type, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": type, "X-Content-Type-Options": "nosniff", ...headers });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  const text = "text/plain; charset=utf-8";
  // A page of another site that rebinds its name to 127.0.0.1 sends its own name as Host.
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  if (!["127.0.0.1", "localhost"].includes(host)) return send(403, text, "Open this UI at http://127.0.0.1.\n");
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, text, "Only GET and HEAD.\n", { Allow: "GET, HEAD" });
  const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
  if (pathname === "/connection.json") {
    return send(200, CONTENT_TYPES[".json"], connection, { "Cache-Control": "no-store" });
  }
  const file = uiFile(pathname);
  const body = file && (await readFile(file).catch(() => null));
  if (!body) return send(404, text, "Not found.\n");
  // Read at each request and revalidated, so a rebuilt ui/dist shows on the next reload.
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  return send(200, type, body, { "Cache-Control": "no-cache" });
}

/** The file of ui/dist a URL path names (index.html for `/`), or null outside ui/dist. */
function uiFile(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const relative = decoded === "/" ? "index.html" : decoded.replace(/^\/+/, "");
  const file = path.resolve(UI_DIST, relative);
  return file.startsWith(`${UI_DIST}${path.sep}`) ? file : null;
}

// ---------------------------------------------------------------------------------------------
// Output

function printTable(ctx, runtimes) {
  // An unregistered household (--no-register) has no role or postcode until someone registers it.
  const rows = runtimes.map((r) => [
    r.household.name,
    r.profile ? r.household.role : "unregistered",
    r.profile?.postcode ?? "-",
    String(r.appPort),
    r.uiAddress,
    Buffer.from(r.token).toString("hex"),
  ]);
  const header = ["household", "role", "postcode", "app port", "UI address", "token (hex)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  const dnaHash = ctx.encodeHashToBase64(runtimes[0].cellId[0]);
  const { properties, network_seed: seed } = ctx.network;
  const first = runtimes[0];
  const server = ctx.urls.joined ? "joined" : "local";
  console.log("");
  console.log(`IOEN micro-ledger: ${runtimes.length} household${runtimes.length > 1 ? "s" : ""}, ` +
    `cycles of ${properties.cycle_seconds} s, ${properties.cycles_per_billing_period} cycles per billing period`);
  console.log(`network seed ${seed}, DNA ${dnaHash}`);
  console.log(`steward ${ctx.steward.agentKeyB64} (${rel(path.join(ctx.dataDir, "steward.pem"))}; invite others with \`npm run invite\`)`);
  console.log(`${server} bootstrap ${ctx.urls.bootstrapUrl}, signal ${ctx.urls.signalUrl}`);
  console.log("");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log("");
  console.log(`Open a household's UI address in a browser (on this machine) to use the market as that household, e.g. ${first.uiAddress}`);
  if (runtimes.some((r) => !r.profile)) console.log("Households shown as unregistered get their profile in their web UI.");
  console.log(`Zome calls from a shell (admin ports, keys and cell ids: ${rel(ctx.householdsFile)}):`);
  console.log(`  hc sandbox zome-call-auth --piped -r ${first.adminPort} ${APP_ID} <<< ${LAIR_PASSPHRASE}`);
  console.log(`  hc sandbox zome-call --piped -r ${first.adminPort} ${APP_ID} ${dnaHash} profiles get_my_profile null <<< ${LAIR_PASSPHRASE}`);
  if (ctx.urls.joined) {
    console.log("Other machines join this market with the same --bootstrap, --network-seed, --cycle-seconds and");
    console.log("--billing-cycles (and another --first-household); the DNA above must match theirs.");
  }
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
      postcode: r.profile?.postcode ?? r.household.postcode,
      methods: r.household.methods,
      admin_port: r.adminPort,
      app_port: r.appPort,
      ui_port: r.uiPort,
      ui_address: r.uiAddress,
      registered: Boolean(r.profile),
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
 * Every household answers a signed zome call made with its app token and is registered as the
 * table says, all run the same DNA, each conductor has found the others through the bootstrap
 * server, each household reads every other's profile over the network, and each consumer finds
 * every local producer with `find_producers` (across neighbouring postcodes too).
 */
async function smoke(ctx, runtimes) {
  for (const r of runtimes) {
    const mine = await callZome(r, "profiles", "get_my_profile", null);
    const want = profileInput(r.household);
    const got = mine && {
      name: mine.profile.name,
      postcode: mine.profile.postcode,
      producer_methods: mine.profile.producer_methods,
      accepted_methods: mine.profile.accepted_methods,
    };
    if (!isDeepStrictEqual(got, want)) {
      throw new UserError(`smoke: "${r.household.name}" is registered as ${JSON.stringify(got)}, expected ${JSON.stringify(want)}.`);
    }
  }
  console.log(`smoke: all ${runtimes.length} households are registered as the table says`);
  const dnaHashes = new Set(runtimes.map((r) => ctx.encodeHashToBase64(r.cellId[0])));
  if (dnaHashes.size !== 1) throw new UserError(`smoke: the households run ${dnaHashes.size} different DNAs, expected one network.`);

  let started = Date.now();
  const counts = await pollUntil(async () => {
    const seen = await Promise.all(runtimes.map((r) => knownAgents(r)));
    return seen.every((n) => n >= runtimes.length) && seen;
  }, { timeoutMs: 60_000, intervalMs: 500 });
  if (!counts) {
    throw new UserError(`smoke: the households did not all find each other through the bootstrap server within 60 s; see the logs in ${rel(ctx.logDir)}.`);
  }
  console.log(`smoke: every household knows all ${runtimes.length} agents of the network (after ${seconds(started)} s)`);

  started = Date.now();
  const areas = ctx.network.properties.local_areas ?? {};
  const keyOf = (r) => ctx.encodeHashToBase64(r.agentKey);
  const missing = await pollUntil(async () => {
    const gaps = [];
    await Promise.all(runtimes.map(async (reader) => {
      for (const other of runtimes) {
        if (other === reader) continue;
        const profile = await callZome(reader, "profiles", "get_profile", other.agentKey);
        if (profile?.profile.name !== other.household.name) gaps.push(`${reader.household.name} cannot read ${other.household.name}'s profile`);
      }
      if (reader.household.role !== "consumer") return;
      const listings = await callZome(reader, "profiles", "find_producers", { postcode: reader.household.postcode });
      const found = new Set(listings.map((l) => ctx.encodeHashToBase64(l.agent)));
      for (const producer of runtimes.filter((r) => r.household.role === "producer")) {
        if (isLocal(areas, reader.household.postcode, producer.household.postcode) && !found.has(keyOf(producer))) {
          gaps.push(`${reader.household.name} (${reader.household.postcode}) does not find ${producer.household.name} (${producer.household.postcode}) with find_producers`);
        }
      }
    }));
    return gaps.length === 0 || (Date.now() - started > SMOKE_DISCOVERY_MS - 1_000 && gaps);
  }, { timeoutMs: SMOKE_DISCOVERY_MS, intervalMs: 1_000 });
  if (missing !== true) {
    const gaps = Array.isArray(missing) ? missing : ["some households do not see each other"];
    throw new UserError(`smoke: after ${SMOKE_DISCOVERY_MS / 1000} s ${gaps[0]}${gaps.length > 1 ? ` (and ${gaps.length - 1} more gaps)` : ""}; see the logs in ${rel(ctx.logDir)}.`);
  }
  const consumers = runtimes.filter((r) => r.household.role === "consumer").length;
  console.log(`smoke: every household reads every other's profile and ${consumers} consumer${consumers === 1 ? "" : "s"} find${consumers === 1 ? "s" : ""} every local producer (after ${seconds(started)} s)`);
  await smokeUi(runtimes);
  console.log("smoke: ok");
}

/**
 * Every household's UI address serves index.html, and its connection.json names its app port and
 * token and holds signing credentials that the conductor accepts for a zome call, as the page
 * would make it.
 */
async function smokeUi(runtimes) {
  const { setSigningCredentials } = await holochainClient();
  for (const r of runtimes) {
    const page = await fetch(r.uiAddress).catch((error) => error);
    const type = page.headers?.get("content-type") ?? "";
    if (page.status !== 200 || !type.startsWith("text/html")) {
      throw new UserError(`smoke: ${r.uiAddress} ("${r.household.name}") did not answer with index.html (${page.status ?? firstLine(page.cause ?? page)}).`);
    }
    const connection = await (await fetch(new URL("connection.json", r.uiAddress))).json();
    if (connection.app_port !== r.appPort || !isDeepStrictEqual(connection.token, Array.from(r.token))) {
      throw new UserError(`smoke: the connection.json of "${r.household.name}" does not name its app port and token.`);
    }
    const { signing } = connection;
    setSigningCredentials(r.cellId, {
      capSecret: Uint8Array.from(signing.cap_secret),
      keyPair: { publicKey: Uint8Array.from(signing.public_key), privateKey: Uint8Array.from(signing.secret_key), keyType: "ed25519" },
      signingKey: Uint8Array.from(signing.signing_key),
    });
    const mine = await callZome(r, "profiles", "get_my_profile", null);
    if (mine?.profile.name !== r.household.name) {
      throw new UserError(`smoke: a zome call signed with the UI credentials of "${r.household.name}" did not return its profile.`);
    }
  }
  console.log(`smoke: every household's UI address serves index.html and a connection.json whose signing key the conductor accepts`);
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
    await Promise.all(ctx.servers.map(closeServer));
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

/** Stops a UI server: no new connections, and the open ones (a browser's keep-alive) are cut. */
function closeServer(server) {
  if (!server.listening) return Promise.resolve();
  const closed = new Promise((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
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
    child.stdin.on("error", () => {}); // it may exit before reading its passphrase
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

/** A path as the user would type it: relative inside the repository, absolute outside it. */
function rel(p) {
  const relative = path.relative(ROOT, p);
  return relative.startsWith("..") || path.isAbsolute(relative) ? p : relative || ".";
}

function firstLine(error) {
  const message = error?.message ?? String(error);
  return message.split("\n")[0];
}

// ---------------------------------------------------------------------------------------------
// Main

/** Fails with one sentence when a household's port from `base` (when given) is taken. */
async function checkPortsFree(base, households, what, flag) {
  if (base === undefined || base === null) return;
  for (let i = 0; i < households.length; i++) {
    if (!(await portIsFree(base + i))) {
      fail(`port ${base + i} is already in use (${what} of "${households[i].name}"): pick another ${flag} or stop what uses it.`);
    }
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const started = Date.now();
  checkLock(opts.dataDir);
  const newNetwork = opts.fresh || !existsSync(path.join(opts.dataDir, "network.json"));
  if (opts.urls && opts.networkSeed === undefined && newNetwork) {
    fail("--bootstrap needs --network-seed for a new network: every machine of one network must use the same seed.");
  }
  if (opts.fresh) removeFreshDataDir(opts.dataDir);
  const households = HOUSEHOLDS.slice(opts.first - 1, opts.first - 1 + opts.households);
  // Before the slow part: a busy port found at the end would waste minutes of setup.
  await checkPortsFree(opts.adminPort, households, "admin port", "--admin-port");
  await checkPortsFree(opts.uiPort, households, "web UI", "--ui-port");
  prepareToolsAndBuild(opts);
  const { encodeHashToBase64 } = await holochainClient().catch((error) => fail(error.message));

  mkdirSync(opts.dataDir, { recursive: true });
  const ctx = {
    opts,
    dataDir: opts.dataDir,
    logDir: path.join(opts.dataDir, "logs"),
    householdsFile: path.join(opts.dataDir, "households.json"),
    processes: [],
    sockets: [],
    servers: [],
    stopping: null,
    ready: false,
    encodeHashToBase64,
  };
  ctx.happ = installedHapp(ctx.dataDir);
  ({ network: ctx.network, steward: ctx.steward } = loadNetwork(ctx.dataDir, opts));
  mkdirSync(ctx.logDir, { recursive: true });
  writeLock(ctx);
  handleSignals(ctx);

  try {
    if (opts.urls) {
      await checkBootstrapAnswers(opts.urls);
      ctx.urls = opts.urls;
      console.log(`start: joining the network at ${ctx.urls.bootstrapUrl} (signal ${ctx.urls.signalUrl}); no local server`);
    } else {
      console.log("start: starting the bootstrap and signal server...");
      ctx.urls = await startBootstrap(ctx);
      console.log(`start: bootstrap and signal server at ${ctx.urls.bootstrapUrl}`);
    }
    const runtimes = await Promise.all(households.map((h, i) => startHousehold(ctx, h, i)));
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
