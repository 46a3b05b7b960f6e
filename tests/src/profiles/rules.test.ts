// Rules I1 and I2, broken through the `adversary` zome (which skips the coordinator's checks):
// the author's own conductor refuses every such write with the rule's message.
import { runScenario } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { adversary, ENTRY, LINK } from "../support/adversary.js";
import { privateDetails, solarProfile } from "../support/fixtures.js";
import { addHouseholds, household, profiles, syncAll } from "../support/households.js";

describe("rules I1 and I2 are enforced by validation", () => {
  test("each invalid write is refused by the author's own conductor", async () => {
    await runScenario(async (scenario) => {
      const [alice, mallory] = await addHouseholds(scenario, 2, { withAdversary: true });
      if (!alice || !mallory) throw new Error("missing player");
      const aliceProfile = await profiles(alice).create(
        household({ name: "Alice", postcode: "2008", producer_methods: ["solar"] }),
      );
      const m = adversary(mallory);
      const own = await m.create(ENTRY.Profile, solarProfile());
      await syncAll([alice, mallory]);

      const refused = async (write: Promise<unknown>, message: string | RegExp) =>
        expect(write).rejects.toThrow(message);

      // I1: content of a profile, on create and on update.
      await refused(m.create(ENTRY.Profile, solarProfile({ postcode: "31A9" })), "'31A9' is not a valid postcode: expected 4 digits (AU).");
      await refused(m.update(own, solarProfile({ name: "" })), "The name must not be empty.");
      await refused(
        m.update(own, solarProfile({ producer_methods: [], accepted_methods: [] })),
        "A household must produce or accept at least one generation method.",
      );
      await refused(m.update(own, { name: "No postcode" }), /postcode|Deserialize|missing field/i);
      // I1: one profile per agent.
      await refused(m.create(ENTRY.Profile, solarProfile({ name: "Second" })), "An agent can create only one profile; update the existing one instead.");
      // I1: only the author updates, nobody deletes.
      await refused(m.update(aliceProfile.profile_hash, solarProfile({ name: "Alice (hijacked)" })), "Only its author may update a profile.");
      await refused(m.delete(own), "Profiles and private details cannot be deleted; update them instead.");
      await refused(m.delete(aliceProfile.profile_hash), "Profiles and private details cannot be deleted; update them instead.");
      // I1: private details stay within their limits.
      await refused(m.create(ENTRY.PrivateDetails, privateDetails({ meter_id: "m".repeat(65) })), "The meter ID must be at most 64 characters; it has 65.");
      // I1: the agent link is the author's own, to its own profile.
      await refused(m.link(LINK.AgentToProfile, alice.agentPubKey, own), "An agent can only link its own key to its profile.");
      await refused(
        m.link(LINK.AgentToProfile, mallory.agentPubKey, aliceProfile.profile_hash),
        "An agent can only link its key to a profile it wrote.",
      );
      // I2: discovery paths only by the profile's author, matching its postcode and methods.
      const solar2008 = await m.pathHash("Producer.solar.2008");
      await refused(m.link(LINK.PathToProfile, solar2008, aliceProfile.profile_hash), "Only a profile's author can link it to a discovery path.");
      await refused(
        m.link(LINK.PathToProfile, await m.pathHash("Producer.wind.2008"), own),
        "A profile can only be linked from its own paths (Producer.solar.2008).",
      );
      await refused(m.link(LINK.PathToProfile, await m.pathHash("Consumer.2008"), own), "A profile can only be linked from its own paths (Producer.solar.2008).");
      await refused(m.link(LINK.PathToProfile, solar2008, own, new Uint8Array([1])), "A discovery path link carries no tag.");
      const details = await m.create(ENTRY.PrivateDetails, privateDetails());
      await refused(m.link(LINK.PathToProfile, solar2008, details), "The referenced record is not of type profile.");
      // I2: nobody removes another household's path link.
      const alicePathLinks = await m.links(LINK.PathToProfile, solar2008);
      expect(alicePathLinks).toHaveLength(1);
      await refused(m.unlink(alicePathLinks[0]!.create_link_hash), "Only the author of a link can delete it.");

      // The valid raw writes of the same zome pass: the refusals above are the rules, not the tool.
      await m.link(LINK.PathToProfile, solar2008, own);
      await m.link(LINK.AgentToProfile, mallory.agentPubKey, own);
      await syncAll([alice, mallory]);
      const seen = await profiles(alice).findProducers("2008");
      expect(seen.map((l) => l.profile.name)).toEqual(["Mallory"]);
    });
  });

  test("a profile must be among the first actions of a chain", async () => {
    await runScenario(async (scenario) => {
      const [mallory] = await addHouseholds(scenario, 1, { withAdversary: true });
      if (!mallory) throw new Error("missing player");
      const m = adversary(mallory);
      for (let i = 0; i < 24; i++) {
        await m.create(ENTRY.PrivateDetails, privateDetails({ meter_id: `filler-${i}` }));
      }
      await expect(m.create(ENTRY.Profile, solarProfile())).rejects.toThrow(
        /A profile must be created no later than action 24 of a source chain \(this is action \d+\)\./,
      );
    });
  });
});
