//! Acknowledging: a producer confirms a payment made to it with a receipt, which credits it.

use std::collections::{HashMap, HashSet};

use hdk::prelude::*;
use ioen_core::ledger::{balance_after_receipt, check_receipt_of_payment, ReceiptOfPaymentFacts};
use ioen_core::{CoreError, InvoiceStatus, MicroIoen, NetworkProperties};
use ioen_hdi::records::ReceiptData;
use ioen_hdk::is_warranted;
use ledger_integrity::{EntryTypes, LinkTypes, Receipt};

use crate::chain::{
    ledger_tip, own_invoice, own_invoices, own_receipts, own_receipts_since, OwnInvoice,
    PaymentRecord, ReceiptRecord,
};
use crate::counterpart::check_payment_to_acknowledge;
use crate::cycle::clock;
use crate::error::LedgerError;
use crate::payment::payments_to;

/// A receipt as its payee or payer sees it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ReceiptView {
    /// The Receipt's action hash.
    pub receipt_hash: ActionHash,
    /// The payment acknowledged.
    pub payment_hash: ActionHash,
    /// Who paid.
    pub payer: AgentPubKey,
    /// Who was paid and acknowledges it.
    pub payee: AgentPubKey,
    /// The amount, in micro-IOEN: the payment's.
    pub amount: MicroIoen,
    /// The payee's balance after it, in micro-IOEN.
    pub balance_after: MicroIoen,
}

/// Acknowledges a payment made to the caller: the caller's balance rises by its amount. The
/// caller first checks the payment and its payer itself
/// (`counterpart::check_payment_to_acknowledge`).
#[hdk_extern]
pub fn acknowledge_payment(payment_hash: ActionHash) -> ExternResult<ReceiptView> {
    let (props, _) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let record =
        get(payment_hash, GetOptions::network())?.ok_or(LedgerError::NotFound("payment"))?;
    let payment = PaymentRecord::from_record(&record)?.ok_or(LedgerError::NotFound("payment"))?;
    if is_warranted(&payment.payer)? {
        return Err(LedgerError::NotFound("payment").into());
    }
    if payment.data.payee != me {
        return Err(LedgerError::from(CoreError::NotPayee).into());
    }
    let invoices: Vec<OwnInvoice> = own_invoice(&payment.data.invoice)?.into_iter().collect();
    let Some(invoice) = invoice_paid_by(&payment, &invoices) else {
        return Err(LedgerError::NotForYourInvoice.into());
    };
    // Every payment of the invoice, and so every receipt of one, is dated no earlier than its
    // issue (rule I13): the walk back for them stops there.
    let receipts = own_receipts_since(invoice.version_at)?;
    if receipts.iter().any(|r| r.data.payment == payment.hash) {
        return Err(LedgerError::from(CoreError::AlreadyReceipted).into());
    }
    if settled_invoices(&payments_to(&me, Some(&payment.payer))?, &receipts)
        .contains(&payment.data.invoice)
    {
        return Err(LedgerError::InvoiceAlreadySettled.into());
    }
    check_payment_to_acknowledge(&payment, invoice, &props)?.map_err(WasmError::from)?;
    acknowledge(&payment)
}

/// Acknowledges the oldest payment made to the caller that it has not acknowledged yet and that
/// passes the caller's own check of the payment and its payer.
/// Returns the receipt, or `None` when every payment is acknowledged: call it until it returns
/// `None`. One receipt per call, for the reason given at `auto_pay`.
#[hdk_extern]
pub fn auto_acknowledge() -> ExternResult<Option<ReceiptView>> {
    let (props, _) = clock()?;
    let mut waiting = unacknowledged_payments()?;
    waiting.sort_by(|a, b| (a.at, &a.hash).cmp(&(b.at, &b.hash)));
    let invoices = own_invoices()?;
    for payment in &waiting {
        let Some(invoice) = invoice_paid_by(payment, &invoices) else {
            continue;
        };
        // A payment that does not pass this node's own check waits (it is dated ahead of this
        // clock) or stays unacknowledged (its payer or its balance is not sound).
        if check_payment_to_acknowledge(payment, invoice, &props)?.is_ok() {
            return acknowledge(payment).map(Some);
        }
    }
    Ok(None)
}

/// The payments made to the caller that pay one of its issued invoices and that it has not
/// acknowledged yet.
///
/// A second payment of an invoice whose first payment is acknowledged is left out: validation
/// lets a payer pay an invoice once along its chain, so a second one comes from a forked chain,
/// and acknowledging it would credit the caller twice for one bill.
pub fn unacknowledged_payments() -> ExternResult<Vec<PaymentRecord>> {
    let me = agent_info()?.agent_initial_pubkey;
    let receipts = own_receipts()?;
    let invoices = own_invoices()?;
    let payments = payments_to(&me, None)?;
    let settled = settled_invoices(&payments, &receipts);
    Ok(payments
        .into_iter()
        .filter(|p| !receipts.iter().any(|r| r.data.payment == p.hash))
        .filter(|p| !settled.contains(&p.data.invoice))
        .filter(|p| pays_one_of(p, &invoices))
        .collect())
}

