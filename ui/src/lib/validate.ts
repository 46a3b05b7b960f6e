// The profile rules a household meets while typing, phrased as the zome phrases them
// (docs/api.md, create_profile). The zome checks them again, and validation after it: this is
// only for messages in place, before anything is sent.

import type { ProfileInput } from "./types";

export type ProfileField = "name" | "postcode" | "methods" | "address" | "meter_id";
export type ProfileErrors = Partial<Record<ProfileField, string>>;

// Control characters are what these expressions are for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

export function validateProfile(input: ProfileInput): ProfileErrors {
  const errors: ProfileErrors = {};
  const name = input.name;
  if (name.trim() === "") errors.name = "The name must not be empty.";
  else if ([...name].length > 64) errors.name = `The name must be at most 64 characters; it has ${[...name].length}.`;
  else if (name !== name.trim()) errors.name = "The name must not start or end with spaces.";
  else if (CONTROL.test(name)) errors.name = "The name must not contain control characters.";

  const postcode = input.postcode.trim();
  if (!/^\d{4}$/.test(postcode)) {
    errors.postcode = `'${postcode}' is not a valid postcode: expected 4 digits (AU).`;
  }
  if (input.producer_methods.length === 0 && input.accepted_methods.length === 0) {
    errors.methods = "A household must produce or accept at least one generation method.";
  }
  const address = input.address.trim();
  if ([...address].length > 200) errors.address = `The address must be at most 200 characters; it has ${[...address].length}.`;
  else if (CONTROL_EXCEPT_LINE_BREAKS.test(address)) errors.address = "The address must not contain control characters.";
  const meter = input.meter_id.trim();
  if ([...meter].length > 64) errors.meter_id = `The meter ID must be at most 64 characters; it has ${[...meter].length}.`;
  else if (CONTROL.test(meter)) errors.meter_id = "The meter ID must not contain control characters.";
  return errors;
}

/** The field a zome's refusal sentence is about, to show it in place. */
export function fieldOfError(message: string): ProfileField | null {
  if (/^The name/.test(message)) return "name";
  if (/postcode/i.test(message)) return "postcode";
  if (/generation method/.test(message)) return "methods";
  if (/^The address/.test(message)) return "address";
  if (/^The meter ID/.test(message)) return "meter_id";
  return null;
}
