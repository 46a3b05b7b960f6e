// A rogue producer with self-validation off publishes answers that break I5 and I7. An honest
// conductor that judges them warrants the rogue (which blocks it), and the consumer never sees its
// bid as contracted.
import type { ActionHash } from "@holochain/client";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { adversary, addRogue, cycleTag, ENTRY, LINK } from "../support/adversary.js";
import { addHouseholds, household, profiles, syncAll } from "../support/households.js";
import { market, startOfNextCycle, type BidView } from "../support/market.js";
import { waitFor } from "../support/wait.js";

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

describe("honest conductors reject a rogue producer's invalid answers", () => {
  test.each(cases)("$rule", async ({ answer, write }) => {
    await runScenario(async (scenario) => {
      const properties = { cycle_seconds: 40, cycle_epoch_ms: Date.now() };
      const [victim, watcher] = await addHouseholds(scenario, 2, { properties, withAdversary: true });
      if (!victim || !watcher) throw new Error("missing player");
      const rogue = await addRogue(scenario, properties);
      await profiles(victim).create(household({ name: "Victim", postcode: "2008", accepted_methods: ["solar"] }));
      await profiles(watcher).create(household({ name: "Watcher", postcode: "2008", accepted_methods: ["solar"] }));
      await profiles(rogue).create(household({ name: "Rogue", postcode: "2008", producer_methods: ["solar"] }));
      await syncAll([victim, watcher, rogue]);

      const cycle = (await startOfNextCycle(victim)).bidding_for_cycle;
      const { offer_hash: offer } = await market(rogue).offer("solar", 1000);
      const victimBid = await market(victim).bid(rogue.agentPubKey, 600, 200_000);
      const otherBid = await market(watcher).bid(rogue.agentPubKey, 700, 210_000);
      await syncAll([victim, watcher, rogue]);

      const setup = { rogue, offer, victimBid, otherBid };
      const previous = await answer(setup);
      await syncAll([victim, watcher, rogue]);
      const invalid = await write(setup, previous);
      await adversary(rogue).link(LINK.AnswerInbox, victim.agentPubKey, invalid, cycleTag(cycle));
      // Self-validation is off: the rogue's own conductor kept the invalid contract.
      expect(await adversary(rogue).getRecord(invalid)).not.toBeNull();

      // How soon an authority warrants varies a lot in Holochain 0.6.3 (validation retries back
      // off): wait for the first warrant at either honest conductor.
      await waitFor(
        async () => {
          const counts = await Promise.all([victim, watcher].map((h) => adversary(h).warrantsAgainst(rogue.agentPubKey)));
          return Math.max(...counts);
        },
        (n) => n > 0,
        { what: "a warrant against the rogue producer at an honest conductor", timeoutMs: 240_000 },
      );
      const bids = await market(victim).myBids(cycle);
      expect(bids).toHaveLength(1);
      expect(bids[0]!.status.type).not.toBe("Contracted");
      expect(await market(victim).myContracts(cycle)).toEqual([]);
    });
  }, 480_000);
});
