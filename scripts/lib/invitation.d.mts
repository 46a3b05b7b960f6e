// Types of invitation.mjs for the TypeScript scenarios.
import type { KeyObject } from "node:crypto";

export declare const INVITATION_BYTES: number;

export interface Steward {
  privateKeyPem: string;
  privateKey: KeyObject;
  agentKey: Uint8Array;
  agentKeyB64: string;
}

export declare function createSteward(): Steward;
export declare function loadSteward(privateKeyPem: string): Steward;
export declare function signInvitation(
  steward: Steward,
  terms: { invitee: Uint8Array | string; creditLimit: number | bigint; expiresAtMs: number },
): Uint8Array;
export declare function invitationCode(invitation: Uint8Array): string;
