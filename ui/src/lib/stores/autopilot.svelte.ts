// The household's automation, running whichever section is on screen: confirming a contract by
// the household's preference as soon as one arrives, and answering incoming bids by the
// auto-accept policy. Woken by signals and, since signals can be lost, every few seconds.

import type { Api } from "../api";
import { errorMessage } from "../errors";
import type { Prefs } from "../prefs";
import type { Clock } from "./clock.svelte";
import type { Session } from "./session.svelte";

const PERIOD_MS = 8000;
const NO_OFFER = /Make an offer for supply cycle/;

export class Autopilot {
  /** The last thing the automation did or could not do, for the household to read. */
  last = $state<string | null>(null);
  private running = false;
  private again = false;

  constructor(
    private readonly api: Api,
    private readonly clock: Clock,
    private readonly prefs: () => Prefs,
  ) {}

  start(session: Session): () => void {
    const stopSignals = session.onSignal((s) => {
      if (s.zome === "market" && (s.signal.type === "NewBid" || s.signal.type === "BidAccepted")) void this.run();
    });
    const timer = setInterval(() => void this.run(), PERIOD_MS);
    return () => {
      stopSignals();
      clearInterval(timer);
    };
  }

  /** One pass over what is switched on; a pass asked for while one runs follows it. */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async pass(): Promise<void> {
    const info = this.clock.info;
    const prefs = this.prefs();
    if (!info) return;
    const cycle = info.bidding_for_cycle;
    if (prefs.autoAccept) {
      try {
        const answers = await this.api.drain(() => this.api.autoAccept(cycle));
        if (answers > 0) this.last = `Answered ${answers} bid${answers === 1 ? "" : "s"} for cycle ${cycle} by your auto-accept policy.`;
      } catch (error) {
        const message = errorMessage(error);
        if (!NO_OFFER.test(message)) this.last = `Auto-accept: ${message}`;
      }
    }
    if (prefs.autoConfirm) {
      for (const c of [info.current_cycle, cycle]) {
        try {
          const confirmed = await this.api.autoConfirm(c, prefs.autoConfirm);
          if (confirmed) this.last = `Confirmed a contract for cycle ${c} by your rule.`;
        } catch (error) {
          this.last = `Automatic confirmation: ${errorMessage(error)}`;
        }
      }
    }
  }
}
