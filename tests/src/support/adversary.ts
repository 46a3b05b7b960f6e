// Raw writes through the test-only `adversary` zome, and a rogue conductor that skips its own
// validation so that its invalid writes reach the network.
import { decode, encode } from "@msgpack/msgpack";
import type { ActionHash, AgentPubKey, AnyLinkableHash, EntryHash, Link, Record } from "@holochain/client";
import type { PlayerApp, Scenario } from "@holochain/tryorama";
import { addPlayer } from "./conductor.js";
import { TEST_HAPP, type NetworkProperties } from "./happ.js";
import { call } from "./households.js";
import { waitFor } from "./wait.js";

/** Entry types by integrity zome and index (their order in each `EntryTypes` enum). */
export const ENTRY = {
  Profile: { zome: "profiles_integrity", entry_index: 0, private: false },
  PrivateDetails: { zome: "profiles_integrity", entry_index: 1, private: true },
  Offer: { zome: "market_integrity", entry_index: 0, private: false },
  Demand: { zome: "market_integrity", entry_index: 1, private: false },
  Bid: { zome: "market_integrity", entry_index: 2, private: false },
  Contract: { zome: "market_integrity", entry_index: 3, private: false },
  RejectionReceipt: { zome: "market_integrity", entry_index: 4, private: false },
  Confirmation: { zome: "market_integrity", entry_index: 5, private: false },
  Account: { zome: "ledger_integrity", entry_index: 0, private: false },
  Invoice: { zome: "ledger_integrity", entry_index: 1, private: false },
  Payment: { zome: "ledger_integrity", entry_index: 2, private: false },
  Receipt: { zome: "ledger_integrity", entry_index: 3, private: false },
} as const;

/** Link types by integrity zome and index (their order in each `LinkTypes` enum). */
export const LINK = {
  PathToProfile: { zome: "profiles_integrity", link_index: 0 },
  AgentToProfile: { zome: "profiles_integrity", link_index: 1 },
  BidInbox: { zome: "market_integrity", link_index: 0 },
  AnswerInbox: { zome: "market_integrity", link_index: 1 },
  ConfirmationInbox: { zome: "market_integrity", link_index: 2 },
  AgentToOffer: { zome: "market_integrity", link_index: 3 },
  InvoiceInbox: { zome: "ledger_integrity", link_index: 0 },
  PaymentInbox: { zome: "ledger_integrity", link_index: 1 },
  ReceiptInbox: { zome: "ledger_integrity", link_index: 2 },
} as const;

/** A link tag holding a supply cycle, as the market zome writes it (8 bytes, big-endian). */
export function cycleTag(cycle: number): Uint8Array {
  const tag = new Uint8Array(8);
  new DataView(tag.buffer).setBigUint64(0, BigInt(cycle));
  return tag;
}

/** An invoice inbox link's tag: the billing period, 8 bytes big-endian (`ledger_integrity::period_tag`). */
export function periodTag(period: number): Uint8Array {
  return cycleTag(period);
}

/** The app entry of a record, decoded from msgpack (the fields `create_entry_raw` takes). */
export function entryOf<T>(record: Record): T {
  const entry = "Present" in record.entry ? record.entry.Present : undefined;
  if (!entry || entry.entry_type !== "App") throw new Error("the record has no app entry");
  return decode(entry.entry) as T;
}

/** An invalid-op warrant: the action it names, the op type under which it was judged, and the
 * agent whose conductor judged it. */
export interface WarrantView {
  action: ActionHash;
  op_type: string;
  author: AgentPubKey;
}

type EntryKind = (typeof ENTRY)[keyof typeof ENTRY];
type LinkKind = (typeof LINK)[keyof typeof LINK];

