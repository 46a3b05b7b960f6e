// Rogue households with self-validation off publish market records that break I3-I7. For each,
// at an honest full-arc conductor: the record is Rejected, a warrant against the rogue names
// exactly that action under an op type that carries the broken rule, and the honest getters
// leave it out (the victim's bid is not contracted, the producer's offers, incoming bids and
// contracts are as before).
import type { ActionHash } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { expect } from "vitest";
import { adversary, addRogues, CHAIN_OPS, CONTENT_OPS, cycleTag, ENTRY, LINK } from "../support/adversary.js";
import { expectRejectedAndWarranted } from "../support/verdict.js";
import { describeConcurrently } from "../support/concurrent.js";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { market, same, startOfNextCycle, type BidView, type ContractView } from "../support/market.js";
import { eventually } from "../support/wait.js";

/** How much of a bidding window the setup and the rogue writes need. */
const WINDOW_NEEDED_MS = 80_000;

/** The network's highest price per kWh (dna.yaml `max_price_per_kwh`), in micro-IOEN. */
const MAX_PRICE = 10_000_000;

/** What the setup made valid before any rogue write: one honest step per case to break next. */
interface Market {
  cycle: number;
  victim: PlayerApp;
  watcher: PlayerApp;
  pia: PlayerApp;
  piaProfile: ActionHash;
  /** The rogue producers' offers and the bids made to them. */
  offers: Map<RogueName, { offer: ActionHash; profile: ActionHash; victimBid: BidView; watcherBid: BidView }>;
  /** Answers made in setup, by rogue. */
  answers: Map<RogueName, ActionHash>;
  /** The demand of the rogue consumer that bids too high. */
  highBidderDemand: ActionHash;
  /** The double-confirming consumer's demand, its confirmed contract (another rogue's) and Pia's contract. */
  doubleConfirm: { demand: ActionHash; piaContract: ContractView };
}

interface Case {
  rule: string;
  /** Which rogue writes (a key of the setup's rogues). */
  rogue: RogueName;
  /** The ops that carry the broken rule: a warrant under another op type does not count. */
  ops: string[];
  write: (m: Market, rogue: PlayerApp) => Promise<ActionHash>;
  /** What an honest household's getters show afterwards. */
  honestView: (m: Market, rogue: PlayerApp, name: RogueName, invalid: ActionHash) => Promise<void>;
}

type RogueName = "overCapacity" | "secondAnswer" | "skipAnswer" | "forkOffer" | "highBid" | "doubleConfirm";
const PRODUCERS: RogueName[] = ["overCapacity", "secondAnswer", "skipAnswer", "forkOffer"];

/** The victim's bid to rogue producer `name` is not contracted, and no contract of it reaches her. */
async function victimUntouched(m: Market, rogue: PlayerApp, name: RogueName): Promise<void> {
  const bids = (await market(m.victim).myBids(m.cycle)).filter((b) => sameAgent(b.bid.producer, rogue.agentPubKey));
  expect(bids.map((b) => b.bid_hash)).toEqual([m.offers.get(name)!.victimBid.bid_hash]);
  expect(bids[0]!.status.type).not.toBe("Contracted");
  const contracts = await market(m.victim).myContracts(m.cycle);
  expect(contracts.filter((c) => sameAgent(c.producer, rogue.agentPubKey))).toEqual([]);
}

/**
 * A contract of rogue producer `name` for the victim's 600 Wh bid, naming `previous_answer` and
 * carrying `allocated_wh`: the three contract cases differ only in these two.
 */
function contractForVictim(m: Market, rogue: PlayerApp, name: RogueName, previous_answer: ActionHash | null, allocated_wh: number): Promise<ActionHash> {
  const { offer, victimBid } = m.offers.get(name)!;
  return adversary(rogue).create(ENTRY.Contract, {
    offer, bid: victimBid.bid_hash, energy_wh: 600, price_per_kwh: victimBid.bid.price_per_kwh, previous_answer, allocated_wh,
  });
}

