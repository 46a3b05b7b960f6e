//! The rules of the ledger entries (Invoice, Payment, Receipt), the balance
//! helpers coordinators and user interfaces share, and [`LedgerState`], a
//! model of the whole ledger that makes rule I12 checkable.
//!
//! As in [`crate::market`], the rules take *facts*: plain data the zomes
//! gather from the entry being validated and the records it names (hashes
//! are compared by the zomes and passed in as booleans). Each `check_*`
//! function applies its rules in the documented order and returns the first
//! one broken, so the same input always gives the same message on every peer.
//!
//! Money is `i64` micro-IOEN ([`MicroIoen`]) and every sum and difference is
//! checked: an overflow is an error ([`CoreError::SumOverflow`],
//! [`CoreError::DifferenceOverflow`]), never a wrap or a panic. Amounts come
//! from [`cost`], the one rounding rule of the project, and nothing here
//! rounds.
//!
//! Rules that need the author's source chain ("no fork of the ledger pointer
//! chain", "once per invoice", "once per payment") are split: the zome walks
//! the chain and reports what it found in [`LedgerChainFacts`], and
//! [`check_ledger_chain`] turns that into a verdict.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::properties::NetworkProperties;
use crate::time_order::{check_settlement_time, SettlementStep};
use crate::units::{cost, MicroIoen, PricePerKwh, Wh};

/// Facts about one invoice line: a confirmed contract's delivered energy and
/// its amount (rule I8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineFacts {
    /// The contract's energy, in watt-hours.
    pub contracted_wh: Wh,
    /// The energy the line says was delivered, in watt-hours.
    pub delivered_wh: Wh,
    /// The contract's price, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// The line's amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// Whether the contract's consumer confirmed it.
    pub contract_confirmed: bool,
    /// Whether the contract's consumer (the author of its bid) is the
    /// invoice's consumer.
    pub contract_consumer_is_invoice_consumer: bool,
    /// Whether the contract's producer (its author) is the invoice's author.
    pub contract_producer_is_author: bool,
    /// The contract's supply cycle.
    pub supply_cycle: u64,
    /// The invoice's billing period.
    pub invoice_period: u64,
    /// When the line was written (the invoice create or update that adds
    /// it), in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks one invoice line (rule I8).
///
/// Rules, in this order: the contract's producer is the invoice's author;
/// the contract's consumer is the invoice's consumer; the contract is
/// confirmed; its supply cycle is in the invoice's billing period; the line
/// is authored after the supply cycle ended (in a later cycle, that is
/// `clock.cycle_end(supply_cycle) <= authored_at`); the delivered energy is
/// at most the contracted energy; the amount is exactly
/// [`cost`]`(delivered_wh, price_per_kwh)`.
///
/// A delivery of 0 Wh is a valid line (the producer supplied nothing) with
/// an amount of 0.
///
/// # Errors
///
/// [`CoreError::NotContractProducer`], [`CoreError::ContractNotForConsumer`],
/// [`CoreError::ContractNotConfirmed`], [`CoreError::LineOutsidePeriod`],
/// [`CoreError::DeliveryTooEarly`], [`CoreError::OverDelivery`],
/// [`CoreError::AmountOverflow`] (the cost does not fit in [`MicroIoen`]) or
/// [`CoreError::LineAmount`]; [`CoreError::InvalidProperty`] if `props` has
/// an invalid clock.
pub fn check_line(f: &LineFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    if !f.contract_producer_is_author {
        return Err(CoreError::NotContractProducer);
    }
    if !f.contract_consumer_is_invoice_consumer {
        return Err(CoreError::ContractNotForConsumer);
    }
    if !f.contract_confirmed {
        return Err(CoreError::ContractNotConfirmed);
    }
    let clock = props.clock()?;
    if clock.billing_period_of(f.supply_cycle) != f.invoice_period {
        let (first_cycle, last_cycle) = clock.period_cycles(f.invoice_period);
        return Err(CoreError::LineOutsidePeriod {
            supply_cycle: f.supply_cycle,
            period: f.invoice_period,
            first_cycle,
            last_cycle,
        });
    }
    // Compare cycle numbers rather than timestamps, as the market rules do,
    // so this agrees with `cycle_of` even where cycle boundaries saturate.
    let current_cycle = clock.cycle_of(f.authored_at).ok();
    if current_cycle.is_none_or(|now| now <= f.supply_cycle) {
        return Err(CoreError::DeliveryTooEarly {
            supply_cycle: f.supply_cycle,
            current_cycle,
        });
    }
    if f.delivered_wh > f.contracted_wh {
        return Err(CoreError::OverDelivery {
            delivered_wh: f.delivered_wh,
            contracted_wh: f.contracted_wh,
        });
    }
    let expected = cost(f.delivered_wh, f.price_per_kwh)?;
    if f.amount != expected {
        return Err(CoreError::LineAmount {
            delivered_wh: f.delivered_wh,
            price_per_kwh: f.price_per_kwh,
            amount: f.amount,
            expected,
        });
    }
    Ok(())
}

