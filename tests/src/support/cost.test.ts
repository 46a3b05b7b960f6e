// The TypeScript twin of ioen_core::cost against the vectors the Rust tests use.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { cost, costBig, formatIoen } from "./cost.js";

const VECTORS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../crates/ioen_core/tests/cost_vectors.json");
const vectors = JSON.parse(readFileSync(VECTORS, "utf8")) as { energy_wh: number; price_per_kwh: number; cost: number }[];

describe("cost twin", () => {
  test.each(vectors)("cost($energy_wh Wh, $price_per_kwh) = $cost", ({ energy_wh, price_per_kwh, cost: expected }) => {
    expect(cost(energy_wh, price_per_kwh)).toBe(expected);
    expect(costBig(BigInt(energy_wh), BigInt(price_per_kwh))).toBe(BigInt(expected));
  });

  test("rounds half up, exactly beyond 2^53", () => {
    expect(costBig(1n, 500n)).toBe(1n);
    expect(costBig(18_446_744_073_709_551_615n, 1n)).toBe(18_446_744_073_709_552n);
    expect(() => costBig(18_446_744_073_709_551_615n, 10_000_000n)).toThrow("does not fit a 64-bit amount");
    expect(() => cost(2 ** 53 - 1, 2000)).toThrow("beyond 2^53 - 1");
    expect(() => cost(-1, 1)).toThrow("unsigned 64-bit");
    expect(() => cost(1.5, 1)).toThrow("whole number");
  });

  test("formats micro-IOEN as ioen_core::format_ioen does", () => {
    expect(formatIoen(1_500_000)).toBe("1.50 IOEN");
    expect(formatIoen(1_234_567)).toBe("1.234567 IOEN");
    expect(formatIoen(1_234_000)).toBe("1.234 IOEN");
    expect(formatIoen(0)).toBe("0.00 IOEN");
    expect(formatIoen(-1)).toBe("-0.000001 IOEN");
    expect(formatIoen(-20_000)).toBe("-0.02 IOEN");
    expect(formatIoen(-9_223_372_036_854_775_808n)).toBe("-9223372036854.775808 IOEN");
    expect(formatIoen(250_000, false)).toBe("0.25");
  });
});
