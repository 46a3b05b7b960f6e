// Households register and find each other: producers in neighbouring postcodes, consumers that
// see exactly their local producers, a profile update that moves the discovery paths, and
// refused inputs that change nothing.
import { runScenario } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { addHouseholds, household, names, profiles, sameAgent, syncAll } from "../support/households.js";
import { waitFor } from "../support/wait.js";

// 2008 and 2010 are neighbours (declared once, holds both ways); 2011 is on its own.
const properties = { local_areas: { "2008": ["2010"] } };

describe("registration and discovery", () => {
  test("consumers find exactly their local producers, and an update moves the paths", async () => {
    await runScenario(async (scenario) => {
      const [solar2008, wind2010, flat2008, flat2011, solar2011] = await addHouseholds(scenario, 5, { properties });
      if (!solar2008 || !wind2010 || !flat2008 || !flat2011 || !solar2011) throw new Error("missing player");

      const a = await profiles(solar2008).create(
        household({ name: "Solar house", postcode: "2008", producer_methods: ["solar"], accepted_methods: ["grid"] }),
      );
      await profiles(wind2010).create(
        household({ name: "Wind farm", postcode: "2010", producer_methods: ["wind", "Battery"] }),
      );
      await profiles(flat2008).create(
        household({ name: "Flat 2", postcode: "2008", accepted_methods: ["solar", "wind"] }),
      );
      await profiles(flat2011).create(household({ name: "Terrace", postcode: "2011", accepted_methods: ["solar"] }));
      await profiles(solar2011).create(household({ name: "Roof 2011", postcode: "2011", producer_methods: ["solar"] }));
      expect(a.profile).toEqual({
        name: "Solar house",
        postcode: "2008",
        producer_methods: ["solar"],
        accepted_methods: ["grid"],
      });
      await syncAll([solar2008, wind2010, flat2008, flat2011, solar2011]);

      // Own postcode first, then the neighbour; 2011 is not local to 2008.
      const local = await profiles(flat2008).findProducers("2008");
      expect(names(local)).toEqual(["Solar house", "Wind farm"]);
      expect(local.map((l) => l.same_postcode)).toEqual([true, false]);
      expect(local[1]?.matched_methods).toEqual(["wind", "battery"]);
      expect(sameAgent(local[0]!.agent, solar2008.agentPubKey)).toBe(true);

      // The method filter, and the neighbour relation seen from the other side.
      expect(names(await profiles(flat2008).findProducers("2008", ["wind"]))).toEqual(["Wind farm"]);
      expect(names(await profiles(flat2011).findProducers("2010"))).toEqual(["Wind farm", "Solar house"]);
      expect(names(await profiles(flat2011).findProducers("2011"))).toEqual(["Roof 2011"]);

      // Consumers by postcode; a producer that also accepts a method is a consumer too.
      expect(names(await profiles(wind2010).findConsumers("2008"))).toEqual(["Flat 2", "Solar house"]);
      // Nobody finds itself.
      expect(names(await profiles(solar2008).findConsumers("2008"))).toEqual(["Flat 2"]);

      // Any household reads another's current profile.
      const seen = await profiles(flat2011).get(solar2008.agentPubKey);
      expect(seen?.profile.name).toBe("Solar house");

      // The wind farm moves to 2011 and stops offering its battery: the paths follow.
      const moved = await profiles(wind2010).update(
        household({ name: "Wind farm", postcode: "2011", producer_methods: ["wind"], address: "9 New Road" }),
      );
      expect(moved.private_details?.address).toBe("9 New Road");
      await syncAll([solar2008, wind2010, flat2008, flat2011, solar2011]);
      expect(names(await profiles(flat2008).findProducers("2008"))).toEqual(["Solar house"]);
      expect(names(await profiles(flat2011).findProducers("2011"))).toEqual(["Roof 2011", "Wind farm"]);
      expect(await profiles(flat2011).findProducers("2011", ["battery"])).toEqual([]);
      const current = await profiles(solar2008).get(wind2010.agentPubKey);
      expect(current?.profile.postcode).toBe("2011");
      expect(current?.profile_hash).toEqual(moved.profile_hash);
      const mine = await profiles(wind2010).mine();
      expect(mine?.profile.producer_methods).toEqual(["wind"]);
      expect(mine?.private_details).toEqual({ address: "9 New Road", meter_id: "NMI-0001" });
    });
  });

  test("invalid input is refused with a clear message and changes nothing", async () => {
    await runScenario(async (scenario) => {
      const [alice, bob] = await addHouseholds(scenario, 2, { properties });
      if (!alice || !bob) throw new Error("missing player");
      const p = profiles(alice);
      const refusals: [Partial<Parameters<typeof household>[0]>, string][] = [
        [{ postcode: "31A9" }, "'31A9' is not a valid postcode: expected 4 digits (AU)."],
        [{ postcode: "20080" }, "'20080' is not a valid postcode: expected 4 digits (AU)."],
        [{ name: "" }, "The name must not be empty."],
        [{ name: "x".repeat(65) }, "The name must be at most 64 characters; it has 65."],
        [{ name: " Padded" }, "The name must not start or end with spaces."],
        [{ producer_methods: ["coal"] }, "'coal' is not a generation method; use one of: solar, wind, hydro, battery, biomass, grid."],
        [{ accepted_methods: ["solar", "solar"] }, "The generation method solar is listed more than once; list each method at most once."],
        [{ accepted_methods: [] }, "A household must produce or accept at least one generation method."],
        [{ meter_id: "m".repeat(65) }, "The meter ID must be at most 64 characters; it has 65."],
      ];
      for (const [change, message] of refusals) {
        const input = household({ name: "Alice", postcode: "2008", accepted_methods: ["solar"], ...change });
        await expect(p.create(input), JSON.stringify(change)).rejects.toThrow(message);
      }
      expect(await p.mine()).toBeNull();

      await expect(p.update(household({ name: "Alice", postcode: "2008", accepted_methods: ["solar"] }))).rejects.toThrow(
        "This agent has no profile yet; create one first.",
      );
      await p.create(household({ name: "Alice", postcode: "2008", accepted_methods: ["solar"] }));
      await expect(p.create(household({ name: "Alice again", postcode: "2008", accepted_methods: ["wind"] }))).rejects.toThrow(
        "This agent already has a profile; use update_profile to change it.",
      );
      await expect(p.update(household({ name: "Alice", postcode: "x", accepted_methods: ["solar"] }))).rejects.toThrow(
        "'x' is not a valid postcode: expected 4 digits (AU).",
      );
      await expect(profiles(bob).findProducers("20 08")).rejects.toThrow(
        "'20 08' is not a valid postcode: expected 4 digits (AU).",
      );
      const mine = await p.mine();
      expect(mine?.profile.name).toBe("Alice");
      expect(mine?.profile.accepted_methods).toEqual(["solar"]);
      await syncAll([alice, bob]);
      const consumers = await waitFor(() => profiles(bob).findConsumers("2008"), (l) => l.length === 1, {
        what: "Alice listed as a consumer in 2008",
      });
      expect(names(consumers)).toEqual(["Alice"]);
    });
  });
});
