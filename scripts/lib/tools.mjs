// Helpers shared by the project's scripts: running commands, finding the pinned tools.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WORKDIR = path.join(ROOT, "workdir");

/** PATH with cargo's bin folder first, where scripts/setup installs holochain, hc and the bootstrap server. */
export function toolEnv(extra = {}) {
  const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(homedir(), ".cargo"), "bin");
  return { ...process.env, PATH: `${cargoBin}:${process.env.PATH}`, ...extra };
}

/** Runs a command with inherited output; exits the script with one clear line when it fails. */
export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, env: toolEnv(), ...opts });
  if (result.error) {
    fail(`could not run ${cmd}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    fail(`${cmd} ${args.join(" ")} failed (exit ${result.status})`);
  }
}

/** Prints one sentence and exits non-zero. */
export function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Fails with a pointer to setup when a pinned binary is missing. */
export function requireTools(names) {
  const env = toolEnv();
  for (const name of names) {
    const found = env.PATH.split(":").some((dir) => existsSync(path.join(dir, name)));
    if (!found) fail(`${name} is not installed: run \`npm run setup\` first.`);
  }
}

/** Human-readable size. */
export function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
