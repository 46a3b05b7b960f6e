// The .webhapp that `npm run build` packs for the Holochain Launcher and Kangaroo: it unpacks
// with `hc` into the web UI and the hApp, and its hApp runs the DNA the households run. Starts
// no conductor; needs a build (`node scripts/build.mjs`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import YAML from "yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const WORKDIR = path.join(ROOT, "workdir");
const WEBHAPP = path.join(WORKDIR, "ioen-micro-ledger.webhapp");

/** PATH with cargo's bin folder first, where scripts/setup installs `hc`. */
const ENV = {
  ...process.env,
  PATH: `${path.join(process.env.CARGO_HOME ?? path.join(homedir(), ".cargo"), "bin")}:${process.env.PATH ?? ""}`,
};

/** Runs `hc` and returns its standard output. */
function hc(...args: string[]): string {
  return execFileSync("hc", args, { env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

interface WebHappManifest {
  manifest_version: string;
  name: string;
  ui: { path: string };
  happ: { path: string };
}

interface HappManifest {
  name: string;
  roles: { name: string; dna: { path: string } }[];
}

describe("the web hApp", () => {
  let dir = "";
  let webDir = "";
  let manifest: WebHappManifest;

  beforeAll(() => {
    if (!existsSync(WEBHAPP)) {
      throw new Error(`${path.relative(ROOT, WEBHAPP)} is missing: run \`npm run build\` first.`);
    }
    dir = mkdtempSync(path.join(tmpdir(), "ioen-webhapp-"));
    webDir = path.join(dir, "web");
    hc("web-app", "unpack", WEBHAPP, "-o", webDir);
    manifest = YAML.parse(readFileSync(path.join(webDir, "web-happ.yaml"), "utf8")) as WebHappManifest;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("names the web UI and the hApp in its manifest", () => {
    expect(manifest.manifest_version).toBe("0");
    expect(manifest.name).toBe("ioen-micro-ledger");
    expect(path.basename(manifest.ui.path)).toBe("ui.zip");
    expect(path.basename(manifest.happ.path)).toBe("ioen-micro-ledger.happ");
    expect(existsSync(path.join(webDir, manifest.ui.path))).toBe(true);
    expect(existsSync(path.join(webDir, manifest.happ.path))).toBe(true);
  });

  test("holds a UI zip with index.html at its root and a JavaScript asset", () => {
    const files = Object.keys(unzipSync(readFileSync(path.join(webDir, manifest.ui.path))));
    expect(files).toContain("index.html");
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
  });

  test("holds a hApp whose DNA is the one the households run", () => {
    const happDir = path.join(dir, "happ");
    hc("app", "unpack", path.join(webDir, manifest.happ.path), "-o", happDir);
    const happ = YAML.parse(readFileSync(path.join(happDir, "happ.yaml"), "utf8")) as HappManifest;
    expect(happ.roles.map((r) => r.name)).toEqual(["ioen_micro_ledger"]);
    const dnaPath = happ.roles[0]?.dna.path ?? "";
    const built = readdirSync(WORKDIR).filter((f) => f.endsWith(".dna"));
    expect(built).toHaveLength(1);
    // The hash is the last line: with RUST_LOG set, `hc` first says how it formats its logs.
    const hash = (file: string) => hc("dna", "hash", file).trim().split("\n").pop() ?? "";
    const expected = hash(path.join(WORKDIR, built[0] ?? ""));
    expect(expected).toMatch(/^uhC0k/);
    expect(hash(path.join(happDir, dnaPath))).toBe(expected);
  });
});
