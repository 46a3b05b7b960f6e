#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn every_message_is_a_sentence() {
    let errors = [
        CoreError::AmountOverflow {
            energy_wh: 1,
            price_per_kwh: 2,
        },
        CoreError::InvalidProperty {
            name: "n".to_string(),
            reason: "r".to_string(),
        },
        CoreError::BeforeEpoch {
            t_micros: 1,
            epoch_ms: 2,
        },
        CoreError::OutsideBiddingWindow {
            supply_cycle: 0,
            current_cycle: None,
        },
        CoreError::OutsideBiddingWindow {
            supply_cycle: 3,
            current_cycle: None,
        },
        CoreError::InvalidPostcode {
            postcode: "p".to_string(),
            expected: "e".to_string(),
        },
        CoreError::UnknownMethod {
            method: "m".to_string(),
        },
        CoreError::InvalidName {
            reason: "The name must not be empty.".to_string(),
        },
        CoreError::DuplicateMethod {
            method: GenerationMethod::Wind,
        },
        CoreError::NoRole,
        CoreError::TooLong {
            field: "f".to_string(),
            max: 1,
            actual: 2,
        },
        CoreError::InvalidCharacters {
            field: "f".to_string(),
        },
        CoreError::NotAuthor {
            what: "w".to_string(),
            action: "a".to_string(),
        },
        CoreError::ProfileTooLate {
            action_seq: 1,
            max: 0,
        },
        CoreError::DuplicateProfile,
    ];
    let market_errors = market_messages().into_iter().map(|(error, _)| error);
    let ledger_errors = ledger_messages().into_iter().map(|(error, _)| error);
    for error in errors.into_iter().chain(market_errors).chain(ledger_errors) {
        let message = error.to_string();
        let first = message.chars().next().unwrap();
        assert!(first.is_uppercase() || first == '\'', "{message}");
        assert!(message.ends_with('.'), "{message}");
    }
}

#[test]
fn outside_bidding_window_variants() {
    assert_eq!(
        CoreError::OutsideBiddingWindow {
            supply_cycle: 1,
            current_cycle: Some(0)
        }
        .to_string(),
        "Supply cycle 1 can only be bid for, accepted or rejected during cycle 0; it is now cycle 0."
    );
    assert_eq!(
        CoreError::OutsideBiddingWindow {
            supply_cycle: 0,
            current_cycle: Some(4)
        }
        .to_string(),
        "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it."
    );
}

#[test]
fn invalid_property_message() {
    assert_eq!(
        CoreError::InvalidProperty {
            name: "currency".to_string(),
            reason: "it must have 1 to 16 characters; it has 0".to_string()
        }
        .to_string(),
        "The network property currency is invalid: it must have 1 to 16 characters; it has 0."
    );
}

