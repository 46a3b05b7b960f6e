// Rule I14 in the scenarios: one steward per test file names itself in the DNA properties and
// invites every household the file installs, as `npm start` does for its market.
import type { AgentPubKey } from "@holochain/client";
import { createSteward, signInvitation, type Steward } from "../../../scripts/lib/invitation.mjs";

/** The steward of this test file's networks (a new key in every file, so every run). */
export const STEWARD: Steward = createSteward();

/** A day from now, in milliseconds since 1970: the default expiry of a test invitation. */
export function tomorrowMs(): number {
  return Date.now() + 86_400_000;
}

/** The invitation of `invitee` by `steward` (the file's by default), a day valid by default. */
export function invite(
  invitee: AgentPubKey,
  { creditLimit, expiresAtMs = tomorrowMs(), steward = STEWARD }: { creditLimit: number; expiresAtMs?: number; steward?: Steward },
): Uint8Array {
  return signInvitation(steward, { invitee, creditLimit, expiresAtMs });
}
