// Typed calls into the `floor` zome of the benchmark hApp: Holochain's own cost on this machine,
// the baseline every market figure is divided by (docs/benchmarks.md).
import type { ActionHash, AgentPubKey } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";

/** The role of the floor DNA in the benchmark hApp. */
export const FLOOR_ROLE = "floor";

/** Typed calls into one player's floor cell. */
export function floor(player: PlayerApp) {
  const cell = player.namedCells.get(FLOOR_ROLE);
  if (!cell) throw new Error(`the player has no ${FLOOR_ROLE} cell: install the benchmark hApp`);
  const f = <T>(fn_name: string, payload?: unknown) => cell.callZome<T>({ zome_name: "floor", fn_name, payload });
  return {
    /** A call that does nothing. */
    noop: () => f<null>("noop"),
    /** One trivial entry and its link from the author. */
    createNote: (text: string) => f<ActionHash>("create_note", text),
    /** `count` trivial entries with their links, in one call. */
    createNotes: (count: number) => f<null>("create_notes", count),
    /** How many note links of `author` this player's node holds. */
    countNotes: (author: AgentPubKey) => f<number>("count_notes", author),
    /** How many actions the player's floor chain holds. */
    chainLength: () => f<number>("chain_length"),
  };
}