/// The sum of `amounts` (an invoice's line amounts), checked.
///
/// # Errors
///
/// [`CoreError::SumOverflow`] if a partial sum leaves the range of
/// [`MicroIoen`].
pub fn invoice_total(amounts: &[MicroIoen]) -> Result<MicroIoen, CoreError> {
    amounts
        .iter()
        .try_fold(0, |total: MicroIoen, &amount| checked_sum(total, amount))
}

/// Checks an invoice's lines against its total (rule I8).
///
/// `lines` holds one `(contract, amount)` pair per line, in the invoice's
/// order; the contract is any key that identifies it (its action hash, or
/// its bytes). Each line is compared with every earlier one, so the cost is
/// quadratic in the number of lines (at most one per cycle of the period).
///
/// Rules, in this order: no contract is listed twice; `total` is the sum of
/// the amounts.
///
/// # Errors
///
/// [`CoreError::DuplicateLine`] naming the first repeated pair of lines,
/// [`CoreError::SumOverflow`] (see [`invoice_total`]) or
/// [`CoreError::InvoiceTotalMismatch`].
pub fn check_invoice_total<K: PartialEq>(
    lines: &[(K, MicroIoen)],
    total: MicroIoen,
) -> Result<(), CoreError> {
    for (second, (contract, _)) in lines.iter().enumerate() {
        if let Some(first) = lines[..second].iter().position(|(c, _)| c == contract) {
            return Err(CoreError::DuplicateLine {
                first_line: first + 1,
                second_line: second + 1,
            });
        }
    }
    let amounts: Vec<MicroIoen> = lines.iter().map(|(_, amount)| *amount).collect();
    let expected = invoice_total(&amounts)?;
    if total != expected {
        return Err(CoreError::InvoiceTotalMismatch { total, expected });
    }
    Ok(())
}

/// Where an invoice is in its life (rule I8).
///
/// Serialized in snake case: `"open"`, `"issued"`, `"void"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Still collecting lines; not payable.
    #[default]
    Open,
    /// Issued for payment after its billing period; never changed again.
    Issued,
    /// Closed without lines (the consumer confirmed other producers); never
    /// paid and never changed again.
    Void,
}

impl InvoiceStatus {
    /// The status as serialized and shown in messages: "open", "issued" or
    /// "void".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Issued => "issued",
            Self::Void => "void",
        }
    }
}

/// Checks the issuing of an invoice: the update that sets its status to
/// [`InvoiceStatus::Issued`] (rule I8).
///
/// Rules, in this order: the invoice is issued after its billing period
/// ended (in a later period, that is `authored_at >=
/// clock.period_end(period)`); it has at least one line; it is issued
/// within the settlement window after the period's end (rule I13,
/// [`check_settlement_time`]).
///
/// # Errors
///
/// [`CoreError::InvoiceTooEarly`], [`CoreError::EmptyInvoice`] or
/// [`CoreError::SettlementTooLate`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_issue(
    period: u64,
    line_count: usize,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_period_ended(period, authored_at, props)?;
    if line_count == 0 {
        return Err(CoreError::EmptyInvoice { period });
    }
    let period_end = props.clock()?.period_end(period);
    check_settlement_time(SettlementStep::Issue, period_end, authored_at, props)
}

