// One user action in flight: busy while it runs, its error sentence when it fails. Every button
// that writes to the chain uses one, so long waits show progress and refusals read as sentences.

import { errorMessage } from "./errors";

export class Action {
  busy = $state(false);
  error = $state<string | null>(null);
  done = $state<string | null>(null);

  /** Runs `work` unless already running; returns its result, or undefined when it failed. */
  async run<T>(work: () => Promise<T>, doneMessage?: (result: T) => string | null): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = null;
    this.done = null;
    try {
      const result = await work();
      this.done = doneMessage ? doneMessage(result) : null;
      return result;
    } catch (error) {
      this.error = errorMessage(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
