//! Receipt: a producer acknowledges a payment, which credits it (rules I10 and I11).

use hdi::prelude::*;
use ioen_core::ledger::{check_ledger_chain, check_receipt, LedgerChainFacts, ReceiptFacts};
use ioen_core::SettlementStep;
use ioen_hdi::records::{PaymentData, ReceiptData};
use ioen_hdi::{entry_index, fetch_valid, valid_or_return, verdict, zome_names};

use crate::chain::{
    dated_after, fetch_ledger_entry, ledger_entries_since, ledger_forks, LedgerEntry,
};

/// A producer's receipt; the fields are [`ReceiptData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Receipt(pub ReceiptData);

/// Rules:
/// 1. I10: the payment named is a Payment whose payee is the author; the amount is exactly the
///    payment's.
/// 2. I11: the previous entry named is the author's own Account, Payment or Receipt; the balance
///    after is its balance plus the amount; I14: the credit limit is the previous entry's.
/// 3. I13: the receipt is not older than its payment, and at most the settlement window younger,
///    so that rule 1 of [`validate_receipt_chain`] finds every earlier receipt of the payment (a
///    payee with a slow clock could otherwise acknowledge one payment again and again).
pub fn validate_create_receipt(
    action: &Create,
    receipt: &Receipt,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let r = &receipt.0;
    let (payment_record, payment) = valid_or_return!(fetch_payment(&r.payment)?);
    // Checked before the previous entry is read: a receipt that names an invalid receipt as its
    // previous entry is still judged on its own date.
    if let Err(e) = dated_after(SettlementStep::Receipt, &payment_record, action, &props) {
        return ioen_hdi::verdict_err(e);
    }
    let (_, previous) = valid_or_return!(fetch_ledger_entry(&action.author, &r.previous_entry)?);
    Ok(verdict(check_receipt(&ReceiptFacts {
        author_is_payee: payment.payee == action.author,
        payment_amount: payment.amount,
        amount: r.amount,
        previous_balance: previous.balance_after(),
        balance_after: r.balance_after,
        previous_credit_limit: previous.credit_limit(),
        credit_limit: r.credit_limit,
    })))
}

/// Rules:
/// 1. I10: a payment gets one receipt: no earlier ledger entry of the author since the payment
///    was made acknowledges it (the walk follows the ledger pointers back to that time only; I13
///    makes every receipt of the payment at least that young, and bounds the walk by the
///    settlement window).
/// 2. I11: the ledger chain does not fork (as for payments).
pub fn validate_receipt_chain(
    action: &Create,
    receipt: &Receipt,
) -> ExternResult<ValidateCallbackResult> {
    let r = &receipt.0;
    let paid_at = must_get_action(r.payment.clone())?.action().timestamp();
    let already_receipted = ledger_entries_since(
        &action.author,
        &r.previous_entry,
        paid_at,
        |e| matches!(e, LedgerEntry::Receipt(earlier) if earlier.payment == r.payment),
    )?;
    let forks = valid_or_return!(ledger_forks(action.into(), &r.previous_entry)?);
    Ok(verdict(check_ledger_chain(&LedgerChainFacts {
        latest_entry_is_previous: !forks,
        already_paid: false,
        already_receipted,
    })))
}

/// A payment, decoded, read by its validity: unlike the records other rules name by content
/// (decision 52), a receipt of an invalid payment would credit its payee with money its payer
/// never had (an overdrawn payment, or one built on a forged balance), so two colluding rogues
/// could create IOEN. The price is that a validator that had not judged the payment yet may
/// disagree with one that had (docs/security.md row 16).
pub fn fetch_payment(hash: &ActionHash) -> ExternResult<Result<(Record, PaymentData), String>> {
    fetch_valid::<PaymentData>(hash, zome_names::LEDGER, entry_index::PAYMENT, "payment")
}
