//! Paying: a consumer pays an issued invoice from its IOEN balance, within the credit limit.

use std::collections::HashSet;

use hdk::prelude::*;
use ioen_core::ledger::balance_after_payment;
use ioen_core::{CoreError, InvoiceStatus, MicroIoen};
use ioen_hdi::records::PaymentData;
use ioen_hdk::is_warranted;
use ledger_integrity::{EntryTypes, LinkTypes, Payment};

use crate::chain::{ledger_tip, own_payments, own_payments_since, PaymentRecord};
use crate::counterpart::check_invoice_to_pay;
use crate::cycle::{clock, now};
use crate::error::LedgerError;
use crate::view::{invoices_to_me, resolve_invoice, InvoiceRef};

/// A payment as its payer or payee sees it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PaymentView {
    /// The Payment's action hash.
    pub payment_hash: ActionHash,
    /// The invoice paid: its create action, as in `InvoiceView` (the Payment entry itself names
    /// the issued version).
    pub invoice_hash: ActionHash,
    /// Who paid (the invoice's consumer).
    pub payer: AgentPubKey,
    /// Who was paid (the invoice's producer).
    pub payee: AgentPubKey,
    /// The amount, in micro-IOEN: the invoice's total.
    pub amount: MicroIoen,
    /// The payer's balance after it, in micro-IOEN.
    pub balance_after: MicroIoen,
    /// The invoice's billing period.
    pub period: u64,
    /// Whether the payee acknowledged it with a receipt.
    pub receipted: bool,
}

/// Pays an issued invoice addressed to the caller, for its total, once the caller has checked
/// the invoice and its producer itself (`counterpart::check_invoice_to_pay`).
#[hdk_extern]
pub fn pay_invoice(invoice_hash: ActionHash) -> ExternResult<PaymentView> {
    let (props, _) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let invoice = resolve_invoice(&invoice_hash)?.ok_or(LedgerError::NotFound("invoice"))?;
    if invoice.data.consumer != me {
        return Err(LedgerError::from(CoreError::NotInvoiceConsumer).into());
    }
    if invoice.data.status != InvoiceStatus::Issued {
        return Err(LedgerError::from(CoreError::InvoiceNotIssued).into());
    }
    // A payable version was issued at most one settlement window ago and is paid after its
    // issue (rule I13): older payments cannot pay it, so the walk back stops there.
    let window = i64::from(props.settlement_window_seconds).saturating_mul(1_000_000);
    if own_payments_since(now()?.saturating_sub(window))?
        .iter()
        .any(|p| p.data.invoice == invoice.version_hash)
    {
        return Err(LedgerError::from(CoreError::AlreadyPaid).into());
    }
    check_invoice_to_pay(&invoice, &props)?.map_err(WasmError::from)?;
    pay(&invoice)
}

/// Pays the oldest issued invoice addressed to the caller that it has not paid, that fits
/// within its credit limit and that passes the caller's own check of the invoice and its
/// producer (oldest period first, then by producer). Returns the payment, or
/// `None` when no invoice is left to pay or none fits: call it until it returns `None`.
///
/// One payment per call, because each payment names the one before it and Holochain 0.6.3's
/// validation of a commit cannot read a record written earlier in the same call
/// (docs/decisions.md, "One ledger write per call; automation policies").
#[hdk_extern]
pub fn auto_pay() -> ExternResult<Option<PaymentView>> {
    let (props, _) = clock()?;
    let paid: HashSet<ActionHash> = own_payments()?
        .into_iter()
        .map(|p| p.data.invoice)
        .collect();
    let mut unpaid: Vec<InvoiceRef> = invoices_to_me(None)?
        .into_iter()
        .filter(|i| i.data.status == InvoiceStatus::Issued && !paid.contains(&i.version_hash))
        .collect();
    unpaid.sort_by(|a, b| {
        (a.data.period, &a.producer, &a.invoice_hash).cmp(&(
            b.data.period,
            &b.producer,
            &b.invoice_hash,
        ))
    });
    let tip = ledger_tip()?;
    for invoice in unpaid {
        // An invoice that does not pass this node's own check is left for later (its issue
        // is still ahead of this clock) or for good (its producer or records are not sound).
        if balance_after_payment(tip.balance, invoice.data.total, tip.credit_limit).is_ok()
            && check_invoice_to_pay(&invoice, &props)?.is_ok()
        {
            return pay(&invoice).map(Some);
        }
    }
    Ok(None)
}

/// Writes the Payment of `invoice` (checked by the caller) and links it to the payee.
fn pay(invoice: &InvoiceRef) -> ExternResult<PaymentView> {
    let me = agent_info()?.agent_initial_pubkey;
    let tip = ledger_tip()?;
    let amount = invoice.data.total;
    let balance_after =
        balance_after_payment(tip.balance, amount, tip.credit_limit).map_err(LedgerError::from)?;
    let payment = PaymentData {
        invoice: invoice.version_hash.clone(),
        payee: invoice.producer.clone(),
        amount,
        previous_entry: tip.previous_entry,
        balance_after,
        credit_limit: tip.credit_limit,
    };
    let payment_hash = create_entry(EntryTypes::Payment(Payment(payment)))?;
    create_link(
        invoice.producer.clone(),
        payment_hash.clone(),
        LinkTypes::PaymentInbox,
        LinkTag::new(Vec::new()),
    )?;
    Ok(PaymentView {
        payment_hash,
        invoice_hash: invoice.invoice_hash.clone(),
        payer: me,
        payee: invoice.producer.clone(),
        amount,
        balance_after,
        period: invoice.data.period,
        receipted: false,
    })
}

/// The payments in `payee`'s `PaymentInbox` (only those by `payer` when given), once each;
/// payments by agents this conductor holds a warrant against are skipped.
pub fn payments_to(
    payee: &AgentPubKey,
    payer: Option<&AgentPubKey>,
) -> ExternResult<Vec<PaymentRecord>> {
    let mut query = LinkQuery::try_new(payee.clone(), LinkTypes::PaymentInbox)?;
    if let Some(payer) = payer {
        query = query.author(payer.clone());
    }
    let mut payments: Vec<PaymentRecord> = Vec::new();
    for link in get_links(query, GetStrategy::Network)? {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        if payments.iter().any(|p| p.hash == hash) || is_warranted(&link.author)? {
            continue;
        }
        let Some(record) = get(hash, GetOptions::network())? else {
            continue;
        };
        if let Some(payment) = PaymentRecord::from_record(&record)? {
            if payment.payer == link.author && &payment.data.payee == payee {
                payments.push(payment);
            }
        }
    }
    Ok(payments)
}
