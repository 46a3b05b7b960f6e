// Keeps a view's data fresh: re-reads it on the signals that concern it and every few seconds
// (signals are hints that can be lost), never running two reads of the same view at once.

import type { Session, ZomeSignal } from "./stores/session.svelte";

export interface Refresher {
  /** Reads now, or right after the read in progress. */
  refresh(): Promise<void>;
  stop(): void;
}

export function keepFresh(
  read: () => Promise<void>,
  session: Session,
  options: { everyMs: number; when: (s: ZomeSignal) => boolean },
): Refresher {
  let running: Promise<void> | null = null;
  let again = false;

  async function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await read();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const stopSignals = session.onSignal((s) => {
    if (options.when(s)) void refresh();
  });
  const timer = setInterval(() => void refresh(), options.everyMs);
  return {
    refresh,
    stop() {
      stopSignals();
      clearInterval(timer);
    },
  };
}
