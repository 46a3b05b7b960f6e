// A rogue conductor with self-validation off publishes writes that break I1, I2 and I15. An honest
// conductor that judges them authors a warrant against the rogue (which blocks it), and no honest
// conductor's getters return the invalid data. Raw reads by hash are not asserted: in Holochain 0.6.3 a
// conductor can still return a copy it cached while validating (docs/rules.md).
import type { ActionHash, AgentPubKey } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { expect } from "vitest";
import { adversary, addRogues, ENTRY, firstWarrant, LINK } from "../support/adversary.js";
import { describeConcurrently } from "../support/concurrent.js";
import { solarProfile } from "../support/fixtures.js";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { waitFor } from "../support/wait.js";

type Adversary = ReturnType<typeof adversary>;

/** What a rogue case wrote: the invalid action, and what an honest reader must not see. */
interface RogueWrite {
  invalid: ActionHash;
}

interface RogueCase {
  rule: string;
  write: (rogue: Adversary, alice: PlayerApp, rogueAgent: AgentPubKey) => Promise<RogueWrite>;
  /** Extra assertions from an honest household's point of view. */
  honestView: (honest: PlayerApp, alice: PlayerApp, rogueAgent: AgentPubKey) => Promise<void>;
}

const cases: RogueCase[] = [
  {
    rule: "I1 profile content (invalid postcode)",
    write: async (rogue) => {
      const invalid = await rogue.create(ENTRY.Profile, solarProfile({ postcode: "31A9" }));
      await rogue.link(LINK.PathToProfile, await rogue.pathHash("Producer.solar.31A9"), invalid);
      return { invalid };
    },
    honestView: async (honest, _alice, rogueAgent) => {
      expect(await profiles(honest).get(rogueAgent)).toBeNull();
    },
  },
  {
    rule: "I1 one profile per agent",
    write: async (rogue, _alice, rogueAgent) => {
      const first = await rogue.create(ENTRY.Profile, solarProfile({ name: "First" }));
      await rogue.link(LINK.AgentToProfile, rogueAgent, first);
      const invalid = await rogue.create(ENTRY.Profile, solarProfile({ name: "Second" }));
      return { invalid };
    },
    honestView: async (honest, _alice, rogueAgent) => {
      expect(await profiles(honest).get(rogueAgent)).toBeNull();
      const listed = await profiles(honest).findProducers("2008");
      expect(listed.some((l) => sameAgent(l.agent, rogueAgent))).toBe(false);
    },
  },
  {
    rule: "I1 only the author updates a profile",
    write: async (rogue, alice) => {
      const original = await profiles(alice).mine();
      if (!original) throw new Error("Alice has no profile");
      const invalid = await waitFor(
        () => rogue.update(original.profile_hash, solarProfile({ name: "Alice (hijacked)", postcode: "2011" })),
        () => true,
        { what: "the rogue to see Alice's profile" },
      );
      return { invalid };
    },
    honestView: async (honest, alice) => {
      const seen = await profiles(honest).get(alice.agentPubKey);
      expect(seen?.profile.name).toBe("Alice");
    },
  },
  {
    rule: "I1 profiles are never deleted",
    write: async (rogue, _alice, rogueAgent) => {
      const own = await rogue.create(ENTRY.Profile, solarProfile());
      await rogue.link(LINK.AgentToProfile, rogueAgent, own);
      return { invalid: await rogue.delete(own) };
    },
    honestView: async () => {},
  },
  {
    rule: "I2 path links only match the profile",
    write: async (rogue) => {
      const own = await rogue.create(ENTRY.Profile, solarProfile());
      const invalid = await rogue.link(LINK.PathToProfile, await rogue.pathHash("Producer.wind.2008"), own);
      return { invalid };
    },
    honestView: async (honest) => {
      const links = await adversary(honest).links(LINK.PathToProfile, await adversary(honest).pathHash("Producer.wind.2008"));
      expect(links).toEqual([]);
      expect(await profiles(honest).findProducers("2008", ["wind"])).toEqual([]);
    },
  },
  {
    rule: "I2 only the profile's author links it to a path",
    write: async (rogue, alice) => {
      const original = await profiles(alice).mine();
      if (!original) throw new Error("Alice has no profile");
      const invalid = await rogue.link(LINK.PathToProfile, await rogue.pathHash("Producer.solar.2011"), original.profile_hash);
      return { invalid };
    },
    honestView: async (honest) => {
      const links = await adversary(honest).links(LINK.PathToProfile, await adversary(honest).pathHash("Producer.solar.2011"));
      expect(links).toEqual([]);
      expect(await profiles(honest).findProducers("2011")).toEqual([]);
    },
  },
  {
    rule: "I15 an entry larger than its type needs (a profile padded to 1 MB)",
    write: async (rogue, _alice, rogueAgent) => {
      const invalid = await rogue.create(ENTRY.Profile, { ...solarProfile({ name: "Padded" }), padding: "x".repeat(1_000_000) });
      await rogue.link(LINK.AgentToProfile, rogueAgent, invalid);
      return { invalid };
    },
    honestView: async (honest, _alice, rogueAgent) => {
      expect(await profiles(honest).get(rogueAgent)).toBeNull();
    },
  },
  {
    rule: "I15 an entry with a field its type does not have (small enough to pass the size limit)",
    write: async (rogue, _alice, rogueAgent) => {
      const invalid = await rogue.create(ENTRY.Profile, { ...solarProfile({ name: "Extra" }), note: "not a profile field" });
      await rogue.link(LINK.AgentToProfile, rogueAgent, invalid);
      return { invalid };
    },
    honestView: async (honest, _alice, rogueAgent) => {
      expect(await profiles(honest).get(rogueAgent)).toBeNull();
    },
  },
];