/// Every market error with its exact message.
fn market_messages() -> Vec<(CoreError, &'static str)> {
    use GenerationMethod::{Grid, Hydro, Solar, Wind};
    vec![
        (
            CoreError::ZeroCapacity,
            "An offer must have a capacity of more than 0 Wh.",
        ),
        (
            CoreError::PriceOutOfRange { price: 0, max: 10_000_000 },
            "A price must be between 1 and 10000000 micro-IOEN per kWh; it is 0.",
        ),
        (
            CoreError::MethodNotProduced { method: Hydro },
            "This household does not list hydro among the methods it produces, so it cannot offer it.",
        ),
        (
            CoreError::ZeroEnergy { what: "demand".to_string() },
            "A demand must be for more than 0 Wh.",
        ),
        (
            CoreError::ZeroEnergy { what: "bid".to_string() },
            "A bid must be for more than 0 Wh.",
        ),
        (
            CoreError::AcceptsNothing,
            "This household accepts no generation method, so it cannot demand energy.",
        ),
        (
            CoreError::RoleAlreadyDeclared { supply_cycle: 12, previous_supply_cycle: 12 },
            "This household already declared its role for supply cycle 12 (an offer or a demand); one role per cycle.",
        ),
        (
            CoreError::RoleAlreadyDeclared { supply_cycle: 9, previous_supply_cycle: 12 },
            "This household already declared its role for supply cycle 12 (an offer or a demand); a new declaration must be for a later cycle, not cycle 9.",
        ),
        (CoreError::OwnBid, "A household cannot bid to itself."),
        (
            CoreError::NoAcceptedMethod {
                producer_methods: vec![Solar, Wind],
                accepted_methods: vec![Grid],
            },
            "The producer's generation methods (solar, wind) include none that the consumer accepts (grid).",
        ),
        (
            CoreError::NoAcceptedMethod {
                producer_methods: vec![],
                accepted_methods: vec![],
            },
            "The producer's generation methods (none) include none that the consumer accepts (none).",
        ),
        (
            CoreError::NotLocal {
                consumer_postcode: "2008".to_string(),
                producer_postcode: "2011".to_string(),
            },
            "A producer in 2011 is not local to a consumer in 2008.",
        ),
        (
            CoreError::NotBidProducer,
            "Only the producer a bid was made to can answer it.",
        ),
        (
            CoreError::CycleMismatch { offer_cycle: 5, bid_cycle: 6 },
            "The offer is for supply cycle 5 but the bid is for supply cycle 6; they must be for the same cycle.",
        ),
        (
            CoreError::ContractEnergy { energy_wh: 0, bid_energy_wh: 500 },
            "A contract must be for more than 0 Wh and at most its bid's 500 Wh; it is for 0 Wh.",
        ),
        (
            CoreError::ContractPrice { price: 1, bid_price: 2 },
            "A contract must be at its bid's price of 2 micro-IOEN per kWh; it is at 1 micro-IOEN per kWh.",
        ),
        (
            CoreError::BelowReserve { price: 100, reserve: 200 },
            "The bid's price of 100 micro-IOEN per kWh is below the offer's reserve price of 200 micro-IOEN per kWh.",
        ),
        (
            CoreError::MethodNotAccepted { method: Grid },
            "The consumer does not accept grid energy, the generation method of this offer.",
        ),
        (
            CoreError::AllocationMismatch { allocated: 1_000, expected: 1_200 },
            "The allocated total of this answer must be 1200 Wh, following from the previous answer of its offer; it is 1000 Wh.",
        ),
        (
            CoreError::AllocationOverflow { previous_allocated_wh: 7, energy_wh: 8 },
            "The allocated total of 7 Wh plus 8 Wh is too large to represent.",
        ),
        (
            CoreError::OverCapacity { allocated: 1_200, capacity: 1_000 },
            "Accepting this bid would allocate 1200 Wh of an offer of 1000 Wh.",
        ),
        (CoreError::EmptyReason, "A rejection must give a reason."),
        (
            CoreError::NotConsumer,
            "Only the consumer who made the bid can confirm its contract.",
        ),
        (
            CoreError::ContractNotForDemand,
            "This contract answers a bid of another demand; a consumer can only confirm a contract for one of its own bids.",
        ),
        (
            CoreError::ConfirmationTooLate { supply_cycle: 12, current_cycle: 14 },
            "A contract for supply cycle 12 can only be confirmed until that cycle ends; it is now cycle 14.",
        ),
        (
            CoreError::BidAlreadyAnswered,
            "This bid has already been answered; a bid gets one contract or one rejection.",
        ),
        (
            CoreError::AnswerForked,
            "This answer does not follow the latest answer of its offer (the allocated total would fork).",
        ),
        (
            CoreError::AlreadyConfirmed,
            "This household has already confirmed a contract for this cycle.",
        ),
    ]
}

#[test]
fn market_error_messages() {
    for (error, expected) in market_messages() {
        assert_eq!(error.to_string(), expected);
    }
}

