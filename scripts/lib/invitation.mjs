// Rule I14 outside the DNA: a steward's key and the invitations it signs.
//
// The byte layout is `ioen_core::membership` (166 bytes): "IOENINV1", the invitee's and the
// steward's 39-byte agent keys, the credit limit and the expiry as big-endian 64-bit integers,
// then the steward's Ed25519 signature of those 102 bytes. People pass it around as base64 text,
// the invitation code the web UI asks for.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { decodeHashFromBase64, encodeHashToBase64, hashFrom32AndType } from "@holochain/client";

export const INVITATION_BYTES = 166;
const MAGIC = new TextEncoder().encode("IOENINV1");

/** A new steward: an Ed25519 key pair, its private half as PKCS#8 PEM (keep it secret). */
export function createSteward() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return loadSteward(privateKey.export({ format: "pem", type: "pkcs8" }).toString());
}

/** The steward whose private key is `privateKeyPem`, with its agent key (raw and base64). */
export function loadSteward(privateKeyPem) {
  const privateKey = createPrivateKey(privateKeyPem);
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const agentKey = hashFrom32AndType(new Uint8Array(spki.subarray(spki.length - 32)), "agent");
  return { privateKeyPem, privateKey, agentKey, agentKeyB64: encodeHashToBase64(agentKey) };
}

/**
 * The invitation of `invitee` (a 39-byte agent key or its base64) signed by `steward`, with a
 * credit limit in micro-IOEN and an expiry in milliseconds since 1970.
 */
export function signInvitation(steward, { invitee, creditLimit, expiresAtMs }) {
  const inviteeKey = typeof invitee === "string" ? decodeHashFromBase64(invitee) : invitee;
  if (inviteeKey.length !== 39) throw new Error("an invitee must be a 39-byte agent key");
  const message = new Uint8Array(102);
  message.set(MAGIC, 0);
  message.set(inviteeKey, 8);
  message.set(steward.agentKey, 47);
  const view = new DataView(message.buffer);
  view.setBigInt64(86, BigInt(creditLimit));
  view.setBigInt64(94, BigInt(expiresAtMs));
  const signature = sign(null, message, steward.privateKey);
  const invitation = new Uint8Array(INVITATION_BYTES);
  invitation.set(message, 0);
  invitation.set(signature, 102);
  return invitation;
}

/** An invitation as the text people paste: base64. */
export function invitationCode(invitation) {
  return Buffer.from(invitation).toString("base64");
}
