// Waiting for a condition with a deadline, instead of sleeping.

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the error message. */
  what: string;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Pause between polls (default 250 ms). */
  intervalMs?: number;
  /** Only errors matching this count as "not yet"; others fail at once (default: every error). */
  retryOn?: RegExp;
}

/**
 * Polls `probe` until `accept` holds for its result, and returns that result. Fails with the
 * last result seen when the deadline passes. Errors thrown by `probe` count as "not yet" (only
 * those matching `retryOn`, when given).
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { what, timeoutMs = 60_000, intervalMs = 250, retryOn }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      if (retryOn && !retryOn.test(String(error))) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  } catch {
    return String(value);
  }
}

/**
 * Runs `check` (assertions) until it passes, for a view that converges (an honest household
 * learns of a warrant by gossip); fails with the last assertion error when the deadline passes.
 */
export async function eventually(check: () => Promise<void>, { what, timeoutMs = 120_000, intervalMs = 500 }: Omit<WaitOptions, "retryOn">): Promise<void> {
  // The probe yields the assertion error, or null once every assertion holds.
  await waitFor(
    () => check().then(() => null, (error: unknown) => error),
    (error) => error === null,
    { what, timeoutMs, intervalMs },
  );
}