/// Every ledger error with its exact message.
fn ledger_messages() -> Vec<(CoreError, &'static str)> {
    vec![
        (
            CoreError::NotContractProducer,
            "Only the producer of a contract can invoice it.",
        ),
        (
            CoreError::ContractNotForConsumer,
            "This contract is with another consumer; an invoice lists only contracts with its own consumer.",
        ),
        (
            CoreError::ContractNotConfirmed,
            "Only a confirmed contract can be invoiced; the consumer has not confirmed this one.",
        ),
        (
            CoreError::LineOutsidePeriod { supply_cycle: 50, period: 0, first_cycle: 0, last_cycle: 47 },
            "Supply cycle 50 is not in billing period 0 of this invoice, which covers cycles 0 to 47.",
        ),
        (
            CoreError::DeliveryTooEarly { supply_cycle: 12, current_cycle: Some(12) },
            "The delivery of supply cycle 12 can only be invoiced after that cycle ends; it is now cycle 12.",
        ),
        (
            CoreError::DeliveryTooEarly { supply_cycle: 12, current_cycle: None },
            "The delivery of supply cycle 12 can only be invoiced after that cycle ends; cycles have not started yet.",
        ),
        (
            CoreError::OverDelivery { delivered_wh: 1_200, contracted_wh: 1_000 },
            "The delivered energy of 1200 Wh is more than the 1000 Wh contracted.",
        ),
        (
            CoreError::LineAmount {
                delivered_wh: 1_000,
                price_per_kwh: 250_000,
                amount: 200_000,
                expected: 250_000,
            },
            "The amount of a line for 1000 Wh at 250000 micro-IOEN per kWh must be 0.25 IOEN; it is 0.20 IOEN.",
        ),
        (
            CoreError::DuplicateLine { first_line: 1, second_line: 3 },
            "Lines 1 and 3 of this invoice are for the same contract; an invoice lists each contract once.",
        ),
        (
            CoreError::InvoiceTotalMismatch { total: 12_000_000, expected: 12_500_000 },
            "The invoice's total must be 12.50 IOEN, the sum of its lines; it is 12.00 IOEN.",
        ),
        (
            CoreError::SumOverflow { left: i64::MAX, right: 1_000_000 },
            "Adding 1.00 IOEN to 9223372036854.775807 IOEN gives an amount too large to represent.",
        ),
        (
            CoreError::DifferenceOverflow { left: i64::MIN, right: 1_500_000 },
            "Subtracting 1.50 IOEN from -9223372036854.775808 IOEN gives an amount too large to represent.",
        ),
        (
            CoreError::InvoiceTooEarly { period: 3, current_period: Some(3) },
            "The invoice for billing period 3 can only be issued or voided after that period ends; it is now billing period 3.",
        ),
        (
            CoreError::InvoiceTooEarly { period: 3, current_period: None },
            "The invoice for billing period 3 can only be issued or voided after that period ends; cycles have not started yet.",
        ),
        (
            CoreError::EmptyInvoice { period: 3 },
            "The invoice for billing period 3 has no lines, so it is void and cannot be issued for payment.",
        ),
        (
            CoreError::InvoiceNotEmpty { period: 3, line_count: 2 },
            "The invoice for billing period 3 has 2 lines, so it must be issued, not voided.",
        ),
        (
            CoreError::InvoiceNotEmpty { period: 3, line_count: 1 },
            "The invoice for billing period 3 has 1 line, so it must be issued, not voided.",
        ),
        (
            CoreError::InvoiceFinal { status: InvoiceStatus::Issued },
            "This invoice is issued and can no longer be changed.",
        ),
        (
            CoreError::InvoiceFinal { status: InvoiceStatus::Void },
            "This invoice is void and can no longer be changed.",
        ),
        (
            CoreError::NotInvoiceConsumer,
            "Only the invoice's consumer can pay it.",
        ),
        (
            CoreError::InvoiceNotIssued,
            "This invoice has not been issued, so it cannot be paid.",
        ),
        (
            CoreError::PaymentAmount { amount: 12_000_000, total: 12_500_000 },
            "A payment must be for exactly the invoice's total of 12.50 IOEN; it is for 12.00 IOEN.",
        ),
        (
            CoreError::NegativeAmount { amount: -2_500_000 },
            "A payment or receipt must not be for a negative amount; it is for -2.50 IOEN.",
        ),
        (
            CoreError::BalanceMismatch { balance_after: 6_000_000, expected: 5_000_000 },
            "The balance after this entry must be 5.00 IOEN, following from the previous ledger entry; it is 6.00 IOEN.",
        ),
        (
            CoreError::CreditLimitExceeded {
                amount: 12_500_000,
                previous_balance: -995_000_000,
                balance_after: -1_007_500_000,
                lowest_balance: -1_000_000_000,
            },
            "Paying 12.50 IOEN would take the balance from -995.00 IOEN to -1007.50 IOEN, below the credit limit of -1000.00 IOEN.",
        ),
        (
            CoreError::NotPayee,
            "Only the payee of a payment can acknowledge it with a receipt.",
        ),
        (
            CoreError::ReceiptAmount { amount: 12_000_000, payment_amount: 12_500_000 },
            "A receipt must be for exactly its payment's amount of 12.50 IOEN; it is for 12.00 IOEN.",
        ),
        (
            CoreError::AlreadyPaid,
            "This invoice has already been paid; an invoice is paid once.",
        ),
        (
            CoreError::AlreadyReceipted,
            "This payment has already been acknowledged; a payment gets one receipt.",
        ),
        (
            CoreError::LedgerForked,
            "This ledger entry does not follow the latest ledger entry of its author (the balance would fork).",
        ),
        (
            CoreError::OlderThanBasis {
                step: crate::SettlementStep::Payment,
                early_by_seconds: 3,
            },
            "This payment is dated 3 s before the invoice it pays was issued; it cannot be older than that (time runs forward across households: is this computer's clock behind?).",
        ),
        (
            CoreError::SettlementTooLate {
                step: crate::SettlementStep::Receipt,
                late_by_seconds: 5,
                window_seconds: 604_800,
            },
            "This receipt is dated 5 s past the network's settlement window of 604800 s after the payment it acknowledges was made, so the payment can no longer be acknowledged.",
        ),
        (
            CoreError::UnknownAccount { account: 5, accounts: 2 },
            "There is no account 5; the ledger has 2 accounts.",
        ),
        (
            CoreError::UnknownAccount { account: 1, accounts: 1 },
            "There is no account 1; the ledger has 1 account.",
        ),
        (
            CoreError::UnknownPayment { payment: 7, payments: 0 },
            "There is no payment 7; the ledger has 0 payments.",
        ),
    ]
}

#[test]
fn ledger_error_messages() {
    for (error, expected) in ledger_messages() {
        assert_eq!(error.to_string(), expected);
    }
}
