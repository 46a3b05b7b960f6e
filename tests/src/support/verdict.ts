// The verdict of honest conductors on a rogue's record, asserted in the rogue tests. Apart from
// adversary.ts so that tools outside vitest (the benchmark) can use the adversary's calls.
import type { ActionHash } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { expect } from "vitest";
import { adversary, type WarrantView } from "./adversary.js";
import { waitFor } from "./wait.js";

/**
 * At an honest full-arc conductor (any of `judges`): `action` is Rejected, and a warrant against
 * `author` names exactly that action, judged as one of `ops` (a warrant for a link or record
 * beside it does not count).
 *
 * The verdict is an honest conductor's own: the record's status where a judge rejected it as its
 * record authority; the action among the author's rejected activity where a judge rejected it as
 * activity authority (which may block the author before the record's other ops arrive); or a
 * warrant naming the action that a judge itself authored. A judge may report a copy it fetched
 * while validating a link to the record as Valid (decision 29). A judge that receives another
 * conductor's warrant first validates only the warrant's op before blocking the author, and shows
 * neither the record's status nor the rejected activity: a warrant counts as the verdict when an
 * honest judge wrote it (decision 47).
 */
export async function expectRejectedAndWarranted(judges: PlayerApp[], author: PlayerApp, action: ActionHash, ops: string[]): Promise<void> {
  const isAction = (hash: Uint8Array) => Buffer.from(hash).equals(Buffer.from(action));
  const isJudge = (agent: Uint8Array) => judges.some((j) => Buffer.from(j.agentPubKey).equals(Buffer.from(agent)));
  const named = await waitFor(
    async () => {
      const found: WarrantView[] = [];
      for (const judge of judges) found.push(...(await adversary(judge).warrants(author.agentPubKey)).filter((x) => isAction(x.action)));
      return found;
    },
    (found) => found.length > 0,
    { what: "a warrant naming the rogue action at an honest conductor", timeoutMs: 240_000 },
  );
  expect(named.every((x) => ops.includes(x.op_type))).toBe(true);
  const verdicts = await waitFor(
    () =>
      Promise.all(
        judges.map(async (judge) => {
          const rejected = await adversary(judge).rejectedActions(author.agentPubKey);
          if (rejected.some(isAction)) return "Rejected";
          const warrants = await adversary(judge).warrants(author.agentPubKey);
          if (warrants.some((x) => isAction(x.action) && isJudge(x.author))) return "Rejected";
          return adversary(judge).recordStatus(action);
        }),
      ),
    (found) => found.includes("Rejected"),
    { what: "an honest conductor's verdict on the record", timeoutMs: 180_000 },
  );
  expect(verdicts).toContain("Rejected");
}
