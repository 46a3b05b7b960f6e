import vectorsText from "../../../crates/ioen_core/tests/cost_vectors.json?raw";
import { describe, expect, it } from "vitest";
import { cost, costBig, formatEnergy, formatIoen, formatPrice, microToIoenText, parseKwh, parsePrice, whToKwhText } from "./money";

// The same vectors `ioen_core::cost` is tested with: the UI must show what validation will accept.
const vectors = JSON.parse(vectorsText) as { energy_wh: number | string; price_per_kwh: number | string; cost: number | string | null }[];

describe("cost", () => {
  it("matches every vector of ioen_core", () => {
    expect(vectors.length).toBeGreaterThan(10);
    for (const v of vectors) {
      if (v.cost === null) {
        expect(() => costBig(BigInt(v.energy_wh), BigInt(v.price_per_kwh))).toThrow(RangeError);
      } else {
        expect(costBig(BigInt(v.energy_wh), BigInt(v.price_per_kwh))).toBe(BigInt(v.cost));
      }
    }
  });
  it("rounds half up", () => {
    expect(cost(1, 499)).toBe(0);
    expect(cost(1, 500)).toBe(1);
    expect(cost(1500, 333_333)).toBe(500_000);
  });
  it("refuses inexact inputs", () => {
    expect(() => cost(1.5, 10)).toThrow(/whole number/);
    expect(() => cost(-1, 10)).toThrow(/unsigned/);
  });
});

describe("formatting", () => {
  it("writes IOEN with 2 to 6 decimals", () => {
    expect(formatIoen(0)).toBe("0.00 IOEN");
    expect(formatIoen(250_000)).toBe("0.25 IOEN");
    expect(formatIoen(1_234_567)).toBe("1.234567 IOEN");
    expect(formatIoen(-500_000)).toBe("-0.50 IOEN");
    expect(formatIoen(3, false)).toBe("0.000003");
  });
  it("writes prices and energy", () => {
    expect(formatPrice(250_000)).toBe("0.25 IOEN/kWh");
    expect(formatEnergy(650)).toBe("650 Wh");
    expect(formatEnergy(1000)).toBe("1 kWh");
    expect(formatEnergy(1250)).toBe("1.25 kWh");
    expect(whToKwhText(1500)).toBe("1.5");
    expect(microToIoenText(250_000)).toBe("0.25");
  });
});

describe("parsing what a person types", () => {
  it("reads kWh and prices exactly", () => {
    expect(parseKwh("1.5")).toEqual({ ok: true, value: 1500 });
    expect(parseKwh(" 2 ")).toEqual({ ok: true, value: 2000 });
    expect(parseKwh("0,25")).toEqual({ ok: true, value: 250 });
    expect(parsePrice("0.25")).toEqual({ ok: true, value: 250_000 });
    expect(parsePrice(".1")).toEqual({ ok: true, value: 100_000 });
  });
  it("explains what is wrong", () => {
    expect(parseKwh("")).toEqual({ ok: false, error: "Enter an energy in kWh." });
    expect(parseKwh("1.2345")).toEqual({ ok: false, error: "An energy in kWh can have at most 3 decimals." });
    expect(parseKwh("-1")).toEqual({ ok: false, error: "An energy in kWh must be a number like 1.5." });
    expect(parseKwh("1e3").ok).toBe(false);
    expect(parsePrice("99999999999999999").ok).toBe(false);
  });
});
