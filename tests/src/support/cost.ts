// The TypeScript twin of `ioen_core::cost`, the one rule that turns energy and price into money
// (docs/decisions.md 14): round half up of energy_wh × price_per_kwh / 1000, exact with BigInt.

const WH_PER_KWH = 1000n;
const I64_MAX = (1n << 63n) - 1n;

/** `cost` in micro-IOEN as a BigInt; throws where the Rust function returns `AmountOverflow`. */
export function costBig(energyWh: number | bigint, pricePerKwh: number | bigint): bigint {
  const e = toU64(energyWh, "energy_wh");
  const p = toU64(pricePerKwh, "price_per_kwh");
  const product = e * p;
  const quotient = product / WH_PER_KWH;
  const remainder = product % WH_PER_KWH;
  const rounded = remainder * 2n >= WH_PER_KWH ? quotient + 1n : quotient;
  if (rounded > I64_MAX) {
    throw new Error(`The amount for ${e} Wh at ${p} micro-IOEN per kWh does not fit a 64-bit amount.`);
  }
  return rounded;
}

/** `cost` in micro-IOEN as a number; throws when the result is not exact in JavaScript. */
export function cost(energyWh: number | bigint, pricePerKwh: number | bigint): number {
  const amount = costBig(energyWh, pricePerKwh);
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`The amount ${amount} micro-IOEN is beyond 2^53 - 1; use costBig.`);
  }
  return Number(amount);
}

/** Micro-IOEN as IOEN text, as `ioen_core::format_ioen` writes it: 2 to 6 decimals. */
export function formatIoen(amount: number | bigint, unit = true): string {
  const a = BigInt(amount);
  const sign = a < 0n ? "-" : "";
  const magnitude = a < 0n ? -a : a;
  let fraction = (magnitude % 1_000_000n).toString().padStart(6, "0");
  while (fraction.length > 2 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${sign}${magnitude / 1_000_000n}.${fraction}${unit ? " IOEN" : ""}`;
}

function toU64(value: number | bigint, name: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new Error(`${name} must be a whole number within 2^53 - 1; it is ${value}.`);
  }
  const v = BigInt(value);
  if (v < 0n || v >= 1n << 64n) throw new Error(`${name} must fit an unsigned 64-bit integer; it is ${v}.`);
  return v;
}
