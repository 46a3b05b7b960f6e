// Rule I14 at honest peers: a household that joined with an expired invitation passes genesis
// (no clock there), but an honest authority for its activity rejects its agent validation action
// (position 1 of its chain) and warrants it under that action's own op type.
import { expect } from "vitest";
import { adversary, firstWarrant, ownActionAt } from "../support/adversary.js";
import { describeConcurrently } from "../support/concurrent.js";
import { addPlayer } from "../support/conductor.js";
import { HAPP, TEST_HAPP } from "../support/happ.js";
import { profiles } from "../support/households.js";
import { invite } from "../support/membership.js";
import { waitFor } from "../support/wait.js";

const cases = [{ rule: "I14 peers reject the agent validation op of an expired invitation" }];

describeConcurrently("Membership by invitation (I14), judged by peers", cases, async (scenario) => {
  const judges = [await addPlayer(scenario, { happ: TEST_HAPP }), await addPlayer(scenario, { happ: TEST_HAPP })];
  const eve = await addPlayer(scenario, { happ: HAPP, invitation: (agent) => invite(agent, { creditLimit: 1_000_000, expiresAtMs: Date.now() - 60_000 }) });
  await scenario.shareAllAgents();
  return async () => {
    const validationAction = await ownActionAt(eve, 1);
    await firstWarrant(judges, eve.agentPubKey, "Eve, who joined with an expired invitation");
    // A judge blocks Eve as soon as it integrates the first rejected op of hers (Holochain 0.6.3,
    // integrate_dht_ops_workflow), and drops what she sends after that. When the action's
    // StoreRecord op is judged before her activity op arrives, no judge ever lists the action as
    // rejected activity (seen once in CI); the warrant for the action is what every run shows.
    const { judge, warrants } = await waitFor(
      async () => {
        for (const judge of judges) {
          const warrants = (await adversary(judge).warrants(eve.agentPubKey)).filter((w) => Buffer.from(w.action).equals(validationAction));
          if (warrants.length > 0) return { judge: judge.agentPubKey, warrants };
        }
        return { judge: null, warrants: [] };
      },
      (found) => found.warrants.length > 0,
      { what: "an honest judge to hold a warrant for Eve's agent validation action" },
    );
    expect(judge).not.toBeNull();
    for (const w of warrants) expect(["RegisterAgentActivity", "StoreRecord"]).toContain(w.op_type);
    for (const j of judges) {
      // Where a judge did receive her activity op, it rejected that action and no other.
      const rejected = await adversary(j).rejectedActivity(eve.agentPubKey);
      for (const r of rejected) expect([r.action_seq, Buffer.from(r.action).equals(validationAction)]).toEqual([1, true]);
      expect(await profiles(j).get(eve.agentPubKey)).toBeNull();
    }
  };
});
