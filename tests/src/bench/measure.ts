// Collecting latency samples: each call timed from Node, through the app websocket, one at a time.

import { waitFor } from "../support/wait.js";

/** Latency samples in milliseconds, by operation name, in the order they were first taken. */
export class Samples {
  private readonly byName = new Map<string, number[]>();
  private readonly retries = new Map<string, number>();

  /** Adds one sample of `name`. */
  add(name: string, ms: number): void {
    const list = this.byName.get(name) ?? [];
    list.push(ms);
    this.byName.set(name, list);
  }

  /** Times one call of `name` and returns its result. */
  async time<T>(name: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const value = await call();
    this.add(name, performance.now() - started);
    return value;
  }

  /** The samples of `name` (empty when none were taken). */
  of(name: string): number[] {
    return this.byName.get(name) ?? [];
  }

  /** Counts a try of `name` that Holochain refused for a record it could not read yet. */
  retried(name: string): void {
    this.retries.set(name, (this.retries.get(name) ?? 0) + 1);
  }

  /** How many tries of `name` were refused and made again. */
  retriesOf(name: string): number {
    return this.retries.get(name) ?? 0;
  }

  /** Adds every sample and retry of `other`. */
  merge(other: Samples): void {
    for (const name of other.names()) for (const ms of other.of(name)) this.add(name, ms);
    for (const [name, count] of other.retries) this.retries.set(name, (this.retries.get(name) ?? 0) + count);
  }

  /** Every operation with samples. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** Times `samples` calls after `warmup` unmeasured ones. */
export async function timeCalls(samples: number, call: () => Promise<unknown>, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await call();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await call();
    out.push(performance.now() - started);
  }
  return out;
}

/**
 * Polls `seen` every `intervalMs` until it holds and returns the time it first held, from
 * `performance.now()`; fails after `timeoutMs`. The figure is at most one interval late.
 */
export async function firstSeen(
  seen: () => Promise<boolean>,
  { what, timeoutMs = 60_000, intervalMs = 10 }: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<number> {
  await waitFor(seen, (held) => held, { what, timeoutMs, intervalMs });
  return performance.now();
}