/**
 * One rogue case run to its end: the rogue writes, an honest conductor warrants it, and each honest
 * household's getters leave its data out. Each case has its own rogue conductor, because once one
 * of its agents is blocked the honest conductors refuse the whole conductor's messages.
 */
async function runCase({ write, honestView }: RogueCase, rogue: PlayerApp, alice: PlayerApp, bob: PlayerApp): Promise<void> {
  const written = await write(adversary(rogue), alice, rogue.agentPubKey);

  // Self-validation is off: the rogue's own conductor kept the invalid write.
  expect(await adversary(rogue).getRecord(written.invalid)).not.toBeNull();

  // An honest authority that judges the write warrants the rogue; then each honest conductor's
  // getters leave the rogue's data out.
  await firstWarrant([alice, bob], rogue.agentPubKey, "the rogue");
  for (const honest of [alice, bob]) {
    // Validation of the other ops of the write may finish a moment after the warrant.
    await waitFor(
      () => honestView(honest, alice, rogue.agentPubKey).then(() => true, () => false),
      (ok) => ok,
      { what: "the honest view to leave the rogue's data out", timeoutMs: 60_000 },
    );
    await honestView(honest, alice, rogue.agentPubKey);
  }
}

// The cases share two honest households and run at once, one rogue conductor each: their writes
// touch different data (each rogue's own profile, or Alice's under different postcodes), and the
// waits for warrants overlap instead of adding up.
describeConcurrently("honest conductors reject a rogue's invalid writes", cases, async (scenario) => {
  const [alice, bob] = await addHouseholds(scenario, 2, { withAdversary: true });
  if (!alice || !bob) throw new Error("missing player");
  await profiles(alice).create(household({ name: "Alice", postcode: "2008", producer_methods: ["solar"] }));
  // Bob holds Alice's profile before the rogues write, so each authority judges a rogue write
  // that names it at once instead of waiting to fetch it (the warrant then comes quickly).
  await syncAll([alice, bob]);
  const rogues = await addRogues(scenario, cases.length);
  // The first call grants the test its signing key on the rogue's conductor: one at a time.
  for (const rogue of rogues) await profiles(rogue).mine();
  return (c, i) => runCase(c, rogues[i]!, alice, bob);
});
