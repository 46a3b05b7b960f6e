// Names of other households, read once per agent from their profiles.

import { SvelteMap } from "svelte/reactivity";
import { keyOf, shortHash } from "../keys";
import type { AgentPubKey, HouseholdProfile } from "../types";

export interface NameSource {
  getProfile(agent: AgentPubKey): Promise<HouseholdProfile | null>;
}

export class Names {
  private readonly names = new SvelteMap<string, string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache the page never renders
  private readonly asked = new Set<string>();

  constructor(private readonly source: NameSource) {}

  /** The household's name, or a short key until its profile has been read. */
  of(agent: AgentPubKey): string {
    const key = keyOf(agent);
    if (!this.asked.has(key)) {
      this.asked.add(key);
      // Read later: a template may call this while rendering, where state must not change.
      queueMicrotask(() => void this.load(agent, key));
    }
    return this.names.get(key) ?? shortHash(agent);
  }

  /** Records names already at hand (from a listing), sparing a read. */
  remember(profiles: HouseholdProfile[]): void {
    for (const p of profiles) {
      const key = keyOf(p.agent);
      this.asked.add(key);
      if (this.names.get(key) !== p.profile.name) this.names.set(key, p.profile.name);
    }
  }

  private async load(agent: AgentPubKey, key: string): Promise<void> {
    try {
      const profile = await this.source.getProfile(agent);
      if (profile) this.names.set(key, profile.profile.name);
      else this.asked.delete(key);
    } catch {
      this.asked.delete(key);
    }
  }
}