/// Checks the voiding of an invoice: the update that sets its status to
/// [`InvoiceStatus::Void`] (rule I8). An invoice is void when its billing
/// period ended without a line, typically because the consumer confirmed
/// other producers' contracts.
///
/// Rules, in this order: the invoice is voided after its billing period
/// ended; it has no lines.
///
/// # Errors
///
/// [`CoreError::InvoiceTooEarly`] or [`CoreError::InvoiceNotEmpty`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_void(
    period: u64,
    line_count: usize,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_period_ended(period, authored_at, props)?;
    if line_count > 0 {
        return Err(CoreError::InvoiceNotEmpty { period, line_count });
    }
    Ok(())
}

/// Checks that an invoice may still be changed (rule I8): only an
/// [`InvoiceStatus::Open`] invoice takes updates (new lines, issuing,
/// voiding).
///
/// # Errors
///
/// [`CoreError::InvoiceFinal`] if `previous_status` (the status of the
/// invoice being updated) is issued or void.
pub fn check_invoice_change(previous_status: InvoiceStatus) -> Result<(), CoreError> {
    match previous_status {
        InvoiceStatus::Open => Ok(()),
        status @ (InvoiceStatus::Issued | InvoiceStatus::Void) => {
            Err(CoreError::InvoiceFinal { status })
        }
    }
}

/// Facts about a new Invoice (rule I8), gathered from its create action and
/// the author's previous invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvoiceCreateFacts {
    /// Whether the invoice's consumer is its author.
    pub consumer_is_author: bool,
    /// The status the new invoice carries.
    pub status: InvoiceStatus,
    /// The invoice's billing period.
    pub period: u64,
    /// The billing period of the author's previous invoice; `None` for its
    /// first invoice.
    pub previous_period: Option<u64>,
    /// Whether the author's invoices of the same period (found along the
    /// invoice chain) include one for the same consumer.
    pub duplicate: bool,
    /// When the invoice was created, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks a new invoice (rule I8); its lines are checked one by one with
/// [`check_line`] and its total with [`check_invoice_total`].
///
/// Rules, in this order: the consumer is not the author; the invoice is
/// open; its period is at most that of the cycle after the one it is
/// created in (an invoice is opened when the first contract of the period
/// is made, during the cycle before supply); its period is not before the
/// author's previous invoice's (so the invoices of a period are found by
/// walking back until an earlier period); there is no other invoice for the
/// same consumer and period.
///
/// # Errors
///
/// [`CoreError::SelfInvoice`], [`CoreError::NewInvoiceNotOpen`],
/// [`CoreError::InvoiceTooSoon`], [`CoreError::InvoicePeriodBackwards`] or
/// [`CoreError::DuplicateInvoice`]; [`CoreError::InvalidProperty`] if
/// `props` has an invalid clock.
pub fn check_invoice_create(
    f: &InvoiceCreateFacts,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    if f.consumer_is_author {
        return Err(CoreError::SelfInvoice);
    }
    if f.status != InvoiceStatus::Open {
        return Err(CoreError::NewInvoiceNotOpen);
    }
    let clock = props.clock()?;
    let latest_period = clock
        .cycle_of(f.authored_at)
        .ok()
        .map(|cycle| clock.billing_period_of(cycle.saturating_add(1)));
    if latest_period.is_none_or(|latest| f.period > latest) {
        return Err(CoreError::InvoiceTooSoon {
            period: f.period,
            latest_period,
        });
    }
    if let Some(previous_period) = f.previous_period {
        if f.period < previous_period {
            return Err(CoreError::InvoicePeriodBackwards {
                period: f.period,
                previous_period,
            });
        }
    }
    if f.duplicate {
        return Err(CoreError::DuplicateInvoice { period: f.period });
    }
    Ok(())
}

/// Facts about an update of an Invoice (rule I8): the version it updates
/// and the new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvoiceUpdateFacts {
    /// The status of the version updated.
    pub previous_status: InvoiceStatus,
    /// Whether the new version keeps the consumer, period, previous invoice
    /// and every earlier line (in order) of the version updated.
    pub keeps_what_it_said: bool,
    /// The status of the new version.
    pub status: InvoiceStatus,
    /// The invoice's billing period.
    pub period: u64,
    /// How many lines the new version has.
    pub line_count: usize,
    /// When the update was written, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks an update of an invoice (rule I8); the lines it adds are checked
