// Helpers shared by the project's scripts: running commands, finding the pinned tools.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WORKDIR = path.join(ROOT, "workdir");
/** Compiled zomes that every conductor of this checkout shares (its `wasm-cache` links here). */
export const WASM_CACHE = path.join(ROOT, "target/wasm-cache");

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

/** Runs a command and returns its standard output; fails like {@link run}. */
export function capture(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, env: toolEnv(), encoding: "utf8", ...opts });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) fail(`${cmd} ${args.join(" ")} failed (exit ${result.status}): ${result.stderr.trim()}`);
  return result.stdout;
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

/**
 * The newest file under `entries` (files or folders, relative to ROOT), skipping build output,
 * dependencies and hidden entries. Returns `{ file, mtimeMs }` with `file` relative to ROOT, or null.
 */
export function newestFile(entries, skip = ["target", "node_modules"]) {
  let newest = null;
  const visit = (abs) => {
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      return; // vanished while walking (an editor's temporary file)
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(abs)) {
        if (!name.startsWith(".") && !skip.includes(name)) visit(path.join(abs, name));
      }
    } else if (!newest || stat.mtimeMs > newest.mtimeMs) {
      newest = { file: path.relative(ROOT, abs), mtimeMs: stat.mtimeMs };
    }
  };
  for (const entry of entries) visit(path.resolve(ROOT, entry));
  return newest;
}

/** Whether nothing listens on `port` of `host` yet (binds and releases it). */
export function portIsFree(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Waits until a spawned process prints a line matching `pattern` on stdout or stderr and resolves
 * with the match. Rejects when the process exits first or after `timeoutMs`; `what` names the
 * process in those messages. The streams keep flowing afterwards (attach your own listeners).
 */
export function waitForOutput(child, pattern, { timeoutMs = 60_000, what = "the process" } = {}) {
  return new Promise((resolve, reject) => {
    let pending = "";
    const done = (fn, value) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      fn(value);
    };
    const onData = (chunk) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) {
        const match = line.match(pattern);
        if (match) return done(resolve, match);
      }
    };
    const onExit = (code, signal) =>
      done(reject, new Error(`${what} exited before it was ready (${signal ?? `exit code ${code}`})`));
    const timer = setTimeout(
      () => done(reject, new Error(`${what} was not ready after ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** Polls `check` (sync or async) every `intervalMs` until it returns a truthy value, which it resolves with; null after `timeoutMs`. */
export async function pollUntil(check, { timeoutMs = 60_000, intervalMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Whether a spawned child process is still running. */
export function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** Stops a spawned process: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
export function stopProcess(child, graceMs = 5_000) {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
