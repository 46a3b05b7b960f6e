// Typed calls into the `floor` zome of the benchmark hApp: Holochain's own cost on this machine,
// on the same chain as the market writes, the baseline every market figure is divided by
// (docs/benchmarks.md).
import type { ActionHash, AgentPubKey } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { call } from "../support/households.js";

/** Typed calls into one player's floor zome (the benchmark hApp has it beside the market's). */
export function floor(player: PlayerApp) {
  const f = <T>(fn_name: string, payload?: unknown) => call<T>(player, "floor", fn_name, payload);
  return {
    /** A call that does nothing. */
    noop: () => f<null>("noop"),
    /** One trivial entry and its link from the author. */
    createNote: (text: string) => f<ActionHash>("create_note", text),
    /** `count` trivial entries with their links, in one call. */
    createNotes: (count: number) => f<null>("create_notes", count),
    /** `count` private pads in one call: `count` actions on the player's chain. */
    createPads: (count: number) => f<null>("create_pads", count),
    /** How many note links of `author` this player's node holds. */
    countNotes: (author: AgentPubKey) => f<number>("count_notes", author),
    /** Whether the player's node holds action `seq` of `author`'s chain as validated activity. */
    holdsActivity: (author: AgentPubKey, seq: number) => f<boolean>("holds_activity", { author, seq }),
    /** How many actions the player's chain holds. */
    chainLength: () => f<number>("chain_length"),
  };
}
