//! Payment: a consumer pays an issued invoice in IOEN (rules I9 and I11).

use hdi::prelude::*;
use ioen_core::ledger::{check_ledger_chain, check_payment, LedgerChainFacts, PaymentFacts};
use ioen_core::{InvoiceStatus, SettlementStep};
use ioen_hdi::records::PaymentData;
use ioen_hdi::{valid_or_return, verdict};

use crate::chain::{
    dated_after, fetch_ledger_entry, ledger_entries_since, ledger_forks, LedgerEntry,
};
use crate::invoice::read_invoice;

/// A consumer's payment; the fields are [`PaymentData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Payment(pub PaymentData);

/// Rules:
/// 1. I9: the invoice named is an invoice version; the payer is its consumer and the payee its
///    producer; it is the issued version; the amount is exactly its total.
/// 2. I11: the previous entry named is the payer's own Account, Payment or Receipt; the balance
///    after is its balance minus the amount, and not below `-credit_limit`; I14: the credit limit
///    is the previous entry's, so every entry carries the one of the payer's invitation.
/// 3. I13: the payment is not older than the issued version it pays, and at most the settlement
///    window younger, so that rule 1 of [`validate_payment_chain`] finds every earlier payment.
pub fn validate_create_payment(
    action: &Create,
    payment: &Payment,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let p = &payment.0;
    let (invoice_record, invoice) = valid_or_return!(read_invoice(&p.invoice)?);
    if let Err(e) = dated_after(SettlementStep::Payment, &invoice_record, action, &props) {
        return ioen_hdi::verdict_err(e);
    }
    let (_, previous) = valid_or_return!(fetch_ledger_entry(&action.author, &p.previous_entry)?);
    Ok(verdict(check_payment(&PaymentFacts {
        payer_is_consumer: invoice.consumer == action.author,
        payee_is_producer: invoice_record.action().author() == &p.payee,
        invoice_issued: invoice.status == InvoiceStatus::Issued,
        invoice_total: invoice.total,
        amount: p.amount,
        previous_balance: previous.balance_after(),
        balance_after: p.balance_after,
        previous_credit_limit: previous.credit_limit(),
        credit_limit: p.credit_limit,
    })))
}

/// Rules:
/// 1. I9: the invoice is paid once: no earlier ledger entry of the payer since the invoice was
///    issued pays it (the walk follows the ledger pointers back to the issuing time only; I13
///    makes every payment of the invoice at least that young, and bounds the walk by the
///    settlement window).
/// 2. I11: the ledger chain does not fork: no other ledger entry of the payer lies between this
///    payment and the previous entry it names (the walk goes back to that entry only).
pub fn validate_payment_chain(
    action: &Create,
    payment: &Payment,
) -> ExternResult<ValidateCallbackResult> {
    let p = &payment.0;
    let issued_at = must_get_action(p.invoice.clone())?.action().timestamp();
    let already_paid = ledger_entries_since(
        &action.author,
        &p.previous_entry,
        issued_at,
        |e| matches!(e, LedgerEntry::Payment(earlier) if earlier.invoice == p.invoice),
    )?;
    let forks = valid_or_return!(ledger_forks(action.into(), &p.previous_entry)?);
    Ok(verdict(check_ledger_chain(&LedgerChainFacts {
        latest_entry_is_previous: !forks,
        already_paid,
        already_receipted: false,
    })))
}