/// with [`check_line`] and its total with [`check_invoice_total`].
///
/// Rules, in this order: the version updated is open
/// ([`check_invoice_change`]); the update keeps what it said; an issuing
/// update passes [`check_issue`], a voiding one [`check_void`].
///
/// # Errors
///
/// [`CoreError::InvoiceFinal`], [`CoreError::InvoiceRewritten`], or the
/// errors of [`check_issue`] and [`check_void`].
pub fn check_invoice_update(
    f: &InvoiceUpdateFacts,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_invoice_change(f.previous_status)?;
    if !f.keeps_what_it_said {
        return Err(CoreError::InvoiceRewritten);
    }
    match f.status {
        InvoiceStatus::Open => Ok(()),
        InvoiceStatus::Issued => check_issue(f.period, f.line_count, f.authored_at, props),
        InvoiceStatus::Void => check_void(f.period, f.line_count, f.authored_at, props),
    }
}

/// The largest `action_seq` an Account may have: it is written by the ledger
/// zome's `init`, so it is among the first actions of every chain, and the
/// check that there is no other one walks only those.
pub const MAX_ACCOUNT_ACTION_SEQ: u32 = 24;

/// Checks an Account, the opening of a household's ledger (rule I11); that
/// the author has no other account is the zome's chain check
/// ([`CoreError::SecondAccount`]).
///
/// Rules, in this order: it opens at 0; it is among the first
/// [`MAX_ACCOUNT_ACTION_SEQ`] actions of its chain.
///
/// # Errors
///
/// [`CoreError::AccountNotEmpty`] or [`CoreError::AccountTooLate`].
pub fn check_account(balance: MicroIoen, action_seq: u32) -> Result<(), CoreError> {
    if balance != 0 {
        return Err(CoreError::AccountNotEmpty { balance });
    }
    if action_seq > MAX_ACCOUNT_ACTION_SEQ {
        return Err(CoreError::AccountTooLate {
            action_seq,
            max: MAX_ACCOUNT_ACTION_SEQ,
        });
    }
    Ok(())
}

/// Facts about a Payment: a consumer's payment of an issued invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentFacts {
    /// Whether the payment's author is the invoice's consumer.
    pub payer_is_consumer: bool,
    /// Whether the payment's payee is the invoice's producer (its author).
    pub payee_is_producer: bool,
    /// Whether the invoice's status is [`InvoiceStatus::Issued`].
    pub invoice_issued: bool,
    /// The issued invoice's total, in micro-IOEN.
    pub invoice_total: MicroIoen,
    /// The payment's amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// The balance of the payer's previous ledger entry (0 when this is the
    /// payer's first), in micro-IOEN.
    pub previous_balance: MicroIoen,
    /// The balance the payment carries, in micro-IOEN.
    pub balance_after: MicroIoen,
    /// The credit limit of the payer's previous ledger entry (its account's,
    /// rule I14), in micro-IOEN.
    pub previous_credit_limit: MicroIoen,
    /// The credit limit the payment carries, in micro-IOEN.
    pub credit_limit: MicroIoen,
}

/// Checks a Payment (rules I9 and I11, content part).
///
/// Rules, in this order: the payer is the invoice's consumer; the payee is
/// its producer; the invoice is issued; the amount is exactly the invoice's total; the credit
/// limit is the previous entry's (I14); the amount is not
/// negative; the previous balance minus the amount stays at or above the
/// credit limit ([`balance_after_payment`]); the balance after is exactly
/// the previous balance minus the amount.
///
/// # Errors
///
/// [`CoreError::NotInvoiceConsumer`], [`CoreError::PayeeNotProducer`],
/// [`CoreError::InvoiceNotIssued`],
/// [`CoreError::PaymentAmount`], [`CoreError::CreditLimitChanged`], [`CoreError::NegativeAmount`],
/// [`CoreError::DifferenceOverflow`], [`CoreError::CreditLimitExceeded`] or
/// [`CoreError::BalanceMismatch`]; [`CoreError::InvalidProperty`] for a negative credit limit.
pub fn check_payment(f: &PaymentFacts) -> Result<(), CoreError> {
    if !f.payer_is_consumer {
        return Err(CoreError::NotInvoiceConsumer);
    }
    if !f.payee_is_producer {
        return Err(CoreError::PayeeNotProducer);
    }
    if !f.invoice_issued {
        return Err(CoreError::InvoiceNotIssued);
    }
    if f.amount != f.invoice_total {
        return Err(CoreError::PaymentAmount {
            amount: f.amount,
            total: f.invoice_total,
        });
    }
    check_same_credit_limit(f.credit_limit, f.previous_credit_limit)?;
    let expected = balance_after_payment(f.previous_balance, f.amount, f.credit_limit)?;
    check_balance(f.balance_after, expected)
}

