// Two full bidding cycles between 2 producers and 4 consumers on separate conductors: offers,
// bids, accepts up to capacity (whole and partial), rejections with receipts, single
// confirmations; the final state is asserted on every conductor.
import type { AppSignal, Signal } from "@holochain/client";
import { SignalType } from "@holochain/client";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { autoAcceptAll, market, same, startOfNextCycle, type BidView, type ContractView } from "../support/market.js";
import { waitFor } from "../support/wait.js";

const CYCLE_SECONDS = 45;

/** Records the app signals a player receives. */
function signalLog(player: PlayerApp): { type: string }[] {
  const log: { type: string }[] = [];
  player.appWs.on("signal", (signal: Signal) => {
    if (signal.type === SignalType.App) log.push((signal.value as AppSignal).payload as { type: string });
  });
  return log;
}

function statusOf(bids: BidView[], producer: Uint8Array) {
  const bid = bids.find((b) => sameAgent(b.bid.producer, producer));
  if (!bid) throw new Error("no bid to that producer");
  return bid.status;
}

describe("bidding cycles", () => {
  test("two producers and four consumers trade two consecutive cycles", async () => {
    await runScenario(async (scenario) => {
      // Cycle 0 starts when the test does; phases wait for cycle boundaries on the DNA's clock.
      const properties = {
        local_areas: { "2008": ["2010"] },
        cycle_seconds: CYCLE_SECONDS,
        cycle_epoch_ms: Date.now(),
      };
      const players = await addHouseholds(scenario, 6, { properties });
      const [solar, wind, flat, unit, cottage, terrace] = players as [PlayerApp, PlayerApp, PlayerApp, PlayerApp, PlayerApp, PlayerApp];
      await profiles(solar).create(household({ name: "Solar house", postcode: "2008", producer_methods: ["solar"], accepted_methods: ["wind"] }));
      await profiles(wind).create(household({ name: "Wind farm", postcode: "2010", producer_methods: ["wind"] }));
      await profiles(flat).create(household({ name: "Flat", postcode: "2008", accepted_methods: ["solar", "wind"] }));
      await profiles(unit).create(household({ name: "Unit", postcode: "2008", accepted_methods: ["solar"] }));
      await profiles(cottage).create(household({ name: "Cottage", postcode: "2010", accepted_methods: ["wind"] }));
      await profiles(terrace).create(household({ name: "Terrace", postcode: "2010", accepted_methods: ["solar", "wind"] }));
      await syncAll(players);
      const solarSignals = signalLog(solar);
      const flatSignals = signalLog(flat);

      // ---- Round 1: bidding in cycle k for supply cycle k+1 ----
      const round1 = (await startOfNextCycle(solar)).bidding_for_cycle;
      const settleStart = Date.now();
      await market(solar).offer("solar", 3000);
      await market(wind).offer("wind", 1700);
      expect((await profiles(flat).findProducers("2008")).map((l) => l.profile.name)).toEqual(["Solar house", "Wind farm"]);
      await market(flat).bid(solar.agentPubKey, 1500, 300_000);
      await market(flat).bid(wind.agentPubKey, 1500, 250_000);
      await market(unit).bid(solar.agentPubKey, 1000, 280_000);
      await market(cottage).bid(wind.agentPubKey, 1200, 260_000);
      await market(terrace).bid(solar.agentPubKey, 1000, 200_000);
      await market(terrace).bid(wind.agentPubKey, 500, 270_000);
      // A consumer cannot bid to a producer whose method it does not accept, nor twice.
      await expect(market(cottage).bid(solar.agentPubKey, 100, 100_000)).rejects.toThrow(
        "The producer's generation methods (solar) include none that the consumer accepts (wind).",
      );
      await expect(market(flat).bid(solar.agentPubKey, 100, 100_000)).rejects.toThrow(
        `You already bid to this producer for supply cycle ${round1}.`,
      );
      await incomingCount(solar, round1, 3);
      await incomingCount(wind, round1, 3);

      // The producer learned of the bids at once, and sees them highest price first.
      await waitFor(async () => solarSignals.filter((s) => s.type === "NewBid").length, (n) => n === 3, {
        what: "three NewBid signals at the solar producer",
      });
      const incoming = await market(solar).incomingBids(round1);
      expect(incoming.map((b) => b.bid.price_per_kwh)).toEqual([300_000, 280_000, 200_000]);

      // Auto-accept: highest price first, whole while it fits, the rest partially.
      const solarAnswers = await autoAcceptAll(solar, round1);
      expect(solarAnswers.map((a) => (a.type === "Contract" ? a.contract.energy_wh : 0))).toEqual([1500, 1000, 500]);
      const windAnswers = await autoAcceptAll(wind, round1);
      expect(windAnswers.map((a) => a.type)).toEqual(["Contract", "Contract", "Rejection"]);
      await expect(market(solar).accept(incoming[0]!.bid_hash)).rejects.toThrow("This bid has already been answered.");
      for (const consumer of [flat, unit, cottage, terrace]) await allAnswered(consumer, round1);

      // Each consumer sees its answers, including the rejection's reason.
      const flatBids = await market(flat).myBids(round1);
      expect(statusOf(flatBids, solar.agentPubKey)).toMatchObject({ type: "Contracted", energy_wh: 1500, confirmed: false });
      expect(statusOf(flatBids, wind.agentPubKey)).toMatchObject({
        type: "Rejected",
        reason: "Capacity for this cycle is fully allocated.",
      });
      await waitFor(async () => flatSignals.map((s) => s.type).sort(), (t) => t.join() === "BidAccepted,BidRejected", {
        what: "the flat's accept and reject signals",
      });

      // Confirmations: by hand, the cheapest, and a preferred method; one per consumer.
      const flatContract = statusOf(flatBids, solar.agentPubKey);
      if (flatContract.type !== "Contracted") throw new Error("unreachable");
      await market(flat).confirm(flatContract.contract_hash);
      const unitContract = statusOf(await market(unit).myBids(round1), solar.agentPubKey);
      if (unitContract.type !== "Contracted") throw new Error("unit's bid was not contracted");
      await market(unit).confirm(unitContract.contract_hash);
      const terraceChoice = await market(terrace).autoConfirm(round1, { type: "cheapest" });
      expect(terraceChoice).not.toBeNull();
      expect(await market(cottage).autoConfirm(round1, { type: "method", method: "wind" })).not.toBeNull();
      await expect(market(terrace).autoConfirm(round1, { type: "cheapest" })).resolves.toBeNull();
      const terraceContracts = await market(terrace).myContracts(round1);
      const other = terraceContracts.find((c) => !c.confirmed);
      await expect(market(terrace).confirm(other!.contract_hash)).rejects.toThrow(
        `You have already confirmed a contract for supply cycle ${round1}.`,
      );
      await confirmedCount(solar, round1, 3);
      await confirmedCount(wind, round1, 1);
      const settledMs = Date.now() - settleStart;
      console.log(`bidding round for cycle ${round1} settled on all 6 conductors in ${settledMs} ms`);

      // The final state of round 1, as every conductor's own getters report it.
      const solarContracts = await market(solar).myContracts(round1);
      expect(summary(solarContracts)).toEqual([
        { role: "producer", energy_wh: 1500, price: 300_000, confirmed: true },
        { role: "producer", energy_wh: 1000, price: 280_000, confirmed: true },
        { role: "producer", energy_wh: 500, price: 200_000, confirmed: true },
      ]);
      expect(solarContracts.map((c) => c.contract.allocated_wh)).toEqual([1500, 2500, 3000]);
      expect(summary(await market(wind).myContracts(round1))).toEqual([
        { role: "producer", energy_wh: 500, price: 270_000, confirmed: false },
        { role: "producer", energy_wh: 1200, price: 260_000, confirmed: true },
      ]);
      expect(summary(await market(flat).myContracts(round1))).toEqual([
        { role: "consumer", energy_wh: 1500, price: 300_000, confirmed: true },
      ]);
      expect(summary(await market(unit).myContracts(round1))).toEqual([
        { role: "consumer", energy_wh: 1000, price: 280_000, confirmed: true },
      ]);
      expect(summary(await market(cottage).myContracts(round1))).toEqual([
        { role: "consumer", energy_wh: 1200, price: 260_000, confirmed: true },
      ]);
      const terraceFinal = await market(terrace).myContracts(round1);
      expect(summary(terraceFinal).sort((a, b) => a.price - b.price)).toEqual([
        { role: "consumer", energy_wh: 500, price: 200_000, confirmed: true },
        { role: "consumer", energy_wh: 500, price: 270_000, confirmed: false },
      ]);
      const terraceConfirmed = terraceFinal.find((c) => c.confirmed);
      expect(sameAgent(terraceConfirmed!.producer, solar.agentPubKey)).toBe(true);

      // ---- Round 2: the solar house buys this time; roles are per cycle ----
      const round2 = (await startOfNextCycle(solar)).bidding_for_cycle;
      expect(round2).toBeGreaterThan(round1);
      await market(wind).offer("wind", 1000);
      await market(solar).bid(wind.agentPubKey, 600, 310_000);
      await expect(market(solar).offer("solar", 1000)).rejects.toThrow(
        `You already declared a demand for supply cycle ${round2}; a household is either a producer or a consumer in a cycle.`,
      );
      await market(cottage).bid(wind.agentPubKey, 800, 300_000);
      await market(terrace).bid(wind.agentPubKey, 300, 100_000);
      await incomingCount(wind, round2, 3);
      const windIncoming = await market(wind).incomingBids(round2);
      expect(windIncoming.map((b) => b.bid.energy_wh)).toEqual([600, 800, 300]);
      await market(wind).accept(windIncoming[0]!.bid_hash);
      await expect(market(wind).accept(windIncoming[1]!.bid_hash, 500)).rejects.toThrow(
        "Accepting this bid would allocate 1100 Wh of an offer of 1000 Wh.",
      );
      await market(wind).accept(windIncoming[1]!.bid_hash, 400);
      await market(wind).reject(windIncoming[2]!.bid_hash, "Too cheap for wind tonight");
      for (const consumer of [solar, cottage, terrace]) await allAnswered(consumer, round2);
      const solarBid = (await market(solar).myBids(round2))[0]!;
      if (solarBid.status.type !== "Contracted") throw new Error("solar's bid was not contracted");
      await market(solar).confirm(solarBid.status.contract_hash);
      await market(cottage).autoConfirm(round2, { type: "cheapest" });
      await confirmedCount(wind, round2, 2);

      for (const p of players) {
        const view = await market(p).myContracts(round2);
        const expected =
          p === wind
            ? [
                { role: "producer", energy_wh: 600, price: 310_000, confirmed: true },
                { role: "producer", energy_wh: 400, price: 300_000, confirmed: true },
              ]
            : p === solar
              ? [{ role: "consumer", energy_wh: 600, price: 310_000, confirmed: true }]
              : p === cottage
                ? [{ role: "consumer", energy_wh: 400, price: 300_000, confirmed: true }]
                : [];
        expect(summary(view)).toEqual(expected);
      }
      expect(statusOf(await market(terrace).myBids(round2), wind.agentPubKey)).toMatchObject({
        type: "Rejected",
        reason: "Too cheap for wind tonight",
      });
      // Round 1 is unchanged by round 2.
      expect(summary(await market(wind).myContracts(round1)).length).toBe(2);
      const offers = await market(flat).offersOf(wind.agentPubKey, round2);
      expect(offers.map((o) => o.offer.capacity_wh)).toEqual([1000]);
      expect(same(offers[0]!.offer.profile, (await profiles(wind).mine())!.profile_hash)).toBe(true);
    });
  });
});

/** Waits until a producer sees `n` bids for the cycle. */
async function incomingCount(producer: PlayerApp, cycle: number, n: number) {
  await waitFor(() => market(producer).incomingBids(cycle), (bids) => bids.length === n, {
    what: `${n} incoming bids for cycle ${cycle}`,
  });
}

/** Waits until every bid of a consumer for the cycle has its answer. */
async function allAnswered(consumer: PlayerApp, cycle: number) {
  await waitFor(() => market(consumer).myBids(cycle), (bids) => bids.every((b) => b.status.type !== "Waiting"), {
    what: `answers to every bid for cycle ${cycle}`,
  });
}

/** Waits until a producer sees `n` of its contracts for the cycle confirmed. */
async function confirmedCount(producer: PlayerApp, cycle: number, n: number) {
  await waitFor(
    () => market(producer).myContracts(cycle),
    (contracts) => contracts.filter((c) => c.confirmed).length === n,
    { what: `${n} confirmed contracts for cycle ${cycle}` },
  );
}

function summary(contracts: ContractView[]) {
  return contracts.map((c) => ({
    role: c.role,
    energy_wh: c.contract.energy_wh,
    price: c.contract.price_per_kwh,
    confirmed: c.confirmed,
  }));
}
