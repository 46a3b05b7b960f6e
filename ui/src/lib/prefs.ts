// The household's automation choices, kept in the browser per agent (they decide what this page
// does on its own, so they belong to this page, not to the shared DHT).

import type { ConfirmPreference } from "./types";

export interface Prefs {
  /** Confirm a contract on its own as soon as one arrives: by this preference, or never (null). */
  autoConfirm: ConfirmPreference | null;
  /** Answer incoming bids by the auto-accept policy as they arrive. */
  autoAccept: boolean;
}

const DEFAULTS: Prefs = { autoConfirm: null, autoAccept: false };

export function loadPrefs(agentKey: string, storage: Storage | undefined = globalThis.localStorage): Prefs {
  try {
    const text = storage?.getItem(`ioen-prefs-${agentKey}`);
    return text ? { ...DEFAULTS, ...(JSON.parse(text) as Partial<Prefs>) } : { ...DEFAULTS };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePrefs(agentKey: string, prefs: Prefs, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(`ioen-prefs-${agentKey}`, JSON.stringify(prefs));
  } catch {
    // Private browsing may forbid storage: the choice then lasts until the page is closed.
  }
}
