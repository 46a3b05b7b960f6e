//! Energy, prices and money, all as integers, and the one rounding rule that
//! turns energy and a price into money.
//!
//! Integers keep every peer's arithmetic identical (floating point may differ
//! between platforms and would make validation non-deterministic).

use crate::error::CoreError;

/// An amount of energy in watt-hours.
pub type Wh = u64;

/// A price in micro-IOEN per kilowatt-hour.
pub type PricePerKwh = u64;

/// An amount of money in micro-IOEN; signed because balances go negative
/// (down to the credit limit) in mutual credit.
pub type MicroIoen = i64;

/// How many micro-IOEN make one IOEN.
pub const MICRO_IOEN_PER_IOEN: i64 = 1_000_000;

/// Prices are per kWh but energy is in Wh.
const WH_PER_KWH: u128 = 1_000;

/// Agreed test vectors of [`cost`]: `(energy_wh, price_per_kwh, cost)`.
///
/// `tests/cost_vectors.json` holds the same table for the TypeScript tests
/// (a test keeps the two equal). Every value is at most 2^53 − 1 so that
/// JavaScript's `JSON.parse` reads the file exactly; vectors near `u64::MAX`
/// and the overflow cases are in this crate's unit tests instead.
pub const COST_VECTORS: &[(u64, u64, i64)] = &[
    (0, 5, 0),
    (1, 499, 0),
    (1, 500, 1),
    (1, 1_499, 1),
    (1, 1_500, 2),
    (1_000, 250_000, 250_000),
    // 1500 × 333333 = 499_999_500, / 1000 = 499_999.5, rounds up.
    (1_500, 333_333, 500_000),
    (2_500, 1, 3),
    (999, 1, 1),
    (499, 1, 0),
    (500, 1, 1),
    // 100 GWh at 10 IOEN/kWh.
    (100_000_000_000, 10_000_000, 1_000_000_000_000_000),
    // Number.MAX_SAFE_INTEGER Wh at 1 milli-IOEN per kWh.
    (9_007_199_254_740_991, 1_000, 9_007_199_254_740_991),
];

/// The cost in micro-IOEN of `energy_wh` watt-hours at `price_per_kwh`
/// micro-IOEN per kilowatt-hour: `energy_wh × price_per_kwh / 1000`, rounded
/// half up (…0.5 goes up).
///
/// This is the only rounding function of the project: offers, settlements
/// and balances all call it, so no two parts can disagree by a micro-IOEN.
///
/// # Errors
///
/// [`CoreError::AmountOverflow`] if the cost exceeds `i64::MAX` micro-IOEN.
pub fn cost(energy_wh: Wh, price_per_kwh: PricePerKwh) -> Result<MicroIoen, CoreError> {
    // A u64 × u64 product always fits in u128, so it is exact and the only
    // rounding is the division below.
    let product = u128::from(energy_wh) * u128::from(price_per_kwh);
    let rounded = round_half_up_div(product, WH_PER_KWH);
    MicroIoen::try_from(rounded).map_err(|_| CoreError::AmountOverflow {
        energy_wh,
        price_per_kwh,
    })
}

/// `numerator / denominator` rounded half up; `denominator` must be non-zero.
///
/// Works from quotient and remainder rather than `(n + d / 2) / d` so that it
/// cannot overflow near `u128::MAX`.
fn round_half_up_div(numerator: u128, denominator: u128) -> u128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    // remainder < denominator, so doubling it cannot overflow for the
    // denominators used here; 2r >= d means the fraction is at least one half.
    if remainder.saturating_mul(2) >= denominator {
        quotient + 1
    } else {
        quotient
    }
}

/// Formats micro-IOEN as IOEN for people: at least two and at most six
/// decimals, trailing zeros beyond the second trimmed, e.g. `1.50 IOEN`,
/// `1.234567 IOEN`, `-0.02 IOEN`. Exact for every `i64`, including `i64::MIN`.
pub fn format_ioen(amount: MicroIoen) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    // unsigned_abs, unlike abs, is defined for i64::MIN.
    let magnitude = amount.unsigned_abs();
    let per_ioen = MICRO_IOEN_PER_IOEN.unsigned_abs();
    let whole = magnitude / per_ioen;
    let mut fraction = format!("{:06}", magnitude % per_ioen);
    while fraction.len() > 2 && fraction.ends_with('0') {
        fraction.pop();
    }
    format!("{sign}{whole}.{fraction} IOEN")
}

#[cfg(test)]
mod tests;