/// Checks that a ledger entry carries its predecessor's credit limit (rule I14).
///
/// # Errors
///
/// [`CoreError::CreditLimitChanged`].
pub fn check_same_credit_limit(
    credit_limit: MicroIoen,
    account_limit: MicroIoen,
) -> Result<(), CoreError> {
    if credit_limit != account_limit {
        return Err(CoreError::CreditLimitChanged {
            credit_limit,
            account_limit,
        });
    }
    Ok(())
}

/// Facts about a Receipt: a producer's acknowledgement of a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptFacts {
    /// Whether the receipt's author is the payment's payee.
    pub author_is_payee: bool,
    /// The payment's amount, in micro-IOEN.
    pub payment_amount: MicroIoen,
    /// The receipt's amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// The balance of the payee's previous ledger entry (0 when this is the
    /// payee's first), in micro-IOEN.
    pub previous_balance: MicroIoen,
    /// The balance the receipt carries, in micro-IOEN.
    pub balance_after: MicroIoen,
    /// The credit limit of the payee's previous ledger entry, in micro-IOEN.
    pub previous_credit_limit: MicroIoen,
    /// The credit limit the receipt carries, in micro-IOEN.
    pub credit_limit: MicroIoen,
}

/// Checks a Receipt (rules I10 and I11, content part).
///
/// Rules, in this order: the author is the payment's payee; the amount is
/// exactly the payment's; the credit limit is the previous entry's (I14); the amount is not
/// negative; the balance after is
/// exactly the previous balance plus the amount ([`balance_after_receipt`]).
///
/// # Errors
///
/// [`CoreError::NotPayee`], [`CoreError::ReceiptAmount`], [`CoreError::CreditLimitChanged`],
/// [`CoreError::NegativeAmount`], [`CoreError::SumOverflow`] or
/// [`CoreError::BalanceMismatch`].
pub fn check_receipt(f: &ReceiptFacts) -> Result<(), CoreError> {
    check_receipt_matches_payment(f.author_is_payee, f.amount, f.payment_amount)?;
    check_same_credit_limit(f.credit_limit, f.previous_credit_limit)?;
    let expected = balance_after_receipt(f.previous_balance, f.amount)?;
    check_balance(f.balance_after, expected)
}

/// What a payer can check of a receipt of its payment without the payee's ledger: who wrote it,
/// for how much, and when, beside the payment it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptOfPaymentFacts {
    /// Whether the receipt's author is the payment's payee.
    pub author_is_payee: bool,
    /// The payment's amount, in micro-IOEN.
    pub payment_amount: MicroIoen,
    /// The receipt's amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// When the payment was written, in microseconds since the Unix epoch.
    pub paid_at: i64,
    /// When the receipt was written, in microseconds since the Unix epoch.
    pub receipted_at: i64,
}

/// Checks the parts of a Receipt's rules that its payment decides (I10 and I13), for the reads
/// of a payer that follows a receipt link: a link only says its target has the right shape
/// (decision 52), so a payment counts as settled only by a receipt that passes these.
///
/// Rules, in this order: the author is the payment's payee; the amount is exactly the
/// payment's; the receipt is dated within the settlement window after the payment
/// ([`check_settlement_time`]).
///
/// # Errors
///
/// [`CoreError::NotPayee`], [`CoreError::ReceiptAmount`], [`CoreError::OlderThanBasis`] or
/// [`CoreError::SettlementTooLate`].
pub fn check_receipt_of_payment(
    f: &ReceiptOfPaymentFacts,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_receipt_matches_payment(f.author_is_payee, f.amount, f.payment_amount)?;
    check_settlement_time(SettlementStep::Receipt, f.paid_at, f.receipted_at, props)
}

