// Typed calls into the market zome, and waiting for cycle boundaries.
import type { ActionHash, AgentPubKey } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { call } from "./households.js";
import { waitFor } from "./wait.js";

// The views the market zome returns: one description, shared with the web UI.
export type {
  AnswerView,
  BidData,
  BidStatus,
  BidView,
  ConfirmationView,
  ContractData,
  ContractView,
  CycleInfo,
  OfferInfo,
} from "../../../ui/src/lib/types.js";
import type { AnswerView, BidView, ConfirmationView, ContractView, CycleInfo, OfferInfo } from "../../../ui/src/lib/types.js";

/** A demand as stored. */
export interface DemandInfo {
  demand_hash: ActionHash;
  demand: { supply_cycle: number; wanted_wh: number; profile: ActionHash; previous_declaration: ActionHash };
}

/** Typed calls into the market zome of one household. */
export function market(player: PlayerApp) {
  const m = <T>(fn: string, payload?: unknown) => call<T>(player, "market", fn, payload);
  return {
    cycleInfo: () => m<CycleInfo>("get_cycle_info"),
    offer: (method: string, capacity_wh: number, reserve_price_per_kwh?: number) =>
      m<OfferInfo>("create_offer", { method, capacity_wh, reserve_price_per_kwh }),
    demand: (wanted_wh: number) => m<DemandInfo>("create_demand", { wanted_wh }),
    bid: (producer: AgentPubKey, energy_wh: number, price_per_kwh: number) =>
      m<BidView>("create_bid", { producer, energy_wh, price_per_kwh }),
    myBids: (cycle: number) => m<BidView[]>("get_my_bids", cycle),
    incomingBids: (cycle: number) => m<BidView[]>("get_incoming_bids", cycle),
    accept: (bid: ActionHash, energy_wh?: number) => m<AnswerView>("accept_bid", { bid, energy_wh }),
    reject: (bid: ActionHash, reason: string) => m<AnswerView>("reject_bid", { bid, reason }),
    autoAccept: (cycle: number) => m<AnswerView | null>("auto_accept", cycle),
    confirm: (contract: ActionHash) => m<ConfirmationView>("confirm_contract", contract),
    autoConfirm: (supply_cycle: number, preference: { type: "cheapest" } | { type: "method"; method: string }) =>
      m<ConfirmationView | null>("auto_confirm", { supply_cycle, preference }),
    myContracts: (cycle: number) => m<ContractView[]>("get_my_contracts", cycle),
    offersOf: (producer: AgentPubKey, supply_cycle: number) => m<OfferInfo[]>("get_offers_of", { producer, supply_cycle }),
  };
}

/**
 * Runs the producer's auto-accept policy over every waiting bid of a cycle: `auto_accept`
 * answers one bid per call, so it is called until it reports nothing left. A commit that
 * Holochain reports as "may be retried" (the previous answer not yet readable by validation) is
 * retried, a bounded number of times.
 */
export async function autoAcceptAll(player: PlayerApp, cycle: number): Promise<AnswerView[]> {
  const answers: AnswerView[] = [];
  for (;;) {
    const answer = await waitFor(
      () => market(player).autoAccept(cycle).then((a) => ({ a })),
      () => true,
      { what: "the next auto-accepted answer", timeoutMs: 30_000, intervalMs: 100, retryOn: /may be retried/ },
    );
    if (!answer.a) return answers;
    answers.push(answer.a);
  }
}

/**
 * Waits until a new cycle starts (polling the clock, with a deadline) and returns its info, so
 * a phase that must fit in one bidding window gets all of it.
 */
export async function startOfNextCycle(player: PlayerApp): Promise<CycleInfo> {
  const now = await market(player).cycleInfo();
  const timeoutMs = now.cycle_seconds * 1000 + 30_000;
  return waitFor(() => market(player).cycleInfo(), (info) => info.current_cycle > now.current_cycle, {
    what: `cycle ${now.current_cycle + 1} to start`,
    timeoutMs,
    intervalMs: 200,
  });
}

/**
 * The current bidding window when at least `neededMs` of it are left, otherwise the next one
 * (waiting for it): a phase that must fit in one window never starts too late in it.
 */
export async function windowWithAtLeast(player: PlayerApp, neededMs: number): Promise<CycleInfo> {
  const now = await market(player).cycleInfo();
  const leftMs = now.bidding_window_end / 1000 - Date.now();
  return leftMs >= neededMs ? now : startOfNextCycle(player);
}

/**
 * A cycle epoch that puts a cycle boundary (the opening of a bidding window) `inMs` from now,
 * with `cycles` whole cycles before it, for a scenario whose first window must open once its
 * setup is done.
 */
export function epochOpeningIn(inMs: number, cycleSeconds: number, cycles: number): number {
  return Date.now() + inMs - cycles * cycleSeconds * 1000;
}

/** Hashes compare by content. */
export function same(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  return !!a && !!b && Buffer.from(a).equals(Buffer.from(b));
}
