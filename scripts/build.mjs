// Builds every zome to wasm once, then packs the DNA, the hApp and the test variant of both,
// builds the web UI and packs it with the hApp into the .webhapp that the Holochain Launcher and
// Kangaroo install.
//
// The test variant adds the `adversary` coordinator zome to the same integrity zomes and
// properties, so it has the same DNA hash and joins the same network (docs/architecture.md, "Tests").
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import YAML from "yaml";
import { ROOT, WASM_CACHE, WORKDIR, capture, fail, mib, requireTools, run } from "./lib/tools.mjs";
import { OPT_DIR, SHIPPED_ZOMES, optimizeZomes } from "./lib/wasm-opt.mjs";

const WASM_DIR = path.join(ROOT, "target/wasm32-unknown-unknown/release");
const DNA_DIR = path.join(ROOT, "dnas/ioen_micro_ledger");
const TEST_DIR = path.join(WORKDIR, "test");
const BENCH_DIR = path.join(WORKDIR, "bench");
const HAPP_FILE = "ioen-micro-ledger.happ";
const UI_DIST = path.join(ROOT, "ui/dist");
const UI_ZIP = "ui.zip";
const WEBHAPP_YAML = path.join(WORKDIR, "web-happ.yaml");
const WEBHAPP = path.join(WORKDIR, "ioen-micro-ledger.webhapp");
/** A fixed time for every zip entry: the same ui/dist packs into the same bytes. */
const ZIP_MTIME = new Date("2026-01-01T00:00:00Z");

requireTools(["hc"]);
const started = Date.now();

console.log("build: zomes to wasm (release)");
const jobs = Number(process.env.CARGO_BUILD_JOBS ?? "2");
run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--locked", "-j", String(jobs)]);
const optimized = await optimizeZomes(WASM_DIR, SHIPPED_ZOMES, jobs).catch((error) => fail(error.message));
console.log(`build: wasm-opt -Oz of the installed zomes (${optimized ? `${optimized} changed` : "none changed"})`);
pruneWasmCache();

mkdirSync(TEST_DIR, { recursive: true });
console.log("build: packing the DNA and the hApp");
run("hc", ["dna", "pack", DNA_DIR, "-o", path.join(WORKDIR, "ioen_micro_ledger.dna")]);
run("hc", ["app", "pack", ROOT, "-o", path.join(WORKDIR, HAPP_FILE)]);

console.log("build: packing the test variant (with the adversary zome)");
writeTestManifests();
run("hc", ["dna", "pack", TEST_DIR, "-o", path.join(TEST_DIR, "ioen_micro_ledger.dna")]);
run("hc", ["app", "pack", TEST_DIR, "-o", path.join(TEST_DIR, "ioen-micro-ledger-test.happ")]);

checkSameNetwork();

console.log("build: packing the benchmark hApp (the test variant with the floor zomes)");
writeBenchManifests();
rmSync(path.join(BENCH_DIR, "floor"), { recursive: true, force: true });
run("hc", ["dna", "pack", BENCH_DIR, "-o", path.join(BENCH_DIR, "ioen_micro_ledger_bench.dna")]);
run("hc", ["app", "pack", BENCH_DIR, "-o", path.join(BENCH_DIR, "ioen-micro-ledger-bench.happ")]);

console.log("build: the web UI (npm run --workspace ui build)");
run("npm", ["run", "--workspace", "ui", "build"]);
if (!existsSync(path.join(UI_DIST, "index.html"))) fail("the UI build finished without writing ui/dist/index.html.");
console.log(`build: packing the web hApp (ui/dist as workdir/${UI_ZIP}, with the hApp)`);
const zipped = zipUi();
console.log(`build: ${zipped} files in workdir/${UI_ZIP}`);
ensureWebHappManifest();
run("hc", ["web-app", "pack", WORKDIR, "-o", WEBHAPP]);

printSizes();
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);

/** Zips ui/dist, index.html at the root as the Launcher and Kangaroo expect; returns the file count. */
/**
 * Drops compiled zomes older than the newest wasm from the cache that conductors share
 * (target/wasm-cache, see tests/src/support/conductor.ts): they may be of an older build, and the
 * cache would otherwise grow by some 180 MB with every change. Unchanged zomes compile once more.
 */
function pruneWasmCache() {
  if (!existsSync(WASM_CACHE)) return;
  const newestWasm = Math.max(
    ...[WASM_DIR, OPT_DIR].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".wasm")).map((f) => statSync(path.join(dir, f)).mtimeMs)),
  );
  for (const file of readdirSync(WASM_CACHE)) {
    const compiled = path.join(WASM_CACHE, file);
    if (statSync(compiled).mtimeMs < newestWasm) rmSync(compiled, { force: true });
  }
}

function zipUi() {
  const files = {};
  const visit = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) visit(abs);
      else files[path.relative(UI_DIST, abs).split(path.sep).join("/")] = [readFileSync(abs), { mtime: ZIP_MTIME }];
    }
  };
  visit(UI_DIST);
  writeFileSync(path.join(WORKDIR, UI_ZIP), zipSync(files, { level: 9 }));
  return Object.keys(files).length;
}