/// The first two rules of every receipt check: the author is the payment's payee, and the
/// amount is exactly the payment's (I10).
fn check_receipt_matches_payment(
    author_is_payee: bool,
    amount: MicroIoen,
    payment_amount: MicroIoen,
) -> Result<(), CoreError> {
    if !author_is_payee {
        return Err(CoreError::NotPayee);
    }
    if amount != payment_amount {
        return Err(CoreError::ReceiptAmount {
            amount,
            payment_amount,
        });
    }
    Ok(())
}

/// What the walk of an author's ledger pointer chain (Payments and Receipts,
/// each naming the previous one) found (rules I9, I10 and I11, chain part).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerChainFacts {
    /// Whether the newest ledger entry of the author is exactly the one this
    /// entry names as its previous entry, or there is none and this entry
    /// names no previous entry.
    pub latest_entry_is_previous: bool,
    /// For a Payment: whether the author already paid the same invoice.
    /// Always `false` for a Receipt.
    pub already_paid: bool,
    /// For a Receipt: whether the author already acknowledged the same
    /// payment. Always `false` for a Payment.
    pub already_receipted: bool,
}

/// Checks what the walk of an author's ledger chain found.
///
/// # Errors
///
/// [`CoreError::AlreadyPaid`] if the invoice was already paid, else
/// [`CoreError::AlreadyReceipted`] if the payment already has a receipt,
/// else [`CoreError::LedgerForked`] if the entry does not follow the
/// author's latest ledger entry.
pub fn check_ledger_chain(f: &LedgerChainFacts) -> Result<(), CoreError> {
    if f.already_paid {
        return Err(CoreError::AlreadyPaid);
    }
    if f.already_receipted {
        return Err(CoreError::AlreadyReceipted);
    }
    if !f.latest_entry_is_previous {
        return Err(CoreError::LedgerForked);
    }
    Ok(())
}

/// The balance a payment of `amount` leaves: `previous_balance − amount`,
/// checked against the credit limit. Coordinators compute a Payment's
/// balance with it, so it always passes [`check_payment`].
///
/// # Errors
///
/// [`CoreError::NegativeAmount`], [`CoreError::DifferenceOverflow`] or
/// [`CoreError::CreditLimitExceeded`] if the result is below
/// `−credit_limit`; [`CoreError::InvalidProperty`] if the credit limit
/// is negative.
pub fn balance_after_payment(
    previous_balance: MicroIoen,
    amount: MicroIoen,
    credit_limit: MicroIoen,
) -> Result<MicroIoen, CoreError> {
    check_not_negative(amount)?;
    let lowest_balance = lowest_balance(credit_limit)?;
    let balance_after = checked_difference(previous_balance, amount)?;
    if balance_after < lowest_balance {
        return Err(CoreError::CreditLimitExceeded {
            amount,
            previous_balance,
            balance_after,
            lowest_balance,
        });
    }
    Ok(balance_after)
}

/// The balance a receipt of `amount` leaves: `previous_balance + amount`.
/// Coordinators compute a Receipt's balance with it, so it always passes
/// [`check_receipt`].
///
/// # Errors
///
/// [`CoreError::NegativeAmount`] or [`CoreError::SumOverflow`].
pub fn balance_after_receipt(
    previous_balance: MicroIoen,
    amount: MicroIoen,
) -> Result<MicroIoen, CoreError> {
    check_not_negative(amount)?;
    checked_sum(previous_balance, amount)
}

/// How much a household can still pay: `balance + credit_limit` (its account's).
///
/// # Errors
///
/// [`CoreError::SumOverflow`]; [`CoreError::InvalidProperty`] if the credit
/// limit is negative.
pub fn available(balance: MicroIoen, credit_limit: MicroIoen) -> Result<MicroIoen, CoreError> {
    lowest_balance(credit_limit)?;
    checked_sum(balance, credit_limit)
}

