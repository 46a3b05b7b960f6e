// Entry contents used by the rule tests, named after what they are.
import type { ProfileData } from "./households.js";

/** A valid solar producer profile in 2008. */
export function solarProfile(overrides: Partial<ProfileData> = {}): ProfileData {
  return { name: "Mallory", postcode: "2008", producer_methods: ["solar"], accepted_methods: [], ...overrides };
}

/** A valid private details entry. */
export function privateDetails(overrides: Partial<{ address: string; meter_id: string }> = {}) {
  return { address: "1 Example Street", meter_id: "NMI-0001", ...overrides };
}
