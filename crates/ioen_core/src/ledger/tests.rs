#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;
use crate::units::{format_ioen, MICRO_IOEN_PER_IOEN};

/// 2026-01-01T00:00:00Z, the default epoch, in microseconds.
const EPOCH_US: i64 = 1_767_225_600_000 * 1_000;
/// Half an hour (the default cycle) in microseconds.
const HALF_HOUR_US: i64 = 1_800 * 1_000_000;
/// The billing period most tests invoice (48 cycles a period: cycles 96 to 143).
const PERIOD: u64 = 2;
/// A supply cycle inside [`PERIOD`].
const CYCLE: u64 = 100;
/// One IOEN in micro-IOEN.
const IOEN: i64 = MICRO_IOEN_PER_IOEN;

/// The start of `cycle`.
fn at_cycle(cycle: u64) -> i64 {
    EPOCH_US + i64::try_from(cycle).unwrap() * HALF_HOUR_US
}

/// The start of the first cycle after billing period `period`.
fn after_period(period: u64) -> i64 {
    at_cycle((period + 1) * 48)
}

fn props() -> NetworkProperties {
    NetworkProperties::default()
}

fn message(result: Result<(), CoreError>) -> String {
    result.unwrap_err().to_string()
}

// --- Lines -------------------------------------------------------------------

fn line() -> LineFacts {
    LineFacts {
        contracted_wh: 2_000,
        delivered_wh: 1_500,
        price_per_kwh: 333_333,
        amount: 500_000,
        contract_confirmed: true,
        contract_consumer_is_invoice_consumer: true,
        contract_producer_is_author: true,
        supply_cycle: CYCLE,
        invoice_period: PERIOD,
        authored_at: at_cycle(CYCLE + 1) + 60_000_000,
    }
}

#[test]
fn valid_lines() {
    assert_eq!(check_line(&line(), &props()), Ok(()));
    // The first microsecond after the supply cycle, and long after.
    for authored_at in [at_cycle(CYCLE + 1), at_cycle(10_000), i64::MAX] {
        let f = LineFacts {
            authored_at,
            ..line()
        };
        assert_eq!(check_line(&f, &props()), Ok(()));
    }
    // Everything contracted was delivered.
    let full = LineFacts {
        delivered_wh: 2_000,
        amount: 666_666,
        ..line()
    };
    assert_eq!(check_line(&full, &props()), Ok(()));
    // Nothing was delivered: a line of 0.
    let none = LineFacts {
        delivered_wh: 0,
        amount: 0,
        ..line()
    };
    assert_eq!(check_line(&none, &props()), Ok(()));
    // The first and last cycles of the period.
    for supply_cycle in [96, 143] {
        let f = LineFacts {
            supply_cycle,
            authored_at: after_period(PERIOD),
            ..line()
        };
        assert_eq!(check_line(&f, &props()), Ok(()));
    }
}

#[test]
fn line_parties() {
    let f = LineFacts {
        contract_producer_is_author: false,
        ..line()
    };
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::NotContractProducer)
    );
    assert_eq!(
        message(check_line(&f, &props())),
        "Only the producer of a contract can invoice it."
    );

    let f = LineFacts {
        contract_consumer_is_invoice_consumer: false,
        ..line()
    };
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::ContractNotForConsumer)
    );
    assert_eq!(
        message(check_line(&f, &props())),
        "This contract is with another consumer; an invoice lists only contracts with its own consumer."
    );

    let f = LineFacts {
        contract_confirmed: false,
        ..line()
    };
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::ContractNotConfirmed)
    );
    assert_eq!(
        message(check_line(&f, &props())),
        "Only a confirmed contract can be invoiced; the consumer has not confirmed this one."
    );
}

#[test]
fn line_outside_period() {
    for supply_cycle in [95, 144, 0, u64::MAX] {
        let f = LineFacts {
            supply_cycle,
            authored_at: i64::MAX,
            ..line()
        };
        assert_eq!(
            check_line(&f, &props()),
            Err(CoreError::LineOutsidePeriod {
                supply_cycle,
                period: PERIOD,
                first_cycle: 96,
                last_cycle: 143,
            })
        );
    }
    let f = LineFacts {
        supply_cycle: 144,
        ..line()
    };
    assert_eq!(
        message(check_line(&f, &props())),
        "Supply cycle 144 is not in billing period 2 of this invoice, which covers cycles 96 to 143."
    );
}

#[test]
fn line_too_early() {
    // During the supply cycle, up to its last microsecond.
    for authored_at in [at_cycle(CYCLE), at_cycle(CYCLE + 1) - 1] {
        let f = LineFacts {
            authored_at,
            ..line()
        };
        assert_eq!(
            check_line(&f, &props()),
            Err(CoreError::DeliveryTooEarly {
                supply_cycle: CYCLE,
                current_cycle: Some(CYCLE),
            })
        );
    }
    let f = LineFacts {
        authored_at: at_cycle(CYCLE - 1),
        ..line()
    };
    assert_eq!(
        message(check_line(&f, &props())),
        "The delivery of supply cycle 100 can only be invoiced after that cycle ends; it is now cycle 99."
    );
    // Before the first cycle.
    let f = LineFacts {
        authored_at: EPOCH_US - 1,
        ..line()
    };
    assert_eq!(
        message(check_line(&f, &props())),
        "The delivery of supply cycle 100 can only be invoiced after that cycle ends; cycles have not started yet."
    );
}

#[test]
fn line_too_early_where_boundaries_saturate() {
    // The last period's cycles end beyond the timestamp range, so no
    // timestamp is after them.
    let last_period = u64::MAX / 48;
    let f = LineFacts {
        supply_cycle: u64::MAX,
        invoice_period: last_period,
        authored_at: i64::MAX,
        ..line()
    };
    assert!(matches!(
        check_line(&f, &props()),
        Err(CoreError::DeliveryTooEarly { .. })
    ));
}

#[test]
fn line_energy_and_amount() {
    let f = LineFacts {
        delivered_wh: 2_001,
        amount: 666_999,
        ..line()
    };
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::OverDelivery {
            delivered_wh: 2_001,
            contracted_wh: 2_000,
        })
    );
    assert_eq!(
        message(check_line(&f, &props())),
        "The delivered energy of 2001 Wh is more than the 2000 Wh contracted."
    );

    // 1500 × 333333 / 1000 = 499999.5, which rounds up to 500000.
    for amount in [499_999, 500_001, 0, -500_000] {
        let f = LineFacts { amount, ..line() };
        assert_eq!(
            check_line(&f, &props()),
            Err(CoreError::LineAmount {
                delivered_wh: 1_500,
                price_per_kwh: 333_333,
                amount,
                expected: 500_000,
            })
        );
    }
    let f = LineFacts {
        amount: 499_999,
        ..line()
    };
    assert_eq!(
        message(check_line(&f, &props())),
        "The amount of a line for 1500 Wh at 333333 micro-IOEN per kWh must be 0.50 IOEN; it is 0.499999 IOEN."
    );

    let f = LineFacts {
        contracted_wh: u64::MAX,
        delivered_wh: u64::MAX,
        price_per_kwh: u64::MAX,
        ..line()
    };
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::AmountOverflow {
            energy_wh: u64::MAX,
            price_per_kwh: u64::MAX,
        })
    );
}

