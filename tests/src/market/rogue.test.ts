// A rogue producer with self-validation off publishes answers that break I5 and I7. An honest
// conductor that judges them warrants the rogue (which blocks it), and the consumer never sees its
// bid as contracted.
import type { ActionHash } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { expect } from "vitest";
import { adversary, addRogue, cycleTag, ENTRY, firstWarrant, LINK } from "../support/adversary.js";
import { describeConcurrently } from "../support/concurrent.js";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { market, startOfNextCycle, type BidView } from "../support/market.js";

interface Setup {
  rogue: PlayerApp;
  offer: ActionHash;
  victimBid: BidView;
  otherBid: BidView;
}

/// Each case makes one honest answer first (`answer`, returning its hash), then the invalid one
/// (`write`). The honest answer is synced to every conductor before the invalid write, so the
/// authorities judge the invalid answer with its whole chain at hand instead of waiting to fetch it.
const cases: {
  rule: string;
  answer: (s: Setup) => Promise<ActionHash>;
  write: (s: Setup, previous: ActionHash) => Promise<ActionHash>;
}[] = [
  {
    rule: "I5 a contract beyond the offer's capacity",
    answer: async ({ rogue, otherBid }) => {
      const first = await market(rogue).accept(otherBid.bid_hash);
      if (first.type !== "Contract") throw new Error("expected a contract");
      return first.contract_hash;
    },
    write: ({ rogue, offer, victimBid }, previous) =>
      adversary(rogue).create(ENTRY.Contract, {
        offer, bid: victimBid.bid_hash, energy_wh: 600, price_per_kwh: victimBid.bid.price_per_kwh,
        previous_answer: previous, allocated_wh: 1300,
      }),
  },
  {
    rule: "I7 a second answer to a bid",
    answer: async ({ rogue, victimBid }) => {
      const rejection = await market(rogue).reject(victimBid.bid_hash, "No capacity");
      if (rejection.type !== "Rejection") throw new Error("expected a rejection");
      return rejection.rejection_hash;
    },
    write: ({ rogue, offer, victimBid }, previous) =>
      adversary(rogue).create(ENTRY.Contract, {
        offer, bid: victimBid.bid_hash, energy_wh: 600, price_per_kwh: victimBid.bid.price_per_kwh,
        previous_answer: previous, allocated_wh: 600,
      }),
  },
];

// Both cases run in one bidding window against the same two honest consumers, each with its own
// rogue producer (a blocked agent's whole conductor is refused, so rogues never share one). Each
// consumer bids to both rogues; a case only looks at its own rogue's bid and contracts.
describeConcurrently("honest conductors reject a rogue producer's invalid answers", cases, async (scenario) => {
  const properties = { cycle_seconds: 60, cycle_epoch_ms: Date.now() };
  const [victim, watcher] = await addHouseholds(scenario, 2, { properties, withAdversary: true });
  if (!victim || !watcher) throw new Error("missing player");
  const rogues: PlayerApp[] = [];
  for (let i = 0; i < cases.length; i++) rogues.push(await addRogue(scenario, properties));
  await profiles(victim).create(household({ name: "Victim", postcode: "2008", accepted_methods: ["solar"] }));
  await profiles(watcher).create(household({ name: "Watcher", postcode: "2008", accepted_methods: ["solar"] }));
  for (const [i, rogue] of rogues.entries()) {
    await profiles(rogue).create(household({ name: `Rogue ${i + 1}`, postcode: "2008", producer_methods: ["solar"] }));
  }
  const everyone = [victim, watcher, ...rogues];
  await syncAll(everyone);

  const cycle = (await startOfNextCycle(victim)).bidding_for_cycle;
  const setups: Setup[] = [];
  for (const rogue of rogues) {
    const { offer_hash: offer } = await market(rogue).offer("solar", 1000);
    const victimBid = await market(victim).bid(rogue.agentPubKey, 600, 200_000);
    const otherBid = await market(watcher).bid(rogue.agentPubKey, 700, 210_000);
    setups.push({ rogue, offer, victimBid, otherBid });
  }
  await syncAll(everyone);
  const previous = await Promise.all(cases.map((c, i) => c.answer(setups[i]!)));
  await syncAll(everyone);
  return (c, i) => runCase(c, setups[i]!, previous[i]!, victim, watcher, cycle);
});

/** The invalid answer, its warrant at an honest conductor, and the victim's view of its bid. */
async function runCase(
  { write }: (typeof cases)[number],
  setup: Setup,
  previous: ActionHash,
  victim: PlayerApp,
  watcher: PlayerApp,
  cycle: number,
): Promise<void> {
  const { rogue, victimBid } = setup;
  const invalid = await write(setup, previous);
  await adversary(rogue).link(LINK.AnswerInbox, victim.agentPubKey, invalid, cycleTag(cycle));
  // Self-validation is off: the rogue's own conductor kept the invalid contract.
  expect(await adversary(rogue).getRecord(invalid)).not.toBeNull();

  await firstWarrant([victim, watcher], rogue.agentPubKey, "the rogue producer");
  const bids = (await market(victim).myBids(cycle)).filter((b) => sameAgent(b.bid.producer, rogue.agentPubKey));
  expect(bids.map((b) => b.bid_hash)).toEqual([victimBid.bid_hash]);
  expect(bids[0]!.status.type).not.toBe("Contracted");
  const contracts = await market(victim).myContracts(cycle);
  expect(contracts.filter((c) => sameAgent(c.producer, rogue.agentPubKey))).toEqual([]);
}
