// Rules I3-I7, broken through the `adversary` zome (which skips the coordinator's checks): the
// author's own conductor refuses each write with the rule's message.
import type { ActionHash } from "@holochain/client";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { adversary, cycleTag, ENTRY, LINK } from "../support/adversary.js";
import { addHouseholds, household, profiles, syncAll } from "../support/households.js";
import { market, startOfNextCycle, type AnswerView } from "../support/market.js";

const refused = (write: Promise<unknown>, message: string | RegExp) => expect(write).rejects.toThrow(message);

function contractHash(answer: AnswerView): ActionHash {
  if (answer.type !== "Contract") throw new Error("expected a contract");
  return answer.contract_hash;
}

describe("rules I3-I7 are enforced by validation", () => {
  test("each invalid market write is refused by the author's own conductor", async () => {
    await runScenario(async (scenario) => {
      const properties = { local_areas: {}, cycle_seconds: 45, cycle_epoch_ms: Date.now() };
      const players = await addHouseholds(scenario, 5, { properties, withAdversary: true });
      const [honestProducer, farProducer, mallory, rogueProducer, neighbour] = players as [
        PlayerApp, PlayerApp, PlayerApp, PlayerApp, PlayerApp,
      ];
      await profiles(honestProducer).create(household({ name: "Honest solar", postcode: "2008", producer_methods: ["solar"] }));
      await profiles(farProducer).create(household({ name: "Far solar", postcode: "2011", producer_methods: ["solar"] }));
      const malloryProfile = await profiles(mallory).create(household({ name: "Mallory", postcode: "2008", accepted_methods: ["solar"] }));
      const rogueProfile = await profiles(rogueProducer).create(
        household({ name: "Rogue solar", postcode: "2008", producer_methods: ["solar"], accepted_methods: ["wind"] }),
      );
      await profiles(neighbour).create(household({ name: "Neighbour", postcode: "2008", accepted_methods: ["solar"] }));
      await syncAll(players);
      const m = adversary(mallory);
      const r = adversary(rogueProducer);

      const cycle = (await startOfNextCycle(mallory)).bidding_for_cycle;
      const rogueOffer = await market(rogueProducer).offer("solar", 1000);
      const bidToRogue = await market(mallory).bid(rogueProducer.agentPubKey, 600, 200_000);
      const bidToHonest = await market(mallory).bid(honestProducer.agentPubKey, 300, 200_000);
      const neighbourBid = await market(neighbour).bid(rogueProducer.agentPubKey, 700, 250_000);
      await market(honestProducer).offer("solar", 1000);
      await syncAll(players);
      const demand = bidToRogue.bid.demand;
      const farProfile = (await profiles(farProducer).mine())!.profile_hash;
      const honestProfile = (await profiles(honestProducer).mine())!.profile_hash;
      const bid = (overrides: object) => ({
        demand,
        producer: honestProducer.agentPubKey,
        producer_profile: honestProfile,
        energy_wh: 100,
        price_per_kwh: 100_000,
        ...overrides,
      });

      // I3: one role per cycle, declarations in one chain.
      await refused(
        m.create(ENTRY.Offer, {
          supply_cycle: cycle, method: "solar", capacity_wh: 10, reserve_price_per_kwh: null,
          profile: malloryProfile.profile_hash, previous_declaration: demand,
        }),
        `This household already declared its role for supply cycle ${cycle} (an offer or a demand); one role per cycle.`,
      );
      await refused(
        r.create(ENTRY.Demand, {
          supply_cycle: cycle, wanted_wh: 10, profile: rogueProfile.profile_hash,
          previous_declaration: rogueProfile.profile_hash,
        }),
        "This declaration skips the author's latest offer or demand; name that one as previous.",
      );
      // I4: a sane bid.
      await refused(m.create(ENTRY.Bid, bid({ energy_wh: 0 })), "A bid must be for more than 0 Wh.");
      await refused(m.create(ENTRY.Bid, bid({ price_per_kwh: 0 })), "A price must be between 1 and 10000000 micro-IOEN per kWh; it is 0.");
      await refused(m.create(ENTRY.Bid, bid({ price_per_kwh: 10_000_001 })), "A price must be between 1 and 10000000 micro-IOEN per kWh; it is 10000001.");
      await refused(
        m.create(ENTRY.Bid, bid({ producer: mallory.agentPubKey, producer_profile: malloryProfile.profile_hash })),
        "A household cannot bid to itself.",
      );
      await refused(
        m.create(ENTRY.Bid, bid({ producer: farProducer.agentPubKey, producer_profile: farProfile })),
        "A producer in 2011 is not local to a consumer in 2008.",
      );
      await refused(m.create(ENTRY.Bid, bid({ producer_profile: farProfile })), "The producer profile a bid names must be the producer's own.");
      await refused(m.create(ENTRY.Bid, bid({ demand: neighbourBid.bid.demand })), "A bid must name the bidder's own demand.");
      // Inbox links: from the right agent, with the right cycle, by the target's author.
      await refused(m.link(LINK.BidInbox, farProducer.agentPubKey, bidToHonest.bid_hash, cycleTag(cycle)), "A market link must hang from the agent its message is for.");
      await refused(m.link(LINK.BidInbox, honestProducer.agentPubKey, bidToHonest.bid_hash, cycleTag(cycle + 1)), "A market link's tag must be its target's supply cycle.");
      await refused(m.link(LINK.BidInbox, rogueProducer.agentPubKey, neighbourBid.bid_hash, cycleTag(cycle)), "A market link can only be made by the author of its target.");
      // Market records are final.
      await refused(m.delete(bidToHonest.bid_hash), "Market records cannot be deleted.");
      await refused(m.update(bidToHonest.bid_hash, bid({})), "Market records cannot be updated: an answer or a confirmation is final.");

      // I5 and I7: answers by the bid's producer, within capacity, one per bid, in one chain.
      const contract = (overrides: object) => ({
        offer: rogueOffer.offer_hash,
        bid: bidToRogue.bid_hash,
        energy_wh: 600,
        price_per_kwh: 200_000,
        previous_answer: null,
        allocated_wh: 600,
        ...overrides,
      });
      await refused(r.create(ENTRY.Contract, contract({ bid: bidToHonest.bid_hash, energy_wh: 300, allocated_wh: 300 })), "Only the producer a bid was made to can answer it.");
      await refused(r.create(ENTRY.Contract, contract({ energy_wh: 700, allocated_wh: 700 })), "A contract must be for more than 0 Wh and at most its bid's 600 Wh; it is for 700 Wh.");
      await refused(r.create(ENTRY.Contract, contract({ price_per_kwh: 1 })), "A contract must be at its bid's price of 200000 micro-IOEN per kWh; it is at 1 micro-IOEN per kWh.");
      await refused(r.create(ENTRY.Contract, contract({ allocated_wh: 500 })), "The allocated total of this answer must be 600 Wh, following from the previous answer of its offer; it is 500 Wh.");
      const first = contractHash(await market(rogueProducer).accept(neighbourBid.bid_hash));
      await refused(r.create(ENTRY.Contract, contract({ previous_answer: first, allocated_wh: 1300 })), "Accepting this bid would allocate 1300 Wh of an offer of 1000 Wh.");
      await refused(r.create(ENTRY.Contract, contract({ energy_wh: 100, allocated_wh: 100 })), "This answer does not follow the latest answer of its offer (the allocated total would fork).");
      const rejection = await market(rogueProducer).reject(bidToRogue.bid_hash, "No");
      if (rejection.type !== "Rejection") throw new Error("expected a rejection");
      await refused(
        r.create(ENTRY.Contract, contract({ energy_wh: 300, previous_answer: rejection.rejection_hash, allocated_wh: 1000 })),
        "This bid has already been answered; a bid gets one contract or one rejection.",
      );
      await refused(
        r.create(ENTRY.RejectionReceipt, { offer: rogueOffer.offer_hash, bid: bidToRogue.bid_hash, reason: "", previous_answer: rejection.rejection_hash, allocated_wh: 700 }),
        "A rejection must give a reason.",
      );
      await refused(
        m.create(ENTRY.Contract, contract({ offer: rogueOffer.offer_hash })),
        "An answer must name the producer's own offer.",
      );

      // I6: one confirmation per cycle, of a contract for one's own bid.
      await syncAll(players);
      const honestContract = contractHash(await market(honestProducer).accept(bidToHonest.bid_hash));
      await syncAll(players);
      await market(mallory).confirm(honestContract);
      await refused(m.create(ENTRY.Confirmation, { demand, contract: honestContract }), "This household has already confirmed a contract for this cycle.");
      await refused(
        m.create(ENTRY.Confirmation, { demand: neighbourBid.bid.demand, contract: first }),
        "Only the consumer who made the bid can confirm its contract.",
      );
      await refused(
        m.create(ENTRY.Confirmation, { demand, contract: first }),
        "This contract answers a bid of another demand; a consumer can only confirm a contract for one of its own bids.",
      );

      // I4: once the bidding window has passed, a bid for that cycle is refused.
      const later = await startOfNextCycle(mallory);
      expect(later.current_cycle).toBe(cycle);
      await refused(
        m.create(ENTRY.Bid, bid({})),
        `Supply cycle ${cycle} can only be bid for, accepted or rejected during cycle ${cycle - 1}; it is now cycle ${cycle}.`,
      );
    });
  });
});