const cases: Case[] = [
  {
    rule: "I3 an offer that forks the declaration chain (a second role for one cycle)",
    rogue: "forkOffer",
    ops: CHAIN_OPS,
    write: async (m, rogue) => {
      const { profile } = m.offers.get("forkOffer")!;
      // Names the profile as its previous declaration, as the first offer did: the walk finds
      // the first offer in between.
      const invalid = await adversary(rogue).create(ENTRY.Offer, {
        supply_cycle: m.cycle, method: "solar", capacity_wh: 5000, reserve_price_per_kwh: null, profile, previous_declaration: profile,
      });
      await adversary(rogue).link(LINK.AgentToOffer, rogue.agentPubKey, invalid, cycleTag(m.cycle));
      return invalid;
    },
    honestView: async (m, rogue, _name, invalid) => {
      // Never the forked offer; and once the victim holds the warrant, none of the producer's
      // (`get_offers_of` hides a warranted producer).
      const offers = await market(m.victim).offersOf(rogue.agentPubKey, m.cycle);
      expect(offers.some((o) => same(o.offer_hash, invalid))).toBe(false);
      expect(offers).toEqual([]);
    },
  },
  {
    rule: "I4 a bid above the network's highest price",
    rogue: "highBid",
    ops: CONTENT_OPS,
    write: async (m, rogue) => {
      const invalid = await adversary(rogue).create(ENTRY.Bid, {
        demand: m.highBidderDemand, producer: m.pia.agentPubKey, producer_profile: m.piaProfile, energy_wh: 500, price_per_kwh: MAX_PRICE + 1,
      });
      await adversary(rogue).link(LINK.BidInbox, m.pia.agentPubKey, invalid, cycleTag(m.cycle));
      return invalid;
    },
    honestView: async (m, rogue) => {
      const incoming = await market(m.pia).incomingBids(m.cycle);
      expect(incoming.filter((b) => sameAgent(b.consumer, rogue.agentPubKey))).toEqual([]);
    },
  },
  {
    rule: "I5 a contract beyond the offer's capacity",
    rogue: "overCapacity",
    ops: CONTENT_OPS,
    write: (m, rogue) => contractForVictim(m, rogue, "overCapacity", m.answers.get("overCapacity")!, 1300),
    honestView: victimUntouched,
  },
  {
    rule: "I5 a contract that skips its offer's previous answer (a fork of the allocation chain)",
    rogue: "skipAnswer",
    ops: CHAIN_OPS,
    // Within capacity on its own branch: 600 Wh as if the first 700 Wh contract did not exist.
    write: (m, rogue) => contractForVictim(m, rogue, "skipAnswer", null, 600),
    honestView: victimUntouched,
  },
  {
    rule: "I6 a second confirmation for one demand",
    rogue: "doubleConfirm",
    ops: CHAIN_OPS,
    write: async (m, rogue) => {
      const invalid = await adversary(rogue).create(ENTRY.Confirmation, {
        demand: m.doubleConfirm.demand, contract: m.doubleConfirm.piaContract.contract_hash,
      });
      await adversary(rogue).link(LINK.ConfirmationInbox, m.pia.agentPubKey, invalid, cycleTag(m.cycle));
      return invalid;
    },
    honestView: async (m, rogue) => {
      const mine = (await market(m.pia).myContracts(m.cycle)).filter((c) => sameAgent(c.consumer, rogue.agentPubKey));
      expect(mine.map((c) => [c.contract_hash, c.confirmed])).toEqual([[m.doubleConfirm.piaContract.contract_hash, false]]);
    },
  },
  {
    rule: "I7 a second answer to a bid",
    rogue: "secondAnswer",
    ops: CHAIN_OPS,
    write: (m, rogue) => contractForVictim(m, rogue, "secondAnswer", m.answers.get("secondAnswer")!, 600),
    honestView: victimUntouched,
  },
];