#[test]
fn line_rule_order() {
    let everything_wrong = LineFacts {
        contracted_wh: 1,
        delivered_wh: 2,
        amount: 7,
        contract_confirmed: false,
        contract_consumer_is_invoice_consumer: false,
        contract_producer_is_author: false,
        supply_cycle: 500,
        authored_at: 0,
        ..line()
    };
    let mut f = everything_wrong;
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::NotContractProducer)
    );
    f.contract_producer_is_author = true;
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::ContractNotForConsumer)
    );
    f.contract_consumer_is_invoice_consumer = true;
    assert_eq!(
        check_line(&f, &props()),
        Err(CoreError::ContractNotConfirmed)
    );
    f.contract_confirmed = true;
    assert!(matches!(
        check_line(&f, &props()),
        Err(CoreError::LineOutsidePeriod { .. })
    ));
    f.supply_cycle = CYCLE;
    assert!(matches!(
        check_line(&f, &props()),
        Err(CoreError::DeliveryTooEarly { .. })
    ));
    f.authored_at = line().authored_at;
    assert!(matches!(
        check_line(&f, &props()),
        Err(CoreError::OverDelivery { .. })
    ));
    f.contracted_wh = 2;
    assert!(matches!(
        check_line(&f, &props()),
        Err(CoreError::LineAmount { .. })
    ));
    // 2 Wh × 333333 / 1000 = 666.666, which rounds up to 667.
    f.amount = 667;
    assert_eq!(check_line(&f, &props()), Ok(()));
}

#[test]
fn line_with_invalid_clock() {
    let bad = NetworkProperties {
        cycle_seconds: 0,
        ..props()
    };
    assert!(matches!(
        check_line(&line(), &bad),
        Err(CoreError::InvalidProperty { name, .. }) if name == "cycle_seconds"
    ));
}

// --- Totals --------------------------------------------------------------------

#[test]
fn totals() {
    assert_eq!(invoice_total(&[]), Ok(0));
    assert_eq!(invoice_total(&[500_000, 630_000, 1]), Ok(1_130_001));
    assert_eq!(invoice_total(&[i64::MAX]), Ok(i64::MAX));
    assert_eq!(
        invoice_total(&[i64::MAX - 1, 1, 1]),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 1,
        })
    );
    assert_eq!(
        invoice_total(&[i64::MIN, -1]),
        Err(CoreError::SumOverflow {
            left: i64::MIN,
            right: -1,
        })
    );
    assert_eq!(
        invoice_total(&[i64::MAX, 1]).unwrap_err().to_string(),
        "Adding 0.000001 IOEN to 9223372036854.775807 IOEN gives an amount too large to represent."
    );
}

#[test]
fn invoice_total_checks() {
    let lines: [(&[u8], MicroIoen); 3] = [(b"c1", 500_000), (b"c2", 630_000), (b"c3", 1)];
    assert_eq!(check_invoice_total(&lines, 1_130_001), Ok(()));
    let empty: [(&[u8], MicroIoen); 0] = [];
    assert_eq!(check_invoice_total(&empty, 0), Ok(()));

    assert_eq!(
        check_invoice_total(&lines, 1_130_000),
        Err(CoreError::InvoiceTotalMismatch {
            total: 1_130_000,
            expected: 1_130_001,
        })
    );
    assert_eq!(
        message(check_invoice_total(&lines, 1_130_000)),
        "The invoice's total must be 1.130001 IOEN, the sum of its lines; it is 1.13 IOEN."
    );
    assert_eq!(
        message(check_invoice_total(&empty, 1)),
        "The invoice's total must be 0.00 IOEN, the sum of its lines; it is 0.000001 IOEN."
    );

    let overflowing = [(1, i64::MAX), (2, 1)];
    assert_eq!(
        check_invoice_total(&overflowing, 0),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 1,
        })
    );
}

#[test]
fn duplicate_lines() {
    let lines: [(&[u8], MicroIoen); 4] = [(b"a", 1), (b"b", 2), (b"c", 3), (b"b", 2)];
    assert_eq!(
        check_invoice_total(&lines, 8),
        Err(CoreError::DuplicateLine {
            first_line: 2,
            second_line: 4,
        })
    );
    assert_eq!(
        message(check_invoice_total(&lines, 8)),
        "Lines 2 and 4 of this invoice are for the same contract; an invoice lists each contract once."
    );
    // Reported before a wrong total, and the earliest repetition first.
    let lines = [(7, 1), (7, 1), (8, 1), (8, 1)];
    assert_eq!(
        check_invoice_total(&lines, 0),
        Err(CoreError::DuplicateLine {
            first_line: 1,
            second_line: 2,
        })
    );
}

// --- Issuing, voiding and changing -------------------------------------------

#[test]
fn invoice_status_serde() {
    for (status, json) in [
        (InvoiceStatus::Open, "\"open\""),
        (InvoiceStatus::Issued, "\"issued\""),
        (InvoiceStatus::Void, "\"void\""),
    ] {
        assert_eq!(serde_json::to_string(&status).unwrap(), json);
        assert_eq!(format!("\"{}\"", status.as_str()), json);
        assert_eq!(serde_json::from_str::<InvoiceStatus>(json).unwrap(), status);
    }
    assert_eq!(InvoiceStatus::default(), InvoiceStatus::Open);
    assert!(serde_json::from_str::<InvoiceStatus>("\"Issued\"").is_err());
}

