// The household's session: the connection, its health, its profile, and the app signals of our
// zomes, handed to whoever listens.

import { SignalType, type Signal } from "@holochain/client";
import { Api } from "../api";
import { AwaitingInvitationError, connect, joinWithInvitation } from "../connection";
import { errorMessage } from "../errors";
import type { AgentPubKey, FromSignal, LedgerSignal, MarketSignal, MyProfile } from "../types";

export type ZomeSignal =
  | { zome: "market"; signal: FromSignal<MarketSignal> }
  | { zome: "ledger"; signal: FromSignal<LedgerSignal> };

export class Session {
  status = $state<"connecting" | "ready" | "failed" | "invitation">("connecting");
  /** While `status` is "invitation": the app waits for its invitation code (rule I14). */
  waiting = $state.raw<AwaitingInvitationError | null>(null);
  /** A call found the websocket closed; cleared by the next call that succeeds. */
  connectionLost = $state(false);
  failure = $state<string | null>(null);
  api = $state.raw<Api | null>(null);
  me = $state.raw<MyProfile | null>(null);
  household = $state<string | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, never rendered
  private readonly listeners = new Set<(s: ZomeSignal) => void>();

  /** Connects, reads the household's profile, and starts passing signals on. */
  async start(): Promise<void> {
    this.status = "connecting";
    try {
      const connection = await connect();
      const api = new Api(connection, (outcome) => {
        this.connectionLost = outcome === "connection-lost";
      });
      connection.client.on("signal", (signal: Signal) => this.dispatch(signal));
      this.me = await api.getMyProfile();
      this.api = api;
      this.status = "ready";
    } catch (error) {
      if (error instanceof AwaitingInvitationError) {
        this.waiting = error;
        this.status = "invitation";
        return;
      }
      this.failure = errorMessage(error);
      this.status = "failed";
    }
  }

  /**
   * Joins the network with an invitation (empty on an open network), then connects as usual.
   * Returns the conductor's refusal as a sentence, or null once joined.
   */
  async join(invitation: Uint8Array): Promise<string | null> {
    if (!this.waiting) return "This household has already joined its network.";
    try {
      await joinWithInvitation(this.waiting, invitation);
    } catch (error) {
      return errorMessage(error);
    }
    this.waiting = null;
    await this.start();
    return null;
  }

  /** The agent key of this household (only once ready). */
  get agent(): AgentPubKey | null {
    return this.api?.agent ?? null;
  }

  /** Listens to our zomes' signals; returns the function that stops listening. */
  onSignal(listener: (s: ZomeSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(signal: Signal): void {
    if (signal.type !== SignalType.App) return;
    const { zome_name, payload } = signal.value;
    if (zome_name !== "market" && zome_name !== "ledger") return;
    if (typeof payload !== "object" || payload === null || !("type" in payload)) return;
    const event = { zome: zome_name, signal: payload } as ZomeSignal;
    for (const listener of this.listeners) listener(event);
  }
}
