#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

const SECOND: i64 = 1_000_000;
/// An issue, payment or receipt basis time: 2026-03-01T00:00:00Z in microseconds.
const BASIS: i64 = 1_772_323_200 * SECOND;

fn props() -> NetworkProperties {
    NetworkProperties {
        settlement_window_seconds: 3_600,
        ..NetworkProperties::default()
    }
}

#[test]
fn a_step_from_its_basis_to_the_end_of_the_window_is_in_time() {
    for step in [
        SettlementStep::Issue,
        SettlementStep::Payment,
        SettlementStep::Receipt,
    ] {
        assert_eq!(check_settlement_time(step, BASIS, BASIS, &props()), Ok(()));
        assert_eq!(
            check_settlement_time(step, BASIS, BASIS + 3_600 * SECOND, &props()),
            Ok(())
        );
    }
}

#[test]
fn a_receipt_older_than_its_payment_is_refused() {
    // The replay of decision 42: a payee whose clock is ten minutes slow.
    let err = check_settlement_time(
        SettlementStep::Receipt,
        BASIS,
        BASIS - 600 * SECOND,
        &props(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CoreError::OlderThanBasis {
            step: SettlementStep::Receipt,
            early_by_seconds: 600
        }
    );
    assert_eq!(
        err.to_string(),
        "This receipt is dated 600 s before the payment it acknowledges was made; it cannot be older than that (time runs forward across households: is this computer's clock behind?)."
    );
}

#[test]
fn one_microsecond_early_is_refused_and_said_as_a_whole_second() {
    assert_eq!(
        check_settlement_time(SettlementStep::Payment, BASIS, BASIS - 1, &props())
            .unwrap_err()
            .to_string(),
        "This payment is dated 1 s before the invoice it pays was issued; it cannot be older than that (time runs forward across households: is this computer's clock behind?)."
    );
}

#[test]
fn a_step_past_the_window_is_refused() {
    let late = BASIS + 3_600 * SECOND + 1;
    assert_eq!(
        check_settlement_time(SettlementStep::Payment, BASIS, late, &props())
            .unwrap_err()
            .to_string(),
        "This payment is dated 1 s past the network's settlement window of 3600 s after the invoice it pays was issued, so the invoice can no longer be paid."
    );
    assert_eq!(
        check_settlement_time(SettlementStep::Issue, BASIS, late, &props())
            .unwrap_err()
            .to_string(),
        "This invoice's issue is dated 1 s past the network's settlement window of 3600 s after its billing period ended, so the invoice can no longer be issued."
    );
    assert_eq!(
        check_settlement_time(SettlementStep::Receipt, BASIS, late, &props())
            .unwrap_err()
            .to_string(),
        "This receipt is dated 1 s past the network's settlement window of 3600 s after the payment it acknowledges was made, so the payment can no longer be acknowledged."
    );
}

#[test]
fn extreme_times_do_not_overflow() {
    assert!(matches!(
        check_settlement_time(SettlementStep::Receipt, i64::MAX, i64::MIN, &props()),
        Err(CoreError::OlderThanBasis { .. })
    ));
    assert!(matches!(
        check_settlement_time(SettlementStep::Receipt, i64::MIN, i64::MAX, &props()),
        Err(CoreError::SettlementTooLate { .. })
    ));
}

#[test]
fn the_wait_is_how_far_the_basis_is_ahead_of_now() {
    assert_eq!(wait_before_settling(BASIS, BASIS - 5 * SECOND), 5 * SECOND);
    assert_eq!(wait_before_settling(BASIS, BASIS + 5 * SECOND), 0);
    assert_eq!(wait_before_settling(i64::MAX, i64::MIN), i64::MAX);
}

#[test]
fn an_issue_is_bounded_by_the_window_after_its_period() {
    let props = NetworkProperties {
        settlement_window_seconds: 3_600,
        ..NetworkProperties::default()
    };
    let clock = props.clock().unwrap();
    let end = clock.period_end(2);
    assert_eq!(crate::ledger::check_issue(2, 1, end, &props), Ok(()));
    assert_eq!(
        crate::ledger::check_issue(2, 1, end + 3_600 * SECOND, &props),
        Ok(())
    );
    assert!(matches!(
        crate::ledger::check_issue(2, 1, end + 3_600 * SECOND + 1, &props),
        Err(CoreError::SettlementTooLate {
            step: SettlementStep::Issue,
            ..
        })
    ));
}

#[test]
fn the_window_property_is_checked() {
    let mut props = NetworkProperties::default();
    assert_eq!(props.settlement_window_seconds, 604_800);
    props.settlement_window_seconds = 0;
    assert_eq!(
        props.check().unwrap_err().to_string(),
        "The network property settlement_window_seconds is invalid: it must be 1 to 31622400; it is 0."
    );
    props.settlement_window_seconds = crate::MAX_SETTLEMENT_WINDOW_SECONDS + 1;
    assert!(props.check().is_err());
}

proptest! {
    /// The property that makes the ledger's walks complete: if every receipt of one payment
    /// passes the rule, each is at least as young as the payment, so a walk back along the
    /// payee's chain that stops at the first entry older than the payment visits them all.
    #[test]
    fn every_step_that_passes_is_not_older_than_its_basis(
        basis in -(1_i64 << 60)..(1_i64 << 60),
        offset in -(1_i64 << 40)..(1_i64 << 40),
        window in 1_u32..=crate::MAX_SETTLEMENT_WINDOW_SECONDS,
    ) {
        let props = NetworkProperties { settlement_window_seconds: window, ..NetworkProperties::default() };
        let at = basis + offset;
        let passes = check_settlement_time(SettlementStep::Receipt, basis, at, &props).is_ok();
        prop_assert_eq!(passes, offset >= 0 && offset <= i64::from(window) * SECOND);
    }
}