#[test]
fn issue() {
    for authored_at in [after_period(PERIOD), after_period(PERIOD + 5)] {
        assert_eq!(check_issue(PERIOD, 1, authored_at, &props()), Ok(()));
    }
    // I13: not after the settlement window (a week by default) that follows the period.
    assert!(matches!(
        check_issue(PERIOD, 1, i64::MAX, &props()),
        Err(CoreError::SettlementTooLate { .. })
    ));
    assert_eq!(
        check_issue(PERIOD, 48, after_period(PERIOD), &props()),
        Ok(())
    );

    for authored_at in [after_period(PERIOD) - 1, at_cycle(96)] {
        assert_eq!(
            check_issue(PERIOD, 1, authored_at, &props()),
            Err(CoreError::InvoiceTooEarly {
                period: PERIOD,
                current_period: Some(PERIOD),
            })
        );
    }
    assert_eq!(
        message(check_issue(PERIOD, 1, after_period(PERIOD) - 1, &props())),
        "The invoice for billing period 2 can only be issued or voided after that period ends; it is now billing period 2."
    );
    assert_eq!(
        message(check_issue(PERIOD, 1, EPOCH_US - 1, &props())),
        "The invoice for billing period 2 can only be issued or voided after that period ends; cycles have not started yet."
    );

    assert_eq!(
        check_issue(PERIOD, 0, after_period(PERIOD), &props()),
        Err(CoreError::EmptyInvoice { period: PERIOD })
    );
    assert_eq!(
        message(check_issue(PERIOD, 0, after_period(PERIOD), &props())),
        "The invoice for billing period 2 has no lines, so it is void and cannot be issued for payment."
    );
    // Too early comes first.
    assert!(matches!(
        check_issue(PERIOD, 0, at_cycle(CYCLE), &props()),
        Err(CoreError::InvoiceTooEarly { .. })
    ));
    // The last period ends beyond the timestamp range.
    assert!(matches!(
        check_issue(u64::MAX / 48, 1, i64::MAX, &props()),
        Err(CoreError::InvoiceTooEarly { .. })
    ));
    let bad = NetworkProperties {
        cycles_per_billing_period: 0,
        ..props()
    };
    assert!(matches!(
        check_issue(PERIOD, 1, after_period(PERIOD), &bad),
        Err(CoreError::InvalidProperty { name, .. }) if name == "cycles_per_billing_period"
    ));
}

#[test]
fn void() {
    assert_eq!(
        check_void(PERIOD, 0, after_period(PERIOD), &props()),
        Ok(())
    );
    assert_eq!(
        check_void(PERIOD, 0, after_period(PERIOD) - 1, &props()),
        Err(CoreError::InvoiceTooEarly {
            period: PERIOD,
            current_period: Some(PERIOD),
        })
    );
    assert_eq!(
        check_void(PERIOD, 2, after_period(PERIOD), &props()),
        Err(CoreError::InvoiceNotEmpty {
            period: PERIOD,
            line_count: 2,
        })
    );
    assert_eq!(
        message(check_void(PERIOD, 2, after_period(PERIOD), &props())),
        "The invoice for billing period 2 has 2 lines, so it must be issued, not voided."
    );
    assert_eq!(
        message(check_void(PERIOD, 1, after_period(PERIOD), &props())),
        "The invoice for billing period 2 has 1 line, so it must be issued, not voided."
    );
}

#[test]
fn invoice_change() {
    assert_eq!(check_invoice_change(InvoiceStatus::Open), Ok(()));
    assert_eq!(
        check_invoice_change(InvoiceStatus::Issued),
        Err(CoreError::InvoiceFinal {
            status: InvoiceStatus::Issued,
        })
    );
    assert_eq!(
        message(check_invoice_change(InvoiceStatus::Issued)),
        "This invoice is issued and can no longer be changed."
    );
    assert_eq!(
        message(check_invoice_change(InvoiceStatus::Void)),
        "This invoice is void and can no longer be changed."
    );
}

// --- Payments ------------------------------------------------------------------

fn payment() -> PaymentFacts {
    PaymentFacts {
        payer_is_consumer: true,
        payee_is_producer: true,
        invoice_issued: true,
        invoice_total: 12_500_000,
        amount: 12_500_000,
        previous_balance: 20 * IOEN,
        balance_after: 7_500_000,
        previous_credit_limit: 1_000 * IOEN,
        credit_limit: 1_000 * IOEN,
    }
}

#[test]
fn valid_payments() {
    assert_eq!(check_payment(&payment()), Ok(()));
    // Down to exactly the credit limit.
    let f = PaymentFacts {
        previous_balance: -987_500_000,
        balance_after: -1_000 * IOEN,
        ..payment()
    };
    assert_eq!(check_payment(&f), Ok(()));
    // A payment of 0 (every line delivered nothing).
    let f = PaymentFacts {
        invoice_total: 0,
        amount: 0,
        previous_balance: -1_000 * IOEN,
        balance_after: -1_000 * IOEN,
        ..payment()
    };
    assert_eq!(check_payment(&f), Ok(()));
    // With no credit at all (an invitation may grant none).
    let f = PaymentFacts {
        previous_balance: 12_500_000,
        balance_after: 0,
        previous_credit_limit: 0,
        credit_limit: 0,
        ..payment()
    };
    assert_eq!(check_payment(&f), Ok(()));
}

#[test]
fn payment_parties_and_amount() {
    let f = PaymentFacts {
        payer_is_consumer: false,
        payee_is_producer: true,
        ..payment()
    };
    assert_eq!(check_payment(&f), Err(CoreError::NotInvoiceConsumer));
    assert_eq!(
        message(check_payment(&f)),
        "Only the invoice's consumer can pay it."
    );

    let f = PaymentFacts {
        invoice_issued: false,
        ..payment()
    };
    assert_eq!(check_payment(&f), Err(CoreError::InvoiceNotIssued));
    assert_eq!(
        message(check_payment(&f)),
        "This invoice has not been issued, so it cannot be paid."
    );

    for amount in [12_499_999, 12_500_001, 0] {
        let f = PaymentFacts {
            amount,
            ..payment()
        };
        assert_eq!(
            check_payment(&f),
            Err(CoreError::PaymentAmount {
                amount,
                total: 12_500_000,
            })
        );
    }
    let f = PaymentFacts {
        amount: 12 * IOEN,
        ..payment()
    };
    assert_eq!(
        message(check_payment(&f)),
        "A payment must be for exactly the invoice's total of 12.50 IOEN; it is for 12.00 IOEN."
    );

    let f = PaymentFacts {
        invoice_total: -1,
        amount: -1,
        balance_after: 20 * IOEN + 1,
        ..payment()
    };
    assert_eq!(
        check_payment(&f),
        Err(CoreError::NegativeAmount { amount: -1 })
    );
    assert_eq!(
        message(check_payment(&f)),
        "A payment or receipt must not be for a negative amount; it is for -0.000001 IOEN."
    );
}

