// For command-line tools that run real conductors outside `npm test` (simulate, bench): their own
// working and temp directory under .local/, and Tryorama's log lines in a file there.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Moves this process into `.local/<name>` of the repository at `root` and sends Tryorama's lines
 * to `conductors.log` there; returns that directory.
 *
 * `hc sandbox` lists its sandboxes in `.hc` of the working directory, and every Tryorama cleanup
 * runs `hc sandbox clean` there: a directory of its own keeps other runs' cleanups (say of
 * `npm test` in tests/) from deleting this run's conductors, and the other way round. Not
 * tests/.tmp, which `npm test` empties when it starts.
 */
export function runStandalone(root: string, name: string): string {
  const dir = path.join(root, ".local", name);
  mkdirSync(dir, { recursive: true });
  process.env.TMPDIR ??= dir;
  process.chdir(dir);
  const logFile = path.join(dir, "conductors.log");
  writeFileSync(logFile, "");
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (String(chunk).includes("Tryorama")) {
        appendFileSync(logFile, String(chunk));
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return dir;
}
