#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

/// 2026-01-01T00:00:00Z.
const EPOCH_MS: i64 = 1_767_225_600_000;
const EPOCH_US: i64 = EPOCH_MS * 1_000;
/// Half an hour in microseconds.
const HALF_HOUR_US: i64 = 1_800 * 1_000_000;

fn half_hourly() -> CycleClock {
    CycleClock::new(EPOCH_MS, 1_800, 48).unwrap()
}

#[test]
fn new_accepts_the_limits() {
    assert!(CycleClock::new(0, 1, 1).is_ok());
    assert!(CycleClock::new(
        MAX_EPOCH_MS,
        MAX_CYCLE_SECONDS,
        MAX_CYCLES_PER_BILLING_PERIOD
    )
    .is_ok());
    assert_eq!(
        half_hourly(),
        CycleClock {
            epoch_ms: EPOCH_MS,
            cycle_seconds: 1_800,
            cycles_per_billing_period: 48
        }
    );
}

#[test]
fn new_rejects_out_of_range_fields() {
    let message = |r: Result<CycleClock, CoreError>| r.unwrap_err().to_string();
    assert_eq!(
        message(CycleClock::new(EPOCH_MS, 0, 48)),
        "The network property cycle_seconds is invalid: it must be between 1 and 604800; it is 0."
    );
    assert_eq!(
        message(CycleClock::new(EPOCH_MS, 604_801, 48)),
        "The network property cycle_seconds is invalid: it must be between 1 and 604800; it is 604801."
    );
    assert_eq!(
        message(CycleClock::new(EPOCH_MS, 1_800, 0)),
        "The network property cycles_per_billing_period is invalid: it must be between 1 and 10000; it is 0."
    );
    assert_eq!(
        CycleClock::new(EPOCH_MS, 1_800, 10_001),
        Err(CoreError::InvalidProperty {
            name: "cycles_per_billing_period".to_string(),
            reason: "it must be between 1 and 10000; it is 10001".to_string(),
        })
    );
    assert_eq!(
        message(CycleClock::new(-1, 1_800, 48)),
        "The network property cycle_epoch_ms is invalid: it must be between 0 and 9223372036854775; it is -1."
    );
    assert!(CycleClock::new(MAX_EPOCH_MS + 1, 1_800, 48).is_err());
}

#[test]
fn cycle_of_counts_from_the_epoch() {
    let clock = half_hourly();
    assert_eq!(clock.cycle_of(EPOCH_US), Ok(0));
    assert_eq!(clock.cycle_of(EPOCH_US + HALF_HOUR_US - 1), Ok(0));
    assert_eq!(clock.cycle_of(EPOCH_US + HALF_HOUR_US), Ok(1));
    // 2026-01-02T06:15:00Z is 30.25 hours in: cycle 60.
    assert_eq!(
        clock.cycle_of(EPOCH_US + 30 * 3_600_000_000 + 900_000_000),
        Ok(60)
    );
    assert_eq!(
        clock.cycle_of(i64::MAX),
        Ok(((i64::MAX - EPOCH_US) / HALF_HOUR_US) as u64)
    );
}

#[test]
fn cycle_of_rejects_times_before_the_epoch() {
    let err = half_hourly().cycle_of(EPOCH_US - 1).unwrap_err();
    assert_eq!(
        err,
        CoreError::BeforeEpoch {
            t_micros: EPOCH_US - 1,
            epoch_ms: EPOCH_MS
        }
    );
    assert_eq!(
        err.to_string(),
        "The time 1767225599999999 (microseconds since 1970) is before the first cycle, which starts at 1767225600000 (milliseconds since 1970)."
    );
    assert!(half_hourly().cycle_of(i64::MIN).is_err());
}

#[test]
fn cycle_boundaries() {
    let clock = half_hourly();
    assert_eq!(clock.cycle_start(0), EPOCH_US);
    assert_eq!(clock.cycle_end(0), EPOCH_US + HALF_HOUR_US);
    assert_eq!(clock.cycle_start(10), EPOCH_US + 10 * HALF_HOUR_US);
    assert_eq!(clock.cycle_end(10), clock.cycle_start(11));
    // Far beyond the timestamp range: saturate instead of overflowing.
    assert_eq!(clock.cycle_start(u64::MAX), i64::MAX);
    assert_eq!(clock.cycle_end(u64::MAX), i64::MAX);
}