#[test]
fn payment_balances() {
    let f = PaymentFacts {
        balance_after: 7_500_001,
        ..payment()
    };
    assert_eq!(
        check_payment(&f),
        Err(CoreError::BalanceMismatch {
            balance_after: 7_500_001,
            expected: 7_500_000,
        })
    );
    assert_eq!(
        message(check_payment(&f)),
        "The balance after this entry must be 7.50 IOEN, following from the previous ledger entry; it is 7.500001 IOEN."
    );

    let f = PaymentFacts {
        previous_balance: -995 * IOEN,
        balance_after: -1_007_500_000,
        ..payment()
    };
    assert_eq!(
        check_payment(&f),
        Err(CoreError::CreditLimitExceeded {
            amount: 12_500_000,
            previous_balance: -995 * IOEN,
            balance_after: -1_007_500_000,
            lowest_balance: -1_000 * IOEN,
        })
    );
    assert_eq!(
        message(check_payment(&f)),
        "Paying 12.50 IOEN would take the balance from -995.00 IOEN to -1007.50 IOEN, below the credit limit of -1000.00 IOEN."
    );
    // One micro-IOEN below the limit; the credit limit is reported even
    // when the balance after is wrong too.
    let f = PaymentFacts {
        previous_balance: -987_500_001,
        balance_after: 0,
        ..payment()
    };
    assert!(matches!(
        check_payment(&f),
        Err(CoreError::CreditLimitExceeded {
            balance_after: -1_000_000_001,
            ..
        })
    ));

    let f = PaymentFacts {
        previous_balance: i64::MIN,
        balance_after: 0,
        previous_credit_limit: i64::MAX,
        credit_limit: i64::MAX,
        ..payment()
    };
    assert_eq!(
        check_payment(&f),
        Err(CoreError::DifferenceOverflow {
            left: i64::MIN,
            right: 12_500_000,
        })
    );
    assert_eq!(
        message(check_payment(&f)),
        "Subtracting 12.50 IOEN from -9223372036854.775808 IOEN gives an amount too large to represent."
    );
}

#[test]
fn payment_with_negative_credit_limit() {
    for credit_limit in [-1, i64::MIN] {
        let bad = PaymentFacts {
            previous_credit_limit: credit_limit,
            credit_limit,
            ..payment()
        };
        assert_eq!(
            check_payment(&bad),
            Err(CoreError::InvalidProperty {
                name: "credit_limit".to_string(),
                reason: format!("it must not be negative; it is {credit_limit}"),
            })
        );
    }
    let bad = PaymentFacts {
        previous_credit_limit: -1,
        credit_limit: -1,
        ..payment()
    };
    assert_eq!(
        message(check_payment(&bad)),
        "The network property credit_limit is invalid: it must not be negative; it is -1."
    );
}

#[test]
fn payment_rule_order() {
    let mut f = PaymentFacts {
        payer_is_consumer: false,
        payee_is_producer: true,
        invoice_issued: false,
        invoice_total: 5,
        amount: 6,
        previous_balance: -1_000 * IOEN,
        balance_after: 1,
        previous_credit_limit: 1_000 * IOEN,
        credit_limit: 999 * IOEN,
    };
    assert_eq!(check_payment(&f), Err(CoreError::NotInvoiceConsumer));
    f.payer_is_consumer = true;
    assert_eq!(check_payment(&f), Err(CoreError::InvoiceNotIssued));
    f.invoice_issued = true;
    assert!(matches!(
        check_payment(&f),
        Err(CoreError::PaymentAmount { .. })
    ));
    f.invoice_total = 6;
    assert_eq!(
        check_payment(&f),
        Err(CoreError::CreditLimitChanged {
            credit_limit: 999 * IOEN,
            account_limit: 1_000 * IOEN,
        })
    );
    f.credit_limit = 1_000 * IOEN;
    assert!(matches!(
        check_payment(&f),
        Err(CoreError::CreditLimitExceeded { .. })
    ));
    f.previous_balance = 6;
    assert!(matches!(
        check_payment(&f),
        Err(CoreError::BalanceMismatch { .. })
    ));
    f.balance_after = 0;
    assert_eq!(check_payment(&f), Ok(()));
}

// --- Receipts ------------------------------------------------------------------

fn receipt() -> ReceiptFacts {
    ReceiptFacts {
        author_is_payee: true,
        payment_amount: 12_500_000,
        amount: 12_500_000,
        previous_balance: -3 * IOEN,
        balance_after: 9_500_000,
        previous_credit_limit: 50 * IOEN,
        credit_limit: 50 * IOEN,
    }
}

fn receipt_of_payment() -> ReceiptOfPaymentFacts {
    ReceiptOfPaymentFacts {
        author_is_payee: true,
        payment_amount: 12_500_000,
        amount: 12_500_000,
        paid_at: after_period(PERIOD),
        receipted_at: after_period(PERIOD) + 1,
    }
}

#[test]
fn a_payer_counts_a_receipt_of_its_payment() {
    assert_eq!(
        check_receipt_of_payment(&receipt_of_payment(), &props()),
        Ok(())
    );
    let same_moment = ReceiptOfPaymentFacts {
        receipted_at: after_period(PERIOD),
        ..receipt_of_payment()
    };
    assert_eq!(check_receipt_of_payment(&same_moment, &props()), Ok(()));
}

#[test]
fn a_payer_ignores_a_receipt_that_breaks_its_payments_rules() {
    let by_another = ReceiptOfPaymentFacts {
        author_is_payee: false,
        ..receipt_of_payment()
    };
    assert_eq!(
        check_receipt_of_payment(&by_another, &props()),
        Err(CoreError::NotPayee)
    );
    let short = ReceiptOfPaymentFacts {
        amount: 12 * IOEN,
        ..receipt_of_payment()
    };
    assert!(matches!(
        check_receipt_of_payment(&short, &props()),
        Err(CoreError::ReceiptAmount { .. })
    ));
    // The replay of issue 11: a payee whose clock is 5 s behind dates its receipt before the
    // payment.
    let replayed = ReceiptOfPaymentFacts {
        receipted_at: after_period(PERIOD) - 5_000_000,
        ..receipt_of_payment()
    };
    assert_eq!(
        message(check_receipt_of_payment(&replayed, &props())),
        "This receipt is dated 5 s before the payment it acknowledges was made; it cannot be older than that (time runs forward across households: is this computer's clock behind?)."
    );
    let late = ReceiptOfPaymentFacts {
        receipted_at: after_period(PERIOD)
            + i64::from(props().settlement_window_seconds) * 1_000_000
            + 1,
        ..receipt_of_payment()
    };
    assert!(matches!(
        check_receipt_of_payment(&late, &props()),
        Err(CoreError::SettlementTooLate { .. })
    ));
}

#[test]
fn receipt_keeps_the_credit_limit() {
    let f = ReceiptFacts {
        credit_limit: 1_000 * IOEN,
        ..receipt()
    };
    assert_eq!(
        message(check_receipt(&f)),
        "This entry carries a credit limit of 1000.00 IOEN, but the ledger it continues has 50.00 IOEN; the credit limit is the account's and never changes."
    );
}

#[test]
fn valid_receipts() {
    assert_eq!(check_receipt(&receipt()), Ok(()));
    let f = ReceiptFacts {
        payment_amount: 0,
        amount: 0,
        previous_balance: i64::MAX,
        balance_after: i64::MAX,
        ..receipt()
    };
    assert_eq!(check_receipt(&f), Ok(()));
}

