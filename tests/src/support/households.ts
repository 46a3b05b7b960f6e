// Households on real conductors, and typed calls into the profiles zome.
import type { ActionHash, AgentPubKey } from "@holochain/client";
import { dhtSync, type PlayerApp, type Scenario } from "@holochain/tryorama";
import { addPlayer } from "./conductor.js";
import { HAPP, ROLE, TEST_HAPP, type NetworkProperties } from "./happ.js";

/** Generation methods as the zomes spell them. */
export type Method = "solar" | "wind" | "hydro" | "battery" | "biomass" | "grid";

/** What `create_profile` and `update_profile` take. */
export interface ProfileInput {
  name: string;
  postcode: string;
  producer_methods: string[];
  accepted_methods: string[];
  address?: string;
  meter_id?: string;
}

/** A profile's content, as stored. */
export interface ProfileData {
  name: string;
  postcode: string;
  producer_methods: Method[];
  accepted_methods: Method[];
}

/** What `create_profile`, `update_profile` and `get_my_profile` return. */
export interface MyProfile {
  agent: AgentPubKey;
  profile_hash: ActionHash;
  profile: ProfileData;
  private_details: { address: string; meter_id: string } | null;
}

/** What `get_profile` returns. */
export interface HouseholdProfile {
  agent: AgentPubKey;
  profile_hash: ActionHash;
  profile: ProfileData;
}

/** One household found by `find_producers` or `find_consumers`. */
export interface Listing extends HouseholdProfile {
  matched_methods: Method[];
  same_postcode: boolean;
}

/** Options for installing households. */
export interface InstallOptions {
  /** DNA property overrides (each distinct set is its own network). */
  properties?: Partial<NetworkProperties>;
  /** Install the test variant with the `adversary` zome. */
  withAdversary?: boolean;
}

/** Starts `count` conductors, one household each, on one network. */
export async function addHouseholds(
  scenario: Scenario,
  count: number,
  { properties = {}, withAdversary = false }: InstallOptions = {},
): Promise<PlayerApp[]> {
  const players: PlayerApp[] = [];
  for (let i = 0; i < count; i++) {
    players.push(await addPlayer(scenario, { happ: withAdversary ? TEST_HAPP : HAPP, properties }));
  }
  await scenario.shareAllAgents();
  return players;
}

/** The cell of the market role. */
export function cellOf(player: PlayerApp) {
  const cell = player.namedCells.get(ROLE);
  if (!cell) throw new Error(`player has no ${ROLE} cell`);
  return cell;
}

/** Calls `fn_name` of `zome_name` on the player's cell. */
export function call<T>(player: PlayerApp, zome_name: string, fn_name: string, payload?: unknown): Promise<T> {
  return cellOf(player).callZome<T>({ zome_name, fn_name, payload });
}

/** Typed calls into the profiles zome of one household. */
export function profiles(player: PlayerApp) {
  return {
    create: (input: ProfileInput) => call<MyProfile>(player, "profiles", "create_profile", input),
    update: (input: ProfileInput) => call<MyProfile>(player, "profiles", "update_profile", input),
    mine: () => call<MyProfile | null>(player, "profiles", "get_my_profile"),
    get: (agent: AgentPubKey) => call<HouseholdProfile | null>(player, "profiles", "get_profile", agent),
    findProducers: (postcode: string, methods?: string[]) =>
      call<Listing[]>(player, "profiles", "find_producers", { postcode, methods }),
    findConsumers: (postcode: string) => call<Listing[]>(player, "profiles", "find_consumers", { postcode }),
  };
}

/** Waits until every player holds the same integrated DHT ops. */
export async function syncAll(players: PlayerApp[]): Promise<void> {
  const first = players[0];
  if (!first) return;
  await dhtSync(players, cellOf(first).cell_id[0], 500, 90_000);
}

/** A profile input with sensible defaults. */
export function household(overrides: Partial<ProfileInput> & Pick<ProfileInput, "name" | "postcode">): ProfileInput {
  return {
    producer_methods: [],
    accepted_methods: [],
    address: "1 Example Street",
    meter_id: "NMI-0001",
    ...overrides,
  };
}

/** Agent keys compare by content. */
export function sameAgent(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** The names in listings, in their order. */
export function names(listings: Listing[]): string[] {
  return listings.map((l) => l.profile.name);
}
