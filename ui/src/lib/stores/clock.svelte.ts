// The cycle clock: the conductor's cycle info, re-read at every cycle boundary and every few
// seconds (which also notices a lost connection and brings it back), and a local tick for the
// countdown in between.

import { errorMessage } from "../errors";
import type { CycleInfo } from "../types";

const TICK_MS = 1000;
const REFRESH_MS = 10_000;
const REFRESH_WHEN_FAILING_MS = 3000;

export interface ClockSource {
  getCycleInfo(): Promise<CycleInfo>;
}

export class Clock {
  info = $state.raw<CycleInfo | null>(null);
  /** Local time in ms, updated every second. */
  now = $state(Date.now());
  error = $state<string | null>(null);
  private lastRead = 0;
  private reading = false;

  constructor(
    private readonly source: ClockSource,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Time left in the current cycle (the bidding window for the next), in ms. */
  get remainingMs(): number {
    return this.info ? Math.max(0, this.info.cycle_end / 1000 - this.now) : 0;
  }

  /** How much of the current cycle has passed, 0 to 1. */
  get elapsedFraction(): number {
    if (!this.info) return 0;
    const length = (this.info.cycle_end - this.info.cycle_start) / 1000;
    return Math.min(1, Math.max(0, 1 - this.remainingMs / length));
  }

  /** Cycles per billing period. */
  get cyclesPerPeriod(): number {
    if (!this.info) return 1;
    return Math.round((this.info.billing_period_end - this.info.billing_period_start) / (this.info.cycle_seconds * 1_000_000));
  }

  /** Reads the cycle info now. */
  async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      this.info = await this.source.getCycleInfo();
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.lastRead = this.clock();
      this.reading = false;
    }
  }

  /** One tick: advances `now` and re-reads when a boundary passed or the last read is old. */
  tick(): void {
    this.now = this.clock();
    const boundaryPassed = this.info !== null && this.now * 1000 >= this.info.cycle_end;
    const every = this.error ? REFRESH_WHEN_FAILING_MS : REFRESH_MS;
    if (boundaryPassed || this.now - this.lastRead >= every) void this.read();
  }

  /** Starts ticking; returns the function that stops it. */
  start(): () => void {
    void this.read();
    const timer = setInterval(() => this.tick(), TICK_MS);
    return () => clearInterval(timer);
  }
}