#[test]
fn receipt_errors() {
    let f = ReceiptFacts {
        author_is_payee: false,
        ..receipt()
    };
    assert_eq!(check_receipt(&f), Err(CoreError::NotPayee));
    assert_eq!(
        message(check_receipt(&f)),
        "Only the payee of a payment can acknowledge it with a receipt."
    );

    let f = ReceiptFacts {
        amount: 12 * IOEN,
        ..receipt()
    };
    assert_eq!(
        check_receipt(&f),
        Err(CoreError::ReceiptAmount {
            amount: 12 * IOEN,
            payment_amount: 12_500_000,
        })
    );
    assert_eq!(
        message(check_receipt(&f)),
        "A receipt must be for exactly its payment's amount of 12.50 IOEN; it is for 12.00 IOEN."
    );

    let f = ReceiptFacts {
        payment_amount: -IOEN,
        amount: -IOEN,
        balance_after: -4 * IOEN,
        ..receipt()
    };
    assert_eq!(
        check_receipt(&f),
        Err(CoreError::NegativeAmount { amount: -IOEN })
    );

    let f = ReceiptFacts {
        previous_balance: i64::MAX,
        ..receipt()
    };
    assert_eq!(
        check_receipt(&f),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 12_500_000,
        })
    );

    let f = ReceiptFacts {
        balance_after: -3 * IOEN - 12_500_000,
        ..receipt()
    };
    assert_eq!(
        check_receipt(&f),
        Err(CoreError::BalanceMismatch {
            balance_after: -15_500_000,
            expected: 9_500_000,
        })
    );
    assert_eq!(
        message(check_receipt(&f)),
        "The balance after this entry must be 9.50 IOEN, following from the previous ledger entry; it is -15.50 IOEN."
    );
}

#[test]
fn receipt_rule_order() {
    let mut f = ReceiptFacts {
        author_is_payee: false,
        payment_amount: 5,
        amount: 6,
        previous_balance: i64::MAX,
        balance_after: 0,
        previous_credit_limit: 0,
        credit_limit: 0,
    };
    assert_eq!(check_receipt(&f), Err(CoreError::NotPayee));
    f.author_is_payee = true;
    assert!(matches!(
        check_receipt(&f),
        Err(CoreError::ReceiptAmount { .. })
    ));
    f.payment_amount = 6;
    assert!(matches!(
        check_receipt(&f),
        Err(CoreError::SumOverflow { .. })
    ));
    f.previous_balance = 0;
    assert!(matches!(
        check_receipt(&f),
        Err(CoreError::BalanceMismatch { .. })
    ));
    f.balance_after = 6;
    assert_eq!(check_receipt(&f), Ok(()));
}

// --- Ledger chain --------------------------------------------------------------

#[test]
fn ledger_chain() {
    let ok = LedgerChainFacts {
        latest_entry_is_previous: true,
        already_paid: false,
        already_receipted: false,
    };
    assert_eq!(check_ledger_chain(&ok), Ok(()));

    let f = LedgerChainFacts {
        already_paid: true,
        ..ok
    };
    assert_eq!(check_ledger_chain(&f), Err(CoreError::AlreadyPaid));
    assert_eq!(
        message(check_ledger_chain(&f)),
        "This invoice has already been paid; an invoice is paid once."
    );

    let f = LedgerChainFacts {
        already_receipted: true,
        ..ok
    };
    assert_eq!(check_ledger_chain(&f), Err(CoreError::AlreadyReceipted));
    assert_eq!(
        message(check_ledger_chain(&f)),
        "This payment has already been acknowledged; a payment gets one receipt."
    );

    let f = LedgerChainFacts {
        latest_entry_is_previous: false,
        ..ok
    };
    assert_eq!(check_ledger_chain(&f), Err(CoreError::LedgerForked));
    assert_eq!(
        message(check_ledger_chain(&f)),
        "This ledger entry does not follow the latest ledger entry of its author (the balance would fork)."
    );

    // Order: paid, receipted, forked.
    let all = LedgerChainFacts {
        latest_entry_is_previous: false,
        already_paid: true,
        already_receipted: true,
    };
    assert_eq!(check_ledger_chain(&all), Err(CoreError::AlreadyPaid));
    let f = LedgerChainFacts {
        already_paid: false,
        ..all
    };
    assert_eq!(check_ledger_chain(&f), Err(CoreError::AlreadyReceipted));
}

// --- Balance helpers -----------------------------------------------------------

#[test]
fn balance_helpers() {
    assert_eq!(available(0, 1_000 * IOEN), Ok(1_000 * IOEN));
    assert_eq!(available(-995 * IOEN, 1_000 * IOEN), Ok(5 * IOEN));
    assert_eq!(available(-1_000 * IOEN, 1_000 * IOEN), Ok(0));
    assert_eq!(
        available(i64::MAX, 1_000 * IOEN),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 1_000 * IOEN,
        })
    );
    assert!(matches!(
        available(0, -5),
        Err(CoreError::InvalidProperty { name, .. }) if name == "credit_limit"
    ));

    assert_eq!(balance_after_payment(10, 4, 1_000 * IOEN), Ok(6));
    assert_eq!(
        balance_after_payment(10, -4, 1_000 * IOEN),
        Err(CoreError::NegativeAmount { amount: -4 })
    );
    assert_eq!(
        balance_after_payment(-1_000 * IOEN, 1, 1_000 * IOEN),
        Err(CoreError::CreditLimitExceeded {
            amount: 1,
            previous_balance: -1_000 * IOEN,
            balance_after: -1_000 * IOEN - 1,
            lowest_balance: -1_000 * IOEN,
        })
    );
    assert_eq!(balance_after_receipt(-10, 4), Ok(-6));
    assert_eq!(
        balance_after_receipt(0, -4),
        Err(CoreError::NegativeAmount { amount: -4 })
    );
}

#[test]
fn summary() {
    let s = balance_summary(-995 * IOEN, &[IOEN, 2 * IOEN], &[500_000], 1_000 * IOEN).unwrap();
    assert_eq!(
        s,
        BalanceSummary {
            balance: -995 * IOEN,
            available: 5 * IOEN,
            pending_in: 3 * IOEN,
            pending_out: 500_000,
        }
    );
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"balance":-995000000,"available":5000000,"pending_in":3000000,"pending_out":500000}"#
    );
    assert_eq!(
        balance_summary(0, &[], &[], 1_000 * IOEN),
        Ok(BalanceSummary {
            balance: 0,
            available: 1_000 * IOEN,
            pending_in: 0,
            pending_out: 0,
        })
    );
    assert_eq!(
        balance_summary(0, &[i64::MAX, 1], &[], 1_000 * IOEN),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 1,
        })
    );
}

// --- A bill computed by hand ---------------------------------------------------

