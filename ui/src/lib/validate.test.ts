import { describe, expect, it } from "vitest";
import type { ProfileInput } from "./types";
import { fieldOfError, validateProfile } from "./validate";

const good: ProfileInput = {
  name: "Rooftop Rita",
  postcode: "2008",
  producer_methods: ["solar"],
  accepted_methods: [],
  address: "",
  meter_id: "",
};

describe("validateProfile", () => {
  it("accepts a good profile", () => {
    expect(validateProfile(good)).toEqual({});
  });
  it("says what is wrong, as the zome says it", () => {
    expect(validateProfile({ ...good, name: "" }).name).toBe("The name must not be empty.");
    expect(validateProfile({ ...good, name: " Rita" }).name).toBe("The name must not start or end with spaces.");
    expect(validateProfile({ ...good, name: "x".repeat(65) }).name).toBe("The name must be at most 64 characters; it has 65.");
    expect(validateProfile({ ...good, postcode: "31A9" }).postcode).toBe("'31A9' is not a valid postcode: expected 4 digits (AU).");
    expect(validateProfile({ ...good, producer_methods: [] }).methods).toMatch(/at least one generation method/);
    expect(validateProfile({ ...good, address: "12 Main St\nSydney" }).address).toBeUndefined();
    expect(validateProfile({ ...good, meter_id: "A\tB" }).meter_id).toMatch(/control characters/);
  });
  it("finds the field of a zome refusal", () => {
    expect(fieldOfError("'31A9' is not a valid postcode: expected 4 digits (AU).")).toBe("postcode");
    expect(fieldOfError("This agent already has a profile; use update_profile to change it.")).toBeNull();
  });
});
