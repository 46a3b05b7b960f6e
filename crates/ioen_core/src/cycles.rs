//! Supply cycles, bidding windows and billing periods.
//!
//! Time is cut into fixed-length cycles counted from an epoch. Energy is
//! traded for a *supply cycle* `n` during the cycle before it, `n − 1` (its
//! *bidding window*), and consecutive cycles are grouped into billing periods.
//!
//! Times are Holochain timestamps: `i64` microseconds since the Unix epoch.
//! The epoch is configured in milliseconds. Internal arithmetic is done in
//! `i128`, where no combination of inputs can overflow; results that do not
//! fit an `i64` timestamp saturate.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// The longest allowed cycle: one week, in seconds.
pub const MAX_CYCLE_SECONDS: u32 = 86_400 * 7;

/// The most cycles a billing period may have.
pub const MAX_CYCLES_PER_BILLING_PERIOD: u32 = 10_000;

/// The latest allowed epoch, in milliseconds: the last one whose microsecond
/// value still fits a Holochain timestamp (`i64`).
pub const MAX_EPOCH_MS: i64 = i64::MAX / 1_000;

const MICROS_PER_MILLI: i128 = 1_000;
const MICROS_PER_SECOND: i128 = 1_000_000;

/// Maps timestamps to cycles and billing periods.
///
/// Build it with [`CycleClock::new`], which validates the fields. The fields
/// are public for serialization; a clock built directly with a zero
/// `cycle_seconds` or `cycles_per_billing_period` behaves as if it were 1
/// rather than dividing by zero, so no method can panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleClock {
    /// The start of cycle 0, in milliseconds since the Unix epoch.
    pub epoch_ms: i64,
    /// The length of every cycle, in seconds.
    pub cycle_seconds: u32,
    /// How many consecutive cycles make one billing period.
    pub cycles_per_billing_period: u32,
}

/// Everything a user interface needs to know about "now".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleInfo {
    /// The cycle containing the time asked about.
    pub current_cycle: u64,
    /// The start of the current cycle (inclusive), in microseconds.
    pub cycle_start: i64,
    /// The end of the current cycle (exclusive), in microseconds.
    pub cycle_end: i64,
    /// The supply cycle that can be bid for now: the next cycle.
    pub bidding_for_cycle: u64,
    /// When bidding for `bidding_for_cycle` closes (exclusive), in
    /// microseconds; the same as `cycle_end`.
    pub bidding_window_end: i64,
    /// The billing period containing the current cycle.
    pub billing_period: u64,
    /// The start of the billing period (inclusive), in microseconds.
    pub billing_period_start: i64,
    /// The end of the billing period (exclusive), in microseconds.
    pub billing_period_end: i64,
    /// The length of every cycle, in seconds.
    pub cycle_seconds: u32,
}