#[test]
fn hand_computed_bill() {
    // Three cycles of one day, each at its own price:
    //   1500 Wh at 0.333333 IOEN/kWh: 499999.5 µIOEN, rounds up to 500000.
    //   2250 Wh at 0.28 IOEN/kWh:     exactly 630000 µIOEN.
    //    999 Wh at 1.234567 IOEN/kWh: 1233332.433 µIOEN, rounds down to 1233332.
    let lines = [
        (96, 1_500, 333_333, 500_000),
        (120, 2_250, 280_000, 630_000),
        (143, 999, 1_234_567, 1_233_332),
    ];
    for &(supply_cycle, delivered_wh, price_per_kwh, amount) in &lines {
        let f = LineFacts {
            contracted_wh: 3_000,
            delivered_wh,
            price_per_kwh,
            amount,
            supply_cycle,
            authored_at: after_period(PERIOD),
            ..line()
        };
        assert_eq!(check_line(&f, &props()), Ok(()));
    }
    let keyed: Vec<(u64, MicroIoen)> = lines.iter().map(|l| (l.0, l.3)).collect();
    let total = 2_363_332;
    assert_eq!(invoice_total(&[500_000, 630_000, 1_233_332]), Ok(total));
    assert_eq!(check_invoice_total(&keyed, total), Ok(()));
    assert_eq!(format_ioen(total), "2.363332 IOEN");
    assert_eq!(
        check_issue(PERIOD, 3, after_period(PERIOD), &props()),
        Ok(())
    );

    // The consumer had 10 IOEN; the producer −3 IOEN.
    let payment = PaymentFacts {
        payer_is_consumer: true,
        payee_is_producer: true,
        invoice_issued: true,
        invoice_total: total,
        amount: total,
        previous_balance: 10 * IOEN,
        balance_after: 7_636_668,
        previous_credit_limit: 1_000 * IOEN,
        credit_limit: 1_000 * IOEN,
    };
    assert_eq!(check_payment(&payment), Ok(()));
    let receipt = ReceiptFacts {
        author_is_payee: true,
        payment_amount: total,
        amount: total,
        previous_balance: -3 * IOEN,
        balance_after: -636_668,
        previous_credit_limit: 1_000 * IOEN,
        credit_limit: 1_000 * IOEN,
    };
    assert_eq!(check_receipt(&receipt), Ok(()));
    assert_eq!(format_ioen(7_636_668), "7.636668 IOEN");
    assert_eq!(format_ioen(-636_668), "-0.636668 IOEN");
    // Before and after: 10 − 3 = 7.636668 − 0.636668.
    assert_eq!(10 * IOEN - 3 * IOEN, 7_636_668 - 636_668);

    // The same bill would take a consumer at −998 IOEN past the limit.
    let f = PaymentFacts {
        previous_balance: -998 * IOEN,
        balance_after: -1_000_363_332,
        ..payment
    };
    assert_eq!(
        message(check_payment(&f)),
        "Paying 2.363332 IOEN would take the balance from -998.00 IOEN to -1000.363332 IOEN, below the credit limit of -1000.00 IOEN."
    );

    // And through the ledger model: household 2 is a third neighbour. Get
    // the consumer (0) to 10 IOEN and the producer (1) to −3 IOEN by earlier
    // receipted payments.
    let mut ledger = LedgerState::new(3);
    for (payer, payee, amount) in [(1, 0, 10 * IOEN), (2, 1, 7 * IOEN)] {
        let pay = LedgerEvent::Pay {
            payer,
            payee,
            amount,
        };
        assert_eq!(ledger.apply(pay, &props()), Ok(()));
    }
    for payment_index in [0, 1] {
        let receipt = LedgerEvent::Receipt { payment_index };
        assert_eq!(ledger.apply(receipt, &props()), Ok(()));
    }
    assert_eq!(ledger.balances, vec![10 * IOEN, -3 * IOEN, -7 * IOEN]);
    assert_eq!(ledger.invariant_sum(), 0);
    let pay = LedgerEvent::Pay {
        payer: 0,
        payee: 1,
        amount: total,
    };
    assert_eq!(ledger.apply(pay, &props()), Ok(()));
    assert_eq!(ledger.balances, vec![7_636_668, -3 * IOEN, -7 * IOEN]);
    assert_eq!(ledger.unreceipted(), vec![(1, total)]);
    assert_eq!(ledger.invariant_sum(), 0);
    let receipt = LedgerEvent::Receipt { payment_index: 2 };
    assert_eq!(ledger.apply(receipt, &props()), Ok(()));
    assert_eq!(ledger.balances, vec![7_636_668, -636_668, -7 * IOEN]);
    assert_eq!(ledger.unreceipted(), vec![]);
    assert_eq!(ledger.invariant_sum(), 0);
}

// --- Ledger model --------------------------------------------------------------

#[test]
fn ledger_model_refusals() {
    let mut ledger = LedgerState::new(2);
    assert_eq!(ledger.invariant_sum(), 0);
    let before = ledger.clone();

    let pay = |payer, payee, amount| LedgerEvent::Pay {
        payer,
        payee,
        amount,
    };
    assert_eq!(
        ledger.apply(pay(2, 0, 1), &props()),
        Err(CoreError::UnknownAccount {
            account: 2,
            accounts: 2,
        })
    );
    assert_eq!(
        ledger
            .apply(pay(0, 5, 1), &props())
            .unwrap_err()
            .to_string(),
        "There is no account 5; the ledger has 2 accounts."
    );
    assert_eq!(
        ledger.apply(pay(0, 1, -1), &props()),
        Err(CoreError::NegativeAmount { amount: -1 })
    );
    assert!(matches!(
        ledger.apply(pay(0, 1, 1_000 * IOEN + 1), &props()),
        Err(CoreError::CreditLimitExceeded { .. })
    ));
    assert_eq!(
        ledger.apply(LedgerEvent::Receipt { payment_index: 0 }, &props()),
        Err(CoreError::UnknownPayment {
            payment: 0,
            payments: 0,
        })
    );
    assert_eq!(
        ledger
            .apply(LedgerEvent::Receipt { payment_index: 3 }, &props())
            .unwrap_err()
            .to_string(),
        "There is no payment 3; the ledger has 0 payments."
    );
    assert_eq!(ledger, before);

    assert_eq!(ledger.apply(pay(0, 1, 1_000 * IOEN), &props()), Ok(()));
    assert_eq!(ledger.balances, vec![-1_000 * IOEN, 0]);
    assert!(matches!(
        ledger.apply(pay(0, 1, 1), &props()),
        Err(CoreError::CreditLimitExceeded { .. })
    ));
    let receipt = LedgerEvent::Receipt { payment_index: 0 };
    assert_eq!(ledger.apply(receipt, &props()), Ok(()));
    let after_receipt = ledger.clone();
    assert_eq!(
        ledger.apply(receipt, &props()),
        Err(CoreError::AlreadyReceipted)
    );
    assert_eq!(ledger, after_receipt);
    assert_eq!(
        ledger
            .apply(LedgerEvent::Receipt { payment_index: 1 }, &props())
            .unwrap_err()
            .to_string(),
        "There is no payment 1; the ledger has 1 payment."
    );
    assert_eq!(ledger.balances, vec![-1_000 * IOEN, 1_000 * IOEN]);
    assert_eq!(ledger.invariant_sum(), 0);

    // A payee whose balance would overflow cannot receipt; the payment stays
    // pending and the invariant holds.
    let unlimited = NetworkProperties {
        credit_limit: i64::MAX,
        ..props()
    };
    let mut ledger = LedgerState::new(3);
    assert_eq!(ledger.apply(pay(0, 2, i64::MAX), &unlimited), Ok(()));
    assert_eq!(ledger.apply(pay(1, 2, 1), &unlimited), Ok(()));
    assert_eq!(
        ledger.apply(LedgerEvent::Receipt { payment_index: 0 }, &unlimited),
        Ok(())
    );
    let before = ledger.clone();
    assert_eq!(
        ledger.apply(LedgerEvent::Receipt { payment_index: 1 }, &unlimited),
        Err(CoreError::SumOverflow {
            left: i64::MAX,
            right: 1,
        })
    );
    assert_eq!(ledger, before);
    assert_eq!(ledger.invariant_sum(), 0);
    // A self-payment is harmless: it nets out once receipted.
    let mut ledger = LedgerState::new(1);
    assert_eq!(ledger.apply(pay(0, 0, 5), &props()), Ok(()));
    assert_eq!(
        ledger.apply(LedgerEvent::Receipt { payment_index: 0 }, &props()),
        Ok(())
    );
    assert_eq!(ledger.balances, vec![0]);
}