/** The web hApp manifest (a committed file); written with the defaults when it is missing. */
function ensureWebHappManifest() {
  if (existsSync(WEBHAPP_YAML)) return;
  const manifest = { manifest_version: "0", name: "ioen-micro-ledger", ui: { path: `./${UI_ZIP}` }, happ: { path: `./${HAPP_FILE}` } };
  writeFileSync(WEBHAPP_YAML, YAML.stringify(manifest));
  console.log(`build: wrote ${path.relative(ROOT, WEBHAPP_YAML)}`);
}

/** The test DNA manifest is the real one plus the adversary coordinator; the hApp points at it. */
function writeTestManifests() {
  const dna = YAML.parse(readFileSync(path.join(DNA_DIR, "dna.yaml"), "utf8"));
  const relocate = (zome) => ({ ...zome, path: path.relative(TEST_DIR, path.resolve(DNA_DIR, zome.path)) });
  dna.integrity.zomes = dna.integrity.zomes.map(relocate);
  dna.coordinator.zomes = dna.coordinator.zomes.map(relocate);
  dna.coordinator.zomes.push({
    name: "adversary",
    path: path.relative(TEST_DIR, path.join(WASM_DIR, "adversary.wasm")),
    dependencies: dna.integrity.zomes.map((z) => ({ name: z.name })),
  });
  writeFileSync(path.join(TEST_DIR, "dna.yaml"), YAML.stringify(dna));

  const happ = YAML.parse(readFileSync(path.join(ROOT, "happ.yaml"), "utf8"));
  happ.name = "ioen-micro-ledger-test";
  happ.roles[0].dna.path = "./ioen_micro_ledger.dna";
  writeFileSync(path.join(TEST_DIR, "happ.yaml"), YAML.stringify(happ));
}

/**
 * The benchmark hApp: the test variant's DNA (the market, with the adversary zome) with the floor
 * zomes added, Holochain's own cost measured on the same chain as the market writes
 * (docs/benchmarks.md, docs/decisions.md 53): a trivial create beside each write, and trivial
 * creates that grow a household's chain for the growth figures. The floor integrity zome comes
 * last, so the market's zome indices stay as they are; the DNA hash differs from the households'
 * (only benchmark conductors run it).
 */
function writeBenchManifests() {
  mkdirSync(BENCH_DIR, { recursive: true });
  const dna = YAML.parse(readFileSync(path.join(TEST_DIR, "dna.yaml"), "utf8"));
  const relocate = (zome) => ({ ...zome, path: path.relative(BENCH_DIR, path.resolve(TEST_DIR, zome.path)) });
  const wasm = (name) => path.relative(BENCH_DIR, path.join(WASM_DIR, `${name}.wasm`));
  dna.name = "ioen_micro_ledger_bench";
  dna.integrity.zomes = [...dna.integrity.zomes.map(relocate), { name: "floor_integrity", path: wasm("floor_integrity") }];
  dna.coordinator.zomes = [
    ...dna.coordinator.zomes.map(relocate),
    { name: "floor", path: wasm("floor"), dependencies: [{ name: "floor_integrity" }] },
  ];
  writeFileSync(path.join(BENCH_DIR, "dna.yaml"), YAML.stringify(dna));

  const happ = YAML.parse(readFileSync(path.join(TEST_DIR, "happ.yaml"), "utf8"));
  happ.name = "ioen-micro-ledger-bench";
  happ.roles[0].dna.path = "./ioen_micro_ledger_bench.dna";
  writeFileSync(path.join(BENCH_DIR, "happ.yaml"), YAML.stringify(happ));
}

/** The test variant must join the households' network: same integrity zomes, same DNA hash. */
function checkSameNetwork() {
  const hash = (file) => capture("hc", ["dna", "hash", file]).trim();
  const real = hash(path.join(WORKDIR, "ioen_micro_ledger.dna"));
  const test = hash(path.join(TEST_DIR, "ioen_micro_ledger.dna"));
  if (real !== test) fail(`the test DNA hash ${test} differs from the real one ${real}`);
  console.log(`build: DNA hash ${real} (test variant identical)`);
}

function printSizes() {
  const dna = YAML.parse(readFileSync(path.join(DNA_DIR, "dna.yaml"), "utf8"));
  const zomes = [...dna.integrity.zomes, ...dna.coordinator.zomes].map((z) => z.name).concat("adversary", "floor_integrity", "floor");
  console.log("build: sizes");
  for (const zome of zomes) {
    const dir = SHIPPED_ZOMES.includes(zome) ? OPT_DIR : WASM_DIR;
    console.log(`  ${zome.padEnd(26)} ${mib(statSync(path.join(dir, `${zome}.wasm`)).size)}`);
  }
  for (const file of ["ioen_micro_ledger.dna", HAPP_FILE, UI_ZIP, path.basename(WEBHAPP)]) {
    console.log(`  ${file.padEnd(26)} ${mib(statSync(path.join(WORKDIR, file)).size)}`);
  }
}
