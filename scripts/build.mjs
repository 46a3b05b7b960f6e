// Builds every zome to wasm once, then packs the DNA, the hApp and the test variant of both.
//
// The test variant adds the `adversary` coordinator zome to the same integrity zomes and
// properties, so it has the same DNA hash and joins the same network (docs/architecture.md, "Tests").
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ROOT, WORKDIR, capture, fail, mib, requireTools, run } from "./lib/tools.mjs";

const WASM_DIR = path.join(ROOT, "target/wasm32-unknown-unknown/release");
const DNA_DIR = path.join(ROOT, "dnas/ioen_micro_ledger");
const TEST_DIR = path.join(WORKDIR, "test");

requireTools(["hc"]);
const started = Date.now();

console.log("build: zomes to wasm (release)");
run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--locked", "-j", process.env.CARGO_BUILD_JOBS ?? "2"]);

mkdirSync(TEST_DIR, { recursive: true });
console.log("build: packing the DNA and the hApp");
run("hc", ["dna", "pack", DNA_DIR, "-o", path.join(WORKDIR, "ioen_micro_ledger.dna")]);
run("hc", ["app", "pack", ROOT, "-o", path.join(WORKDIR, "ioen-micro-ledger.happ")]);

console.log("build: packing the test variant (with the adversary zome)");
writeTestManifests();
run("hc", ["dna", "pack", TEST_DIR, "-o", path.join(TEST_DIR, "ioen_micro_ledger.dna")]);
run("hc", ["app", "pack", TEST_DIR, "-o", path.join(TEST_DIR, "ioen-micro-ledger-test.happ")]);

checkSameNetwork();
printSizes();
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);

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
  const zomes = [...dna.integrity.zomes, ...dna.coordinator.zomes].map((z) => z.name).concat("adversary");
  console.log("build: sizes");
  for (const zome of zomes) {
    console.log(`  ${zome.padEnd(24)} ${mib(statSync(path.join(WASM_DIR, `${zome}.wasm`)).size)}`);
  }
  for (const file of ["ioen_micro_ledger.dna", "ioen-micro-ledger.happ"]) {
    console.log(`  ${file.padEnd(24)} ${mib(statSync(path.join(WORKDIR, file)).size)}`);
  }
}