#[test]
fn ledger_event_serde() {
    let pay = LedgerEvent::Pay {
        payer: 0,
        payee: 1,
        amount: 5,
    };
    assert_eq!(
        serde_json::to_string(&pay).unwrap(),
        r#"{"type":"pay","payer":0,"payee":1,"amount":5}"#
    );
    assert_eq!(
        serde_json::to_string(&LedgerEvent::Receipt { payment_index: 2 }).unwrap(),
        r#"{"type":"receipt","payment_index":2}"#
    );
}

// --- Properties ----------------------------------------------------------------

fn event(accounts: usize) -> impl Strategy<Value = LedgerEvent> {
    let amount = prop_oneof![
        8 => 0..=600 * IOEN,
        1 => -IOEN..0,
        1 => any::<i64>(),
    ];
    prop_oneof![
        3 => (0..=accounts, 0..=accounts, amount).prop_map(|(payer, payee, amount)| {
            LedgerEvent::Pay { payer, payee, amount }
        }),
        2 => (0..40usize).prop_map(|payment_index| LedgerEvent::Receipt { payment_index }),
    ]
}

fn ledger_history() -> impl Strategy<Value = (usize, i64, Vec<LedgerEvent>)> {
    let credit_limit = prop_oneof![
        4 => 0..=1_000 * IOEN,
        1 => Just(i64::MAX),
    ];
    (1..6usize, credit_limit).prop_flat_map(|(accounts, credit_limit)| {
        (
            Just(accounts),
            Just(credit_limit),
            prop::collection::vec(event(accounts), 0..60),
        )
    })
}

proptest! {
    #[test]
    fn ledger_keeps_i12_and_the_credit_limit((accounts, credit_limit, events) in ledger_history()) {
        let props = NetworkProperties { credit_limit, ..NetworkProperties::default() };
        let mut ledger = LedgerState::new(accounts);
        for event in events {
            let before = ledger.clone();
            match ledger.apply(event, &props) {
                Ok(()) => match event {
                    LedgerEvent::Pay { payer, amount, .. } => {
                        prop_assert!(amount >= 0);
                        prop_assert_eq!(
                            i128::from(ledger.balances[payer]),
                            i128::from(before.balances[payer]) - i128::from(amount)
                        );
                        prop_assert_eq!(ledger.payments.len(), before.payments.len() + 1);
                    }
                    LedgerEvent::Receipt { payment_index } => {
                        let p = before.payments[payment_index];
                        prop_assert!(!p.receipted);
                        prop_assert!(ledger.payments[payment_index].receipted);
                        prop_assert_eq!(
                            i128::from(ledger.balances[p.payee]),
                            i128::from(before.balances[p.payee]) + i128::from(p.amount)
                        );
                    }
                },
                // A refused event changes nothing.
                Err(_) => prop_assert_eq!(&ledger, &before),
            }
            prop_assert_eq!(ledger.invariant_sum(), 0);
            for &balance in &ledger.balances {
                prop_assert!(balance >= -credit_limit, "{balance} below -{credit_limit}");
            }
        }
    }

    #[test]
    fn invoice_total_is_the_sum_of_costs(
        lines in prop::collection::vec((0..=1_000_000_000u64, 1..=10_000_000u64), 0..48),
    ) {
        let amounts: Vec<MicroIoen> = lines.iter().map(|&(wh, price)| cost(wh, price).unwrap()).collect();
        let expected: i128 = amounts.iter().map(|&a| i128::from(a)).sum();
        let total = invoice_total(&amounts).unwrap();
        prop_assert_eq!(i128::from(total), expected);
        let keyed: Vec<(usize, MicroIoen)> = amounts.iter().copied().enumerate().collect();
        prop_assert_eq!(check_invoice_total(&keyed, total), Ok(()));
        prop_assert_eq!(
            check_invoice_total(&keyed, total + 1),
            Err(CoreError::InvoiceTotalMismatch { total: total + 1, expected: total })
        );
        if let Some(&(key, amount)) = keyed.last() {
            let mut repeated = keyed.clone();
            repeated.push((key, amount));
            prop_assert_eq!(
                check_invoice_total(&repeated, total + amount),
                Err(CoreError::DuplicateLine { first_line: keyed.len(), second_line: keyed.len() + 1 })
            );
        }
    }

    #[test]
    fn check_line_accepts_exactly_the_cost(
        contracted_wh in 0..=1_000_000u64,
        delivered_wh in 0..=1_000_000u64,
        price_per_kwh in 1..=10_000_000u64,
        offset in prop_oneof![4 => Just(0i64), 1 => -3..=3i64, 1 => any::<i64>()],
    ) {
        let expected = cost(delivered_wh, price_per_kwh).unwrap();
        let amount = expected.wrapping_add(offset);
        let f = LineFacts { contracted_wh, delivered_wh, price_per_kwh, amount, ..line() };
        let accepted = check_line(&f, &props()).is_ok();
        prop_assert_eq!(accepted, delivered_wh <= contracted_wh && amount == expected);
    }

    #[test]
    fn computed_balances_pass_the_checks(
        previous_balance in -1_000 * IOEN..=1_000 * IOEN,
        amount in 0..=2_000 * IOEN,
    ) {
        match balance_after_payment(previous_balance, amount, 1_000 * IOEN) {
            Ok(balance_after) => {
                let f = PaymentFacts {
                    invoice_total: amount,
                    amount,
                    previous_balance,
                    balance_after,
                    ..payment()
                };
                prop_assert_eq!(check_payment(&f), Ok(()));
                prop_assert!(balance_after >= -props().credit_limit);
            }
            Err(e) => {
                let is_credit = matches!(e, CoreError::CreditLimitExceeded { .. });
                prop_assert!(is_credit);
                prop_assert!(previous_balance - amount < -props().credit_limit);
            }
        }
        let balance_after = balance_after_receipt(previous_balance, amount).unwrap();
        let f = ReceiptFacts {
            payment_amount: amount,
            amount,
            previous_balance,
            balance_after,
            ..receipt()
        };
        prop_assert_eq!(check_receipt(&f), Ok(()));
    }
}