/// The invoice versions of `payments` that one of `receipts` acknowledges.
fn settled_invoices(payments: &[PaymentRecord], receipts: &[ReceiptRecord]) -> HashSet<ActionHash> {
    payments
        .iter()
        .filter(|p| receipts.iter().any(|r| r.data.payment == p.hash))
        .map(|p| p.data.invoice.clone())
        .collect()
}

/// Whether `payment` pays the issued version of one of `invoices` for its total, by its
/// consumer. Validation of the Payment says so for a valid one; checking it here keeps a
/// payment this node has not judged yet from blocking `auto_acknowledge` (its receipt could not
/// be validated).
fn pays_one_of(payment: &PaymentRecord, invoices: &[OwnInvoice]) -> bool {
    invoice_paid_by(payment, invoices).is_some()
}

/// The invoice of `invoices` that `payment` pays, as [`pays_one_of`] says.
fn invoice_paid_by<'a>(
    payment: &PaymentRecord,
    invoices: &'a [OwnInvoice],
) -> Option<&'a OwnInvoice> {
    invoices.iter().find(|i| {
        i.version_hash == payment.data.invoice
            && i.data.status == InvoiceStatus::Issued
            && i.data.consumer == payment.payer
            && i.data.total == payment.data.amount
    })
}

/// Writes the Receipt of `payment` (checked by the caller) and links it to the payer.
fn acknowledge(payment: &PaymentRecord) -> ExternResult<ReceiptView> {
    let me = agent_info()?.agent_initial_pubkey;
    let tip = ledger_tip()?;
    let amount = payment.data.amount;
    let balance_after = balance_after_receipt(tip.balance, amount).map_err(LedgerError::from)?;
    let receipt = ReceiptData {
        payment: payment.hash.clone(),
        amount,
        previous_entry: tip.previous_entry,
        balance_after,
        credit_limit: tip.credit_limit,
    };
    let receipt_hash = create_entry(EntryTypes::Receipt(Receipt(receipt)))?;
    create_link(
        payment.payer.clone(),
        receipt_hash.clone(),
        LinkTypes::ReceiptInbox,
        LinkTag::new(Vec::new()),
    )?;
    Ok(ReceiptView {
        receipt_hash,
        payment_hash: payment.hash.clone(),
        payer: payment.payer.clone(),
        payee: me,
        amount,
        balance_after,
    })
}

/// The receipts in `payer`'s `ReceiptInbox` (only those by `payee` when given), one per payment;
/// receipts by agents this conductor holds a warrant against are skipped.
///
/// A link only says that its target has the right shape (decision 52): each receipt is checked
/// here against the payment it names, with the receipt's own rules ([`acknowledges`]), before it
/// counts. A receipt this node has not judged yet, dated before its payment, would otherwise show
/// the payer a payment as settled that no valid receipt settles (rule I12).
pub fn receipts_to(
    payer: &AgentPubKey,
    payee: Option<&AgentPubKey>,
) -> ExternResult<Vec<ReceiptRecord>> {
    let props = ioen_hdi::network_properties()?;
    let mut query = LinkQuery::try_new(payer.clone(), LinkTypes::ReceiptInbox)?;
    if let Some(payee) = payee {
        query = query.author(payee.clone());
    }
    let mut receipts: Vec<ReceiptRecord> = Vec::new();
    let mut payments: HashMap<ActionHash, Option<PaymentRecord>> = HashMap::new();
    for link in get_links(query, GetStrategy::Network)? {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        if receipts.iter().any(|r| r.hash == hash) || is_warranted(&link.author)? {
            continue;
        }
        let Some(record) = get(hash, GetOptions::network())? else {
            continue;
        };
        let Some(receipt) = ReceiptRecord::from_record(&record)? else {
            continue;
        };
        if receipt.payee != link.author {
            continue;
        }
        let payment = match payments.get(&receipt.data.payment) {
            Some(known) => known.clone(),
            None => {
                let read = get(receipt.data.payment.clone(), GetOptions::network())?
                    .map(|record| PaymentRecord::from_record(&record))
                    .transpose()?
                    .flatten();
                payments.insert(receipt.data.payment.clone(), read.clone());
                read
            }
        };
        if payment.is_some_and(|p| acknowledges(&receipt, &p, payer, &props)) {
            receipts.push(receipt);
        }
    }
    // One receipt per payment: the oldest (validation refuses any later one on the payee's chain).
    receipts.sort_by(|a, b| (a.at, &a.hash).cmp(&(b.at, &b.hash)));
    let mut seen = HashSet::new();
    receipts.retain(|r| seen.insert(r.data.payment.clone()));
    Ok(receipts)
}

/// Whether `receipt` acknowledges `payment`, made by `payer`, as the parts of the Receipt's rules
/// that its payment decides say (`check_receipt_of_payment`: I10, I13).
fn acknowledges(
    receipt: &ReceiptRecord,
    payment: &PaymentRecord,
    payer: &AgentPubKey,
    props: &NetworkProperties,
) -> bool {
    &payment.payer == payer
        && check_receipt_of_payment(
            &ReceiptOfPaymentFacts {
                author_is_payee: payment.data.payee == receipt.payee,
                payment_amount: payment.data.amount,
                amount: receipt.data.amount,
                paid_at: payment.at,
                receipted_at: receipt.at,
            },
            props,
        )
        .is_ok()
}