/// A household's money at a glance, as coordinators return it to user
/// interfaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceSummary {
    /// The balance of the household's latest ledger entry, in micro-IOEN.
    pub balance: MicroIoen,
    /// How much it can still pay, [`available`], in micro-IOEN.
    pub available: MicroIoen,
    /// The sum of payments to it that it has not yet acknowledged with a
    /// receipt, in micro-IOEN; not yet part of `balance`.
    pub pending_in: MicroIoen,
    /// The sum of its payments that their payees have not yet acknowledged,
    /// in micro-IOEN; already taken off `balance`.
    pub pending_out: MicroIoen,
}

/// The [`BalanceSummary`] of a household with `balance`, unreceipted
/// incoming payments `pending_in` and unreceipted outgoing payments
/// `pending_out` (amounts in micro-IOEN).
///
/// # Errors
///
/// [`CoreError::SumOverflow`]; [`CoreError::InvalidProperty`] if the credit
/// limit is negative.
pub fn balance_summary(
    balance: MicroIoen,
    pending_in: &[MicroIoen],
    pending_out: &[MicroIoen],
    credit_limit: MicroIoen,
) -> Result<BalanceSummary, CoreError> {
    Ok(BalanceSummary {
        balance,
        available: available(balance, credit_limit)?,
        pending_in: invoice_total(pending_in)?,
        pending_out: invoice_total(pending_out)?,
    })
}

/// One event of a [`LedgerState`]: accounts and payments are numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LedgerEvent {
    /// `payer` pays `amount` to `payee` (an issued invoice of that total).
    Pay {
        /// The paying account (the invoice's consumer).
        payer: usize,
        /// The paid account (the invoice's producer).
        payee: usize,
        /// The amount, in micro-IOEN.
        amount: MicroIoen,
    },
    /// The payee of payment number `payment_index` (counting accepted
    /// payments from 0) acknowledges it.
    Receipt {
        /// The payment's index in [`LedgerState::payments`].
        payment_index: usize,
    },
}

/// A payment as a [`LedgerState`] records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerPayment {
    /// The paying account.
    pub payer: usize,
    /// The paid account.
    pub payee: usize,
    /// The amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// Whether the payee has acknowledged it with a receipt.
    pub receipted: bool,
}

/// The whole ledger of a network as balances and payments: a model that
/// applies [`LedgerEvent`]s through [`check_payment`], [`check_receipt`] and
/// [`check_ledger_chain`], so that rule I12 ([`LedgerState::invariant_sum`]
/// is 0) can be checked over any history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerState {
    /// Each account's balance, in micro-IOEN.
    pub balances: Vec<MicroIoen>,
    /// Every accepted payment, in order.
    pub payments: Vec<LedgerPayment>,
}

impl LedgerState {
    /// A ledger of `accounts` accounts, all at balance 0, with no payments.
    pub fn new(accounts: usize) -> Self {
        Self {
            balances: vec![0; accounts],
            payments: Vec::new(),
        }
    }

    /// Applies `event` if the rules allow it; a refused event changes
    /// nothing.
    ///
    /// A payment must pass [`check_payment`] (as the issued total of an
    /// invoice of its payee to its payer); a receipt must pass
    /// [`check_ledger_chain`] (once per payment) and [`check_receipt`].
    ///
    /// # Errors
    ///
    /// [`CoreError::UnknownAccount`] or [`CoreError::UnknownPayment`] for an
    /// index out of range, [`CoreError::AlreadyReceipted`], or the errors of
    /// [`check_payment`] and [`check_receipt`].
    pub fn apply(
        &mut self,
        event: LedgerEvent,
        props: &NetworkProperties,
    ) -> Result<(), CoreError> {
        match event {
            LedgerEvent::Pay {
                payer,
                payee,
                amount,
            } => {
                let previous_balance = self.balance(payer)?;
                self.balance(payee)?;
                let balance_after =
                    balance_after_payment(previous_balance, amount, props.credit_limit)?;
                check_payment(&PaymentFacts {
                    payer_is_consumer: true,
                    payee_is_producer: true,
                    invoice_issued: true,
                    invoice_total: amount,
                    amount,
                    previous_balance,
                    balance_after,
                    previous_credit_limit: props.credit_limit,
                    credit_limit: props.credit_limit,
                })?;
                self.set_balance(payer, balance_after);
                self.payments.push(LedgerPayment {
                    payer,
                    payee,
                    amount,
                    receipted: false,
                });
                Ok(())
            }
            LedgerEvent::Receipt { payment_index } => {
                let payment =
                    *self
                        .payments
                        .get(payment_index)
                        .ok_or(CoreError::UnknownPayment {
                            payment: payment_index,
                            payments: self.payments.len(),
                        })?;
                check_ledger_chain(&LedgerChainFacts {
                    latest_entry_is_previous: true,
                    already_paid: false,
                    already_receipted: payment.receipted,
                })?;
                let previous_balance = self.balance(payment.payee)?;
                let balance_after = balance_after_receipt(previous_balance, payment.amount)?;
                check_receipt(&ReceiptFacts {
                    author_is_payee: true,
                    payment_amount: payment.amount,
                    amount: payment.amount,
                    previous_balance,
                    balance_after,
                    previous_credit_limit: props.credit_limit,
                    credit_limit: props.credit_limit,
                })?;
                self.set_balance(payment.payee, balance_after);
                if let Some(p) = self.payments.get_mut(payment_index) {
                    p.receipted = true;
                }
                Ok(())
            }
        }
    }