fn new_invoice() -> InvoiceCreateFacts {
    InvoiceCreateFacts {
        consumer_is_author: false,
        status: InvoiceStatus::Open,
        period: PERIOD,
        previous_period: Some(PERIOD - 1),
        duplicate: false,
        authored_at: at_cycle(CYCLE),
    }
}

#[test]
fn invoice_create_rules() {
    assert_eq!(check_invoice_create(&new_invoice(), &props()), Ok(()));
    // The first invoice has no previous one.
    let first = InvoiceCreateFacts {
        previous_period: None,
        ..new_invoice()
    };
    assert_eq!(check_invoice_create(&first, &props()), Ok(()));
    let own = InvoiceCreateFacts {
        consumer_is_author: true,
        ..new_invoice()
    };
    assert_eq!(
        message(check_invoice_create(&own, &props())),
        "A household cannot invoice itself."
    );
    let issued = InvoiceCreateFacts {
        status: InvoiceStatus::Issued,
        ..new_invoice()
    };
    assert_eq!(
        check_invoice_create(&issued, &props()),
        Err(CoreError::NewInvoiceNotOpen)
    );
    let backwards = InvoiceCreateFacts {
        previous_period: Some(PERIOD + 1),
        ..new_invoice()
    };
    assert_eq!(
        message(check_invoice_create(&backwards, &props())),
        "This invoice is for billing period 2, but the producer's previous invoice is already for period 3; invoices are opened in period order."
    );
    let twice = InvoiceCreateFacts {
        duplicate: true,
        ..new_invoice()
    };
    assert_eq!(
        check_invoice_create(&twice, &props()),
        Err(CoreError::DuplicateInvoice { period: PERIOD })
    );
}

#[test]
fn invoice_opens_at_most_one_cycle_ahead() {
    // The last cycle of period 1 (cycle 95) may open invoices for period 2,
    // whose first cycle it bids for.
    let last_of_previous = InvoiceCreateFacts {
        authored_at: at_cycle(95),
        ..new_invoice()
    };
    assert_eq!(check_invoice_create(&last_of_previous, &props()), Ok(()));
    let too_soon = InvoiceCreateFacts {
        authored_at: at_cycle(94),
        ..new_invoice()
    };
    assert_eq!(
        message(check_invoice_create(&too_soon, &props())),
        "An invoice for billing period 2 cannot be opened yet; the latest period an invoice can be opened for now is 1."
    );
    let before_cycles = InvoiceCreateFacts {
        authored_at: EPOCH_US - 1,
        ..new_invoice()
    };
    assert_eq!(
        check_invoice_create(&before_cycles, &props()),
        Err(CoreError::InvoiceTooSoon {
            period: PERIOD,
            latest_period: None
        })
    );
    // Rule order: self-invoicing is named before the period.
    let both = InvoiceCreateFacts {
        consumer_is_author: true,
        ..too_soon
    };
    assert_eq!(
        check_invoice_create(&both, &props()),
        Err(CoreError::SelfInvoice)
    );
}

fn invoice_update() -> InvoiceUpdateFacts {
    InvoiceUpdateFacts {
        previous_status: InvoiceStatus::Open,
        keeps_what_it_said: true,
        status: InvoiceStatus::Open,
        period: PERIOD,
        line_count: 2,
        authored_at: at_cycle(CYCLE + 1),
    }
}

#[test]
fn invoice_update_rules() {
    assert_eq!(check_invoice_update(&invoice_update(), &props()), Ok(()));
    let issued = InvoiceUpdateFacts {
        status: InvoiceStatus::Issued,
        authored_at: after_period(PERIOD),
        ..invoice_update()
    };
    assert_eq!(check_invoice_update(&issued, &props()), Ok(()));
    let early = InvoiceUpdateFacts {
        authored_at: after_period(PERIOD) - 1,
        ..issued
    };
    assert!(matches!(
        check_invoice_update(&early, &props()),
        Err(CoreError::InvoiceTooEarly { .. })
    ));
    let void_with_lines = InvoiceUpdateFacts {
        status: InvoiceStatus::Void,
        ..issued
    };
    assert!(matches!(
        check_invoice_update(&void_with_lines, &props()),
        Err(CoreError::InvoiceNotEmpty { .. })
    ));
    let void = InvoiceUpdateFacts {
        line_count: 0,
        ..void_with_lines
    };
    assert_eq!(check_invoice_update(&void, &props()), Ok(()));
    let rewritten = InvoiceUpdateFacts {
        keeps_what_it_said: false,
        ..invoice_update()
    };
    assert_eq!(
        message(check_invoice_update(&rewritten, &props())),
        "An update of an invoice may only add lines and set its status; its consumer, period, previous invoice and earlier lines stay as they were."
    );
    for status in [InvoiceStatus::Issued, InvoiceStatus::Void] {
        let after_final = InvoiceUpdateFacts {
            previous_status: status,
            keeps_what_it_said: false,
            ..invoice_update()
        };
        assert_eq!(
            check_invoice_update(&after_final, &props()),
            Err(CoreError::InvoiceFinal { status })
        );
    }
}

#[test]
fn payment_to_someone_else() {
    let f = PaymentFacts {
        payee_is_producer: false,
        ..payment()
    };
    assert_eq!(
        message(check_payment(&f)),
        "A payment must be made to the invoice's producer."
    );
}

#[test]
fn account_rules() {
    assert_eq!(check_account(0, 4), Ok(()));
    assert_eq!(check_account(0, MAX_ACCOUNT_ACTION_SEQ), Ok(()));
    assert_eq!(
        message(check_account(5 * IOEN, 4)),
        format!(
            "An account opens at a balance of 0; this one opens at {}.",
            format_ioen(5 * IOEN)
        )
    );
    assert_eq!(
        message(check_account(0, MAX_ACCOUNT_ACTION_SEQ + 1)),
        "An account must be opened no later than action 24 of a source chain (this is action 25)."
    );
    assert_eq!(
        CoreError::SecondAccount.to_string(),
        "This household already has an account; each has exactly one."
    );
}