#[test]
fn unvalidated_zero_fields_do_not_panic() {
    let clock = CycleClock {
        epoch_ms: 0,
        cycle_seconds: 0,
        cycles_per_billing_period: 0,
    };
    assert_eq!(clock.cycle_of(2_500_000), Ok(2));
    assert_eq!(clock.billing_period_of(7), 7);
    assert_eq!(clock.period_cycles(7), (7, 7));
    let extreme = CycleClock {
        epoch_ms: i64::MIN,
        cycle_seconds: u32::MAX,
        cycles_per_billing_period: u32::MAX,
    };
    assert_eq!(extreme.cycle_start(0), i64::MIN);
    assert!(extreme.cycle_of(i64::MAX).is_ok());
    assert!(extreme.info_at(0).is_ok());
}

#[test]
fn bidding_cycle_is_the_previous_cycle() {
    assert_eq!(CycleClock::bidding_cycle(0), None);
    assert_eq!(CycleClock::bidding_cycle(1), Some(0));
    assert_eq!(CycleClock::bidding_cycle(12), Some(11));
    let clock = half_hourly();
    assert_eq!(clock.bidding_window(0), None);
    assert_eq!(
        clock.bidding_window(12),
        Some((clock.cycle_start(11), clock.cycle_end(11)))
    );
}

#[test]
fn bidding_window_membership() {
    let clock = half_hourly();
    let (start, end) = clock.bidding_window(12).unwrap();
    assert!(!clock.is_in_bidding_window(12, start - 1));
    assert!(clock.is_in_bidding_window(12, start));
    assert!(clock.is_in_bidding_window(12, end - 1));
    assert!(!clock.is_in_bidding_window(12, end));
    assert!(!clock.is_in_bidding_window(0, EPOCH_US));
    assert!(!clock.is_in_bidding_window(1, EPOCH_US - 1));
    assert!(clock.is_in_bidding_window(1, EPOCH_US));
    assert_eq!(clock.check_in_bidding_window(12, start), Ok(()));
}

#[test]
fn outside_bidding_window_messages() {
    let clock = half_hourly();
    let err = clock
        .check_in_bidding_window(12, clock.cycle_start(14) + 5)
        .unwrap_err();
    assert_eq!(
        err,
        CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(14)
        }
    );
    assert_eq!(
        err.to_string(),
        "Supply cycle 12 can only be bid for, accepted or rejected during cycle 11; it is now cycle 14."
    );
    assert_eq!(
        clock.check_in_bidding_window(12, EPOCH_US - 1).unwrap_err().to_string(),
        "Supply cycle 12 can only be bid for, accepted or rejected during cycle 11; cycles have not started yet."
    );
    assert_eq!(
        clock.check_in_bidding_window(0, EPOCH_US).unwrap_err().to_string(),
        "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it."
    );
}

#[test]
fn billing_periods() {
    let clock = half_hourly();
    assert_eq!(clock.billing_period_of(0), 0);
    assert_eq!(clock.billing_period_of(47), 0);
    assert_eq!(clock.billing_period_of(48), 1);
    assert_eq!(clock.period_cycles(0), (0, 47));
    assert_eq!(clock.period_cycles(2), (96, 143));
    // Daily periods: period 0 ends at 2026-01-02T00:00:00Z.
    assert_eq!(clock.period_end(0), EPOCH_US + 86_400_000_000);
    assert_eq!(clock.period_cycles(u64::MAX), (u64::MAX, u64::MAX));
    assert_eq!(clock.period_end(u64::MAX), i64::MAX);
}

#[test]
fn info_at_describes_now() {
    let clock = half_hourly();
    // 2026-01-02T06:15:00Z: cycle 60, in billing period 1 (the second day).
    let t = EPOCH_US + 30 * 3_600_000_000 + 900_000_000;
    let info = clock.info_at(t).unwrap();
    assert_eq!(
        info,
        CycleInfo {
            current_cycle: 60,
            cycle_start: EPOCH_US + 60 * HALF_HOUR_US,
            cycle_end: EPOCH_US + 61 * HALF_HOUR_US,
            bidding_for_cycle: 61,
            bidding_window_end: EPOCH_US + 61 * HALF_HOUR_US,
            billing_period: 1,
            billing_period_start: EPOCH_US + 86_400_000_000,
            billing_period_end: EPOCH_US + 2 * 86_400_000_000,
            cycle_seconds: 1_800,
        }
    );
    assert!(clock.is_in_bidding_window(info.bidding_for_cycle, t));
    assert_eq!(
        clock.info_at(0),
        Err(CoreError::BeforeEpoch {
            t_micros: 0,
            epoch_ms: EPOCH_MS
        })
    );
}