/** Raw writes and reads of one player's `adversary` zome. */
export function adversary(player: PlayerApp) {
  const raw = <T>(fn: string, payload: unknown) => call<T>(player, "adversary", fn, payload);
  return {
    create: (kind: EntryKind, entry: unknown) =>
      raw<ActionHash>("create_entry_raw", { ...kind, entry: encode(entry) }),
    update: (original_action_hash: ActionHash, entry: unknown) =>
      raw<ActionHash>("update_entry_raw", { original_action_hash, entry: encode(entry) }),
    delete: (action_hash: ActionHash) => raw<ActionHash>("delete_entry_raw", action_hash),
    link: (kind: LinkKind, base: AnyLinkableHash, target: AnyLinkableHash, tag: Uint8Array = new Uint8Array()) =>
      raw<ActionHash>("create_link_raw", { ...kind, base: linkable(base), target: linkable(target), tag }),
    unlink: (create_link_hash: ActionHash) => raw<ActionHash>("delete_link_raw", create_link_hash),
    pathHash: (p: string) => raw<EntryHash>("path_hash", p),
    getRecord: (h: ActionHash) => raw<Record | null>("get_record", h),
    getEntry: (h: EntryHash) => raw<Record | null>("get_entry_raw", h),
    getRecordLocal: (h: ActionHash) => raw<Record | null>("get_record_local", h),
    getEntryLocal: (h: EntryHash) => raw<Record | null>("get_entry_local", h),
    recordStatus: (h: ActionHash) => raw<string | null>("record_status", h),
    links: (kind: LinkKind, base: AnyLinkableHash) => raw<Link[]>("get_links_raw", { ...kind, base: linkable(base) }),
    linksLocal: (kind: LinkKind, base: AnyLinkableHash) => raw<Link[]>("get_links_local", { ...kind, base: linkable(base) }),
    warrantsAgainst: (agent: AgentPubKey) => raw<number>("warrants_against", agent),
    warrants: (agent: AgentPubKey) => raw<WarrantView[]>("warrants_detail", agent),
    ownAccount: () => raw<ActionHash | null>("own_account", null),
    repeatReceipt: (input: { payment: ActionHash; amount: number; previous_entry: ActionHash; previous_balance: number; credit_limit: number; times: number }) =>
      raw<ActionHash[]>("repeat_receipt", input),
    rejectedActivity: (agent: AgentPubKey) => raw<{ action_seq: number; action: ActionHash }[]>("rejected_activity", agent),
    rejectedActions: async (agent: AgentPubKey) =>
      (await raw<{ action_seq: number; action: ActionHash }[]>("rejected_activity", agent)).map((r) => r.action),
    chainStatus: (agent: AgentPubKey) => raw<"Empty" | "Valid" | "Forked" | "Invalid">("chain_status", agent),
  };
}

/**
 * A hash as a link base or target: an agent key is linked as the entry it is, so its 3-byte type
 * prefix becomes the entry hash prefix (what Holochain does for `create_link(agent, ..)`).
 */
export function linkable(hash: Uint8Array): Uint8Array {
  const AGENT = [0x84, 0x20, 0x24];
  const ENTRY_PREFIX = [0x84, 0x21, 0x24];
  if (AGENT.every((byte, i) => hash[i] === byte)) {
    const copy = new Uint8Array(hash);
    copy.set(ENTRY_PREFIX, 0);
    return copy;
  }
  return hash;
}

/**
 * Adds `count` conductors whose self-validation is off, each with the test hApp installed for one
 * rogue, to the scenario's network: their invalid writes succeed locally and are published for
 * honest peers to judge. Each rogue has its own conductor (honest peers refuse a warranted
 * agent's whole conductor); every agent is shared with every conductor once, at the end.
 */
export async function addRogues(scenario: Scenario, count: number, properties: Partial<NetworkProperties> = {}): Promise<PlayerApp[]> {
  const rogues: PlayerApp[] = [];
  for (let i = 0; i < count; i++) rogues.push(await addPlayer(scenario, { happ: TEST_HAPP, properties, selfValidation: false }));
  await scenario.shareAllAgents();
  return rogues;
}

/**
 * Waits for the first warrant against `rogue` at any of the `honest` conductors. How soon an
 * authority warrants varies a lot in Holochain 0.6.3 (validation retries back off), so a test
 * waits for one warrant anywhere rather than one at each conductor.
 */
export async function firstWarrant(honest: PlayerApp[], rogue: AgentPubKey, what: string): Promise<void> {
  await waitFor(
    async () => Math.max(...(await Promise.all(honest.map((h) => adversary(h).warrantsAgainst(rogue))))),
    (n) => n > 0,
    { what: `a warrant against ${what} at an honest conductor`, timeoutMs: 240_000 },
  );
}

/** The ops that carry a content rule of a create (design.md section 5). */
export const CONTENT_OPS = ["StoreRecord", "StoreEntry", "RegisterAgentActivity"];

/** The ops that carry a chain rule of a create: the walks run where the record and the author's
 * activity are stored. */
export const CHAIN_OPS = ["StoreRecord", "RegisterAgentActivity"];

/** The ops that carry a rule of an update (an invoice's new version): the version's own record
 * and activity, and the two update registrations at the updated version's authorities. */
export const UPDATE_OPS = ["StoreRecord", "StoreEntry", "RegisterUpdatedContent", "RegisterUpdatedRecord", "RegisterAgentActivity"];

/**
 * The hash of the action at position `seq` of `player`'s own chain, read from its own conductor
 * (the admin state dump), whatever honest peers think of it. Hashes in the dump's JSON are byte
 * arrays.
 */
export async function ownActionAt(player: PlayerApp, seq: number): Promise<Uint8Array> {
  const cell = player.cells[0];
  if (!cell) throw new Error("the player has no cell");
  const dump = await player.conductor.adminWs().dumpFullState({ cell_id: cell.cell_id });
  const record = dump.source_chain_dump.records.find((r) => ("action_seq" in r.action ? r.action.action_seq : 0) === seq);
  if (!record) throw new Error(`no action at position ${seq} of the chain`);
  return Uint8Array.from(record.action_address as unknown as ArrayLike<number>);
}
