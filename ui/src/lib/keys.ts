// Agent keys and action hashes as map keys and short labels.

import { encodeHashToBase64, type HoloHash } from "@holochain/client";

/** A hash as a string key ("uhCAk..."). */
export function keyOf(hash: HoloHash): string {
  return encodeHashToBase64(hash);
}

/** Two hashes are the same. */
export function sameHash(a: HoloHash | null | undefined, b: HoloHash | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short, stable label for a hash when no name is known ("…f3K9qA"). */
export function shortHash(hash: HoloHash): string {
  return `…${keyOf(hash).slice(-6)}`;
}