    /// The payments not yet acknowledged, as `(payee, amount)`.
    pub fn unreceipted(&self) -> Vec<(usize, MicroIoen)> {
        self.payments
            .iter()
            .filter(|p| !p.receipted)
            .map(|p| (p.payee, p.amount))
            .collect()
    }

    /// Σ balances + Σ unreceipted payments, in micro-IOEN, computed in
    /// `i128` (where it cannot overflow); rule I12 says it is always 0.
    pub fn invariant_sum(&self) -> i128 {
        let balances: i128 = self.balances.iter().map(|&b| i128::from(b)).sum();
        let unreceipted: i128 = self
            .unreceipted()
            .into_iter()
            .map(|(_, amount)| i128::from(amount))
            .sum();
        balances + unreceipted
    }

    fn balance(&self, account: usize) -> Result<MicroIoen, CoreError> {
        self.balances
            .get(account)
            .copied()
            .ok_or(CoreError::UnknownAccount {
                account,
                accounts: self.balances.len(),
            })
    }

    fn set_balance(&mut self, account: usize, balance: MicroIoen) {
        if let Some(b) = self.balances.get_mut(account) {
            *b = balance;
        }
    }
}

/// The lowest balance a credit limit allows, `−credit_limit`.
fn lowest_balance(credit_limit: MicroIoen) -> Result<MicroIoen, CoreError> {
    match credit_limit.checked_neg() {
        Some(lowest) if credit_limit >= 0 => Ok(lowest),
        _ => Err(CoreError::InvalidProperty {
            name: "credit_limit".to_string(),
            reason: format!("it must not be negative; it is {credit_limit}"),
        }),
    }
}

/// Checks that the period `period` ended before `authored_at`: compares
/// period numbers, so saturated boundaries cannot let it pass early.
fn check_period_ended(
    period: u64,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    let clock = props.clock()?;
    let current_period = clock
        .cycle_of(authored_at)
        .ok()
        .map(|cycle| clock.billing_period_of(cycle));
    if current_period.is_some_and(|now| now > period) {
        Ok(())
    } else {
        Err(CoreError::InvoiceTooEarly {
            period,
            current_period,
        })
    }
}

fn check_not_negative(amount: MicroIoen) -> Result<(), CoreError> {
    if amount < 0 {
        Err(CoreError::NegativeAmount { amount })
    } else {
        Ok(())
    }
}

fn check_balance(balance_after: MicroIoen, expected: MicroIoen) -> Result<(), CoreError> {
    if balance_after == expected {
        Ok(())
    } else {
        Err(CoreError::BalanceMismatch {
            balance_after,
            expected,
        })
    }
}

fn checked_sum(left: MicroIoen, right: MicroIoen) -> Result<MicroIoen, CoreError> {
    left.checked_add(right)
        .ok_or(CoreError::SumOverflow { left, right })
}

fn checked_difference(left: MicroIoen, right: MicroIoen) -> Result<MicroIoen, CoreError> {
    left.checked_sub(right)
        .ok_or(CoreError::DifferenceOverflow { left, right })
}

#[cfg(test)]
mod tests;