impl CycleClock {
    /// A validated clock.
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidProperty`] (named after the matching
    /// [`crate::NetworkProperties`] field) if `epoch_ms` is negative or later
    /// than [`MAX_EPOCH_MS`], `cycle_seconds` is 0 or more than
    /// [`MAX_CYCLE_SECONDS`], or `cycles_per_billing_period` is 0 or more than
    /// [`MAX_CYCLES_PER_BILLING_PERIOD`].
    pub fn new(
        epoch_ms: i64,
        cycle_seconds: u32,
        cycles_per_billing_period: u32,
    ) -> Result<Self, CoreError> {
        check_range(
            "cycle_epoch_ms",
            i128::from(epoch_ms),
            0,
            MAX_EPOCH_MS.into(),
        )?;
        check_range(
            "cycle_seconds",
            cycle_seconds.into(),
            1,
            MAX_CYCLE_SECONDS.into(),
        )?;
        check_range(
            "cycles_per_billing_period",
            cycles_per_billing_period.into(),
            1,
            MAX_CYCLES_PER_BILLING_PERIOD.into(),
        )?;
        Ok(Self {
            epoch_ms,
            cycle_seconds,
            cycles_per_billing_period,
        })
    }

    /// The cycle containing `t_micros`: `floor((t − epoch) / cycle length)`.
    ///
    /// # Errors
    ///
    /// [`CoreError::BeforeEpoch`] if `t_micros` is before the epoch.
    pub fn cycle_of(&self, t_micros: i64) -> Result<u64, CoreError> {
        let elapsed = i128::from(t_micros) - self.epoch_micros();
        if elapsed < 0 {
            return Err(CoreError::BeforeEpoch {
                t_micros,
                epoch_ms: self.epoch_ms,
            });
        }
        // elapsed < 2^65 and a cycle is at least 10^6 µs, so the quotient
        // always fits; the fallback is unreachable but avoids a panic path.
        Ok(u64::try_from(elapsed / self.cycle_micros()).unwrap_or(u64::MAX))
    }

    /// The start of `cycle` (inclusive), in microseconds; saturates at
    /// `i64::MAX` for cycles beyond the timestamp range.
    pub fn cycle_start(&self, cycle: u64) -> i64 {
        self.boundary(i128::from(cycle))
    }

    /// The end of `cycle` (exclusive: the start of the next cycle), in
    /// microseconds; saturates at `i64::MAX`.
    pub fn cycle_end(&self, cycle: u64) -> i64 {
        self.boundary(i128::from(cycle) + 1)
    }

    /// The cycle during which supply cycle `supply_cycle` is traded: the one
    /// before it. `None` for cycle 0, which has no cycle before it.
    pub fn bidding_cycle(supply_cycle: u64) -> Option<u64> {
        supply_cycle.checked_sub(1)
    }

    /// The bidding window of `supply_cycle` as `(start inclusive, end
    /// exclusive)` in microseconds, i.e. the span of the cycle before it;
    /// `None` for cycle 0.
    pub fn bidding_window(&self, supply_cycle: u64) -> Option<(i64, i64)> {
        Self::bidding_cycle(supply_cycle)
            .map(|cycle| (self.cycle_start(cycle), self.cycle_end(cycle)))
    }

    /// Whether `t_micros` is in the bidding window of `supply_cycle`.
    pub fn is_in_bidding_window(&self, supply_cycle: u64, t_micros: i64) -> bool {
        // Compare cycle numbers rather than timestamps so this agrees with
        // `cycle_of` even where boundaries saturate.
        match (Self::bidding_cycle(supply_cycle), self.cycle_of(t_micros)) {
            (Some(bidding), Ok(current)) => bidding == current,
            _ => false,
        }
    }

    /// Like [`CycleClock::is_in_bidding_window`], with the reason as an error.
    ///
    /// # Errors
    ///
    /// [`CoreError::OutsideBiddingWindow`] if `t_micros` is not in the
    /// bidding window of `supply_cycle`.
    pub fn check_in_bidding_window(
        &self,
        supply_cycle: u64,
        t_micros: i64,
    ) -> Result<(), CoreError> {
        if self.is_in_bidding_window(supply_cycle, t_micros) {
            Ok(())
        } else {
            Err(CoreError::OutsideBiddingWindow {
                supply_cycle,
                current_cycle: self.cycle_of(t_micros).ok(),
            })
        }
    }

    /// The billing period containing `cycle`.
    pub fn billing_period_of(&self, cycle: u64) -> u64 {
        cycle / self.cycles_per_period()
    }

    /// The first and last (inclusive) cycles of billing period `period`;
    /// saturates at `u64::MAX` for periods beyond the cycle range.
    pub fn period_cycles(&self, period: u64) -> (u64, u64) {
        let length = self.cycles_per_period();
        let first = period.saturating_mul(length);
        (first, first.saturating_add(length - 1))
    }

    /// The end (exclusive) of billing period `period`, in microseconds: the
    /// end of its last cycle.
    pub fn period_end(&self, period: u64) -> i64 {
        self.cycle_end(self.period_cycles(period).1)
    }

    /// The cycle, bidding window and billing period at `t_micros`.
    ///
    /// # Errors
    ///
    /// [`CoreError::BeforeEpoch`] if `t_micros` is before the epoch.
    pub fn info_at(&self, t_micros: i64) -> Result<CycleInfo, CoreError> {
        let current_cycle = self.cycle_of(t_micros)?;
        let cycle_end = self.cycle_end(current_cycle);
        let billing_period = self.billing_period_of(current_cycle);
        let (first_cycle, _) = self.period_cycles(billing_period);
        Ok(CycleInfo {
            current_cycle,
            cycle_start: self.cycle_start(current_cycle),
            cycle_end,
            bidding_for_cycle: current_cycle.saturating_add(1),
            bidding_window_end: cycle_end,
            billing_period,
            billing_period_start: self.cycle_start(first_cycle),
            billing_period_end: self.period_end(billing_period),
            cycle_seconds: self.cycle_seconds,
        })
    }

    fn epoch_micros(&self) -> i128 {
        i128::from(self.epoch_ms) * MICROS_PER_MILLI
    }

    fn cycle_micros(&self) -> i128 {
        i128::from(self.cycle_seconds.max(1)) * MICROS_PER_SECOND
    }

    fn cycles_per_period(&self) -> u64 {
        u64::from(self.cycles_per_billing_period.max(1))
    }

    /// The start of cycle number `cycle` (which may be `u64::MAX + 1`).
    fn boundary(&self, cycle: i128) -> i64 {
        // |epoch| < 2^73, cycle <= 2^64 and a cycle is < 2^43 µs, so this
        // i128 arithmetic cannot overflow.
        let micros = self.epoch_micros() + cycle * self.cycle_micros();
        i64::try_from(micros).unwrap_or(if micros < 0 { i64::MIN } else { i64::MAX })
    }
}

/// Checks that the property `name` is within `min..=max`.
fn check_range(name: &str, value: i128, min: i128, max: i128) -> Result<(), CoreError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(CoreError::InvalidProperty {
            name: name.to_string(),
            reason: format!("it must be between {min} and {max}; it is {value}"),
        })
    }
}

#[cfg(test)]
mod tests;