#[test]
fn serde_shapes() {
    let json = serde_json::to_value(half_hourly()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "epoch_ms": EPOCH_MS,
            "cycle_seconds": 1_800,
            "cycles_per_billing_period": 48
        })
    );
    let info = half_hourly().info_at(EPOCH_US).unwrap();
    let back: CycleInfo = serde_json::from_value(serde_json::to_value(&info).unwrap()).unwrap();
    assert_eq!(back, info);
}

/// A valid clock whose first million cycles fit in an i64 timestamp.
fn clock_strategy() -> impl Strategy<Value = CycleClock> {
    (
        0i64..=4_000_000_000_000,
        1u32..=MAX_CYCLE_SECONDS,
        1u32..=MAX_CYCLES_PER_BILLING_PERIOD,
    )
        .prop_map(|(epoch, seconds, per_period)| {
            CycleClock::new(epoch, seconds, per_period).unwrap()
        })
}

const CYCLES: u64 = 1_000_000;

proptest! {
    #[test]
    fn cycle_of_inverts_cycle_start(clock in clock_strategy(), n in 0..CYCLES) {
        prop_assert_eq!(clock.cycle_of(clock.cycle_start(n)), Ok(n));
        prop_assert_eq!(clock.cycle_of(clock.cycle_end(n) - 1), Ok(n));
        prop_assert!(clock.cycle_start(n) < clock.cycle_end(n));
        prop_assert_eq!(clock.cycle_end(n), clock.cycle_start(n + 1));
        prop_assert_eq!(
            i128::from(clock.cycle_end(n)) - i128::from(clock.cycle_start(n)),
            i128::from(clock.cycle_seconds) * 1_000_000
        );
    }

    #[test]
    fn every_time_is_in_its_cycle(clock in clock_strategy(), offset in 0i64..=HALF_HOUR_US * CYCLES as i64) {
        let t = clock.epoch_ms * 1_000 + offset;
        let n = clock.cycle_of(t).unwrap();
        prop_assert!(clock.cycle_start(n) <= t && t < clock.cycle_end(n));
        let info = clock.info_at(t).unwrap();
        prop_assert_eq!(info.current_cycle, n);
        prop_assert!(info.billing_period_start <= info.cycle_start);
        prop_assert!(info.cycle_end <= info.billing_period_end);
        prop_assert!(clock.is_in_bidding_window(info.bidding_for_cycle, t));
    }

    #[test]
    fn times_before_the_epoch_are_rejected(clock in clock_strategy(), before in 1i64..=1_000_000_000_000) {
        let t = clock.epoch_ms * 1_000 - before;
        prop_assert!(clock.cycle_of(t).is_err());
        prop_assert!(clock.info_at(t).is_err());
    }

    #[test]
    fn periods_partition_cycles(clock in clock_strategy(), n in 0..CYCLES) {
        let period = clock.billing_period_of(n);
        let (first, last) = clock.period_cycles(period);
        prop_assert!(first <= n && n <= last);
        prop_assert_eq!(last - first + 1, u64::from(clock.cycles_per_billing_period));
        prop_assert_eq!(clock.billing_period_of(first), period);
        prop_assert_eq!(clock.billing_period_of(last), period);
        prop_assert_eq!(clock.period_cycles(period + 1).0, last + 1);
        prop_assert_eq!(clock.period_end(period), clock.cycle_start(last + 1));
        if period > 0 {
            prop_assert_eq!(clock.period_cycles(period - 1).1 + 1, first);
        }
    }

    #[test]
    fn bidding_window_is_exactly_the_previous_cycle(
        clock in clock_strategy(),
        supply in 1..CYCLES,
        t_cycle in 0..CYCLES,
    ) {
        let t = clock.cycle_start(t_cycle);
        let expected = t_cycle + 1 == supply;
        prop_assert_eq!(clock.is_in_bidding_window(supply, t), expected);
        let (start, end) = clock.bidding_window(supply).unwrap();
        prop_assert_eq!(start <= t && t < end, expected);
        match clock.check_in_bidding_window(supply, t) {
            Ok(()) => prop_assert!(expected),
            Err(err) => {
                prop_assert!(!expected);
                prop_assert_eq!(err, CoreError::OutsideBiddingWindow {
                    supply_cycle: supply,
                    current_cycle: Some(t_cycle),
                });
            }
        }
    }
}
