// Rule I14 at honest peers: a household that joined with an expired invitation passes genesis
// (no clock there), but an honest authority for its activity rejects its agent validation action
// (position 1 of its chain) and warrants it under that action's own op type.
import { expect } from "vitest";
import { adversary, firstWarrant } from "../support/adversary.js";
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
    await firstWarrant(judges, eve.agentPubKey, "Eve, who joined with an expired invitation");
    // One judge that both lists the rejected action and holds a warrant for it: another judge
    // may list the rejection before its own warrant is written (seen once in a full run).
    const { judge, rejected, warrants } = await waitFor(
      async () => {
        for (const judge of judges) {
          const rejected = await adversary(judge).rejectedActivity(eve.agentPubKey);
          const warrants = await adversary(judge).warrants(eve.agentPubKey);
          if (rejected.length > 0 && warrants.length > 0) return { judge, rejected, warrants };
        }
        return { judge: judges[0]!, rejected: [], warrants: [] };
      },
      (found) => found.rejected.length > 0,
      { what: "an honest judge to list Eve's rejected action and hold a warrant for it" },
    );
    expect(rejected.map((r) => r.action_seq)).toEqual([1]);
    for (const w of warrants) {
      expect(Buffer.from(w.action).equals(Buffer.from(rejected[0]!.action))).toBe(true);
      expect(["RegisterAgentActivity", "StoreRecord"]).toContain(w.op_type);
    }
    for (const j of judges) expect(await profiles(j).get(eve.agentPubKey)).toBeNull();
  };
});
