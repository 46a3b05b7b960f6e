// Money and energy as the households see them, exact: integers only (µIOEN, Wh), BigInt where a
// product could pass 2^53. `cost` is the TypeScript twin of `ioen_core::cost`, the one rounding
// rule of the market (docs/decisions.md 14); the tests run both on the same vectors.

const WH_PER_KWH = 1000n;
const MICRO_PER_IOEN = 1_000_000n;
const I64_MAX = (1n << 63n) - 1n;

/** `cost` in µIOEN as a BigInt: round half up of energy_wh × price_per_kwh / 1000. */
export function costBig(energyWh: number | bigint, pricePerKwh: number | bigint): bigint {
  const product = toU64(energyWh, "energy_wh") * toU64(pricePerKwh, "price_per_kwh");
  const quotient = product / WH_PER_KWH;
  const rounded = (product % WH_PER_KWH) * 2n >= WH_PER_KWH ? quotient + 1n : quotient;
  if (rounded > I64_MAX) {
    throw new RangeError(`The amount for ${energyWh} Wh at ${pricePerKwh} micro-IOEN per kWh does not fit a 64-bit amount.`);
  }
  return rounded;
}

/** `cost` in µIOEN as a number; throws when it would not be exact in JavaScript. */
export function cost(energyWh: number | bigint, pricePerKwh: number | bigint): number {
  const amount = costBig(energyWh, pricePerKwh);
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`The amount ${amount} micro-IOEN is beyond 2^53 - 1; use costBig.`);
  }
  return Number(amount);
}

/** µIOEN as IOEN text, as `ioen_core::format_ioen` writes it: 2 to 6 decimals ("0.25 IOEN"). */
export function formatIoen(amount: number | bigint, unit = true): string {
  const a = BigInt(amount);
  const sign = a < 0n ? "-" : "";
  const magnitude = a < 0n ? -a : a;
  let fraction = (magnitude % MICRO_PER_IOEN).toString().padStart(6, "0");
  while (fraction.length > 2 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${sign}${magnitude / MICRO_PER_IOEN}.${fraction}${unit ? " IOEN" : ""}`;
}

/** A price in µIOEN per kWh as "0.25 IOEN/kWh". */
export function formatPrice(pricePerKwh: number): string {
  return `${formatIoen(pricePerKwh, false)} IOEN/kWh`;
}

/** Energy as "650 Wh" below 1 kWh, else "1.25 kWh" (up to 3 decimals, exact). */
export function formatEnergy(wh: number): string {
  if (Math.abs(wh) < 1000) return `${wh} Wh`;
  return `${decimalText(BigInt(wh), 3)} kWh`;
}

/** `value / 10^decimals` as text without trailing zeros ("1.25", "2"). */
function decimalText(value: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const fraction = (magnitude % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${sign}${magnitude / scale}${fraction ? `.${fraction}` : ""}`;
}

/** The result of reading a number a person typed: the exact integer, or why it is not one. */
export type Parsed = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads decimal text ("1.5", "0,25", " 2 ") as an exact integer of 10^-decimals units, without
 * floating point: `parseDecimal("1.5", 3)` is 1500. Refuses more decimals than the unit allows,
 * signs, exponents and values beyond 2^53 - 1.
 */
export function parseDecimal(text: string, decimals: number, what: string): Parsed {
  const t = text.trim().replace(",", ".");
  if (t === "") return { ok: false, error: `Enter ${what}.` };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: `${capitalize(what)} must be a number like 1.5.` };
  }
  const whole = match[1] || "0";
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    return { ok: false, error: `${capitalize(what)} can have at most ${decimals} decimals.` };
  }
  const value = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: `${capitalize(what)} is too large.` };
  return { ok: true, value: Number(value) };
}

/** kWh text → Wh ("1.5" → 1500). */
export function parseKwh(text: string): Parsed {
  return parseDecimal(text, 3, "an energy in kWh");
}

/** IOEN per kWh text → µIOEN per kWh ("0.25" → 250000). */
export function parsePrice(text: string): Parsed {
  return parseDecimal(text, 6, "a price in IOEN per kWh");
}

/** Wh → kWh text for an input field ("1500" → "1.5"). */
export function whToKwhText(wh: number): string {
  return decimalText(BigInt(wh), 3);
}

/** µIOEN → IOEN text for an input field (250000 → "0.25"). */
export function microToIoenText(micro: number): string {
  return decimalText(BigInt(micro), 6);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function toU64(value: number | bigint, name: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a whole number within 2^53 - 1; it is ${value}.`);
  }
  const v = BigInt(value);
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`${name} must fit an unsigned 64-bit integer; it is ${v}.`);
  return v;
}