// Every case runs in one bidding window. Each rogue is its own conductor (a blocked agent's whole
// conductor is refused). Honest: two consumers (Victim, Watcher) who bid to every rogue producer,
// and one producer (Pia) whom the rogue consumers bid to.
describeConcurrently("honest conductors reject rogue market records (I3-I7)", cases, async (scenario) => {
  // Two-minute cycles: the setup's offers, bids, answers and confirmation (about 40 s on 2 cores)
  // and the rogue writes all fit in one bidding window, which starts at once when enough is left.
  const properties = { cycle_seconds: 120, cycle_epoch_ms: Date.now() };
  const [victim, watcher, pia] = await addHouseholds(scenario, 3, { properties, withAdversary: true });
  if (!victim || !watcher || !pia) throw new Error("missing player");
  const added = await addRogues(scenario, cases.length, properties);
  const rogues = new Map<RogueName, PlayerApp>(cases.map((c, i) => [c.rogue, added[i]!]));
  await profiles(victim).create(household({ name: "Victim", postcode: "2008", accepted_methods: ["solar"] }));
  await profiles(watcher).create(household({ name: "Watcher", postcode: "2008", accepted_methods: ["solar"] }));
  const piaProfile = (await profiles(pia).create(household({ name: "Pia", postcode: "2008", producer_methods: ["solar"] }))).profile_hash;
  const rogueProfiles = new Map<RogueName, ActionHash>();
  for (const [name, rogue] of rogues) {
    const producer = PRODUCERS.includes(name);
    const created = await profiles(rogue).create(
      household({ name: `Rogue ${name}`, postcode: "2008", ...(producer ? { producer_methods: ["solar"] } : { accepted_methods: ["solar"] }) }),
    );
    rogueProfiles.set(name, created.profile_hash);
  }
  const everyone = [victim, watcher, pia, ...rogues.values()];
  await syncAll(everyone);

  const now = await market(victim).cycleInfo();
  const leftMs = (now.bidding_window_end - Date.now() * 1000) / 1000;
  const cycle = (leftMs >= WINDOW_NEEDED_MS ? now : await startOfNextCycle(victim)).bidding_for_cycle;
  const get = (name: RogueName) => rogues.get(name)!;
  // Declarations and bids.
  const offers: Market["offers"] = new Map();
  await market(pia).offer("solar", 1000);
  for (const name of PRODUCERS) {
    const { offer_hash: offer } = await market(get(name)).offer("solar", 1000);
    const victimBid = await market(victim).bid(get(name).agentPubKey, 600, 200_000);
    const watcherBid = await market(watcher).bid(get(name).agentPubKey, 700, 210_000);
    offers.set(name, { offer, profile: rogueProfiles.get(name)!, victimBid, watcherBid });
  }
  const highBidderDemand = (await market(get("highBid")).demand(500)).demand_hash;
  const toPia = await market(get("doubleConfirm")).bid(pia.agentPubKey, 500, 200_000);
  const toForker = await market(get("doubleConfirm")).bid(get("forkOffer").agentPubKey, 200, 200_000);
  await syncAll(everyone);

  // One honest step per case, to break next.
  const answers = new Map<RogueName, ActionHash>();
  const accepted = async (producer: PlayerApp, bid: BidView) => {
    const answer = await market(producer).accept(bid.bid_hash);
    if (answer.type !== "Contract") throw new Error("expected a contract");
    return answer.contract_hash;
  };
  answers.set("overCapacity", await accepted(get("overCapacity"), offers.get("overCapacity")!.watcherBid));
  answers.set("skipAnswer", await accepted(get("skipAnswer"), offers.get("skipAnswer")!.watcherBid));
  const rejection = await market(get("secondAnswer")).reject(offers.get("secondAnswer")!.victimBid.bid_hash, "No capacity");
  if (rejection.type !== "Rejection") throw new Error("expected a rejection");
  answers.set("secondAnswer", rejection.rejection_hash);
  await accepted(pia, toPia);
  const forkerContract = await accepted(get("forkOffer"), toForker);
  await syncAll(everyone);
  await market(get("doubleConfirm")).confirm(forkerContract);
  await syncAll(everyone);
  const piaContract = (await market(pia).myContracts(cycle)).find((c) => same(c.contract.bid, toPia.bid_hash));
  if (!piaContract) throw new Error("Pia's contract is missing");

  const m: Market = {
    cycle, victim, watcher, pia, piaProfile, offers, answers, highBidderDemand,
    doubleConfirm: { demand: toPia.bid.demand, piaContract },
  };
  return async (c) => {
    const rogue = get(c.rogue);
    const invalid = await c.write(m, rogue);
    // Self-validation is off: the rogue's own conductor kept the invalid record.
    expect(await adversary(rogue).getRecord(invalid)).not.toBeNull();
    if (c.rogue !== "forkOffer" && c.rogue !== "highBid" && c.rogue !== "doubleConfirm") {
      await adversary(rogue).link(LINK.AnswerInbox, victim.agentPubKey, invalid, cycleTag(cycle));
    }
    await expectRejectedAndWarranted([victim, watcher, pia], rogue, invalid, c.ops);
    // Each honest household leaves the record out once it holds the warrant (gossip brings it).
    await eventually(() => c.honestView(m, rogue, c.rogue, invalid), { what: "the honest getters to leave the rogue record out" });
    // No honest household is warranted by anyone.
    for (const judge of [victim, watcher, pia]) {
      for (const honest of [victim, watcher, pia]) expect(await adversary(judge).warrants(honest.agentPubKey)).toEqual([]);
    }
  };
}, { setupTimeoutMs: 480_000 });
