//! Reading the caller's own chain: its account, invoices, payments and receipts.
//!
//! Everything here is a local `query`, so it is cheap and always up to date with the caller's
//! own writes, including those made earlier in the same call.

use hdk::prelude::*;
use ioen_core::MicroIoen;
use ioen_hdi::records::{AccountData, InvoiceData, PaymentData, ReceiptData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_entries;

use crate::error::LedgerError;

/// One of the caller's invoices, at its latest version.
#[derive(Clone, Debug)]
pub struct OwnInvoice {
    /// The create action: the invoice's identity.
    pub invoice_hash: ActionHash,
    /// The latest version (the create itself until the first update).
    pub version_hash: ActionHash,
    /// Every version, oldest first, starting with the create.
    pub versions: Vec<ActionHash>,
    /// The create action's position on the chain (invoices are ordered by it).
    pub action_seq: u32,
    /// The latest version's content.
    pub data: InvoiceData,
}

/// The caller's invoices in the order they were created, each at its latest version.
///
/// Versions are linked by `original_action_address`, which validation makes the previous
/// version, so folding the updates in chain order follows each invoice to its newest version.
pub fn own_invoices() -> ExternResult<Vec<OwnInvoice>> {
    let mut invoices: Vec<OwnInvoice> = Vec::new();
    for (hash, record, data) in
        own_entries::<InvoiceData>(zome_names::LEDGER, entry_index::INVOICE)?
    {
        match record.action() {
            Action::Create(create) => invoices.push(OwnInvoice {
                invoice_hash: hash.clone(),
                version_hash: hash.clone(),
                versions: vec![hash],
                action_seq: create.action_seq,
                data,
            }),
            Action::Update(update) => {
                if let Some(invoice) = invoices
                    .iter_mut()
                    .find(|i| i.version_hash == update.original_action_address)
                {
                    invoice.version_hash = hash.clone();
                    invoice.versions.push(hash);
                    invoice.data = data;
                }
            }
            _ => {}
        }
    }
    Ok(invoices)
}

/// The caller's invoice with this create action or version, if it is one of its own.
pub fn own_invoice(hash: &ActionHash) -> ExternResult<Option<OwnInvoice>> {
    Ok(own_invoices()?
        .into_iter()
        .find(|i| i.versions.contains(hash)))
}

/// The caller's Account create action, or [`LedgerError::NoAccount`].
pub fn my_account() -> ExternResult<ActionHash> {
    Ok(my_account_data()?.0)
}

/// The caller's Account, with its action hash.
pub fn my_account_data() -> ExternResult<(ActionHash, AccountData)> {
    own_entries::<AccountData>(zome_names::LEDGER, entry_index::ACCOUNT)?
        .into_iter()
        .map(|(hash, _, data)| (hash, data))
        .next()
        .ok_or_else(|| LedgerError::NoAccount.into())
}

/// What a new invoice names as previous: the caller's newest Invoice create and its period, or
/// its Account (and no period) before its first invoice.
pub fn invoice_chain_tip() -> ExternResult<(ActionHash, Option<u64>)> {
    match own_invoices()?.into_iter().max_by_key(|i| i.action_seq) {
        Some(latest) => Ok((latest.invoice_hash, Some(latest.data.period))),
        None => Ok((my_account()?, None)),
    }
}

/// The end of the caller's ledger pointer chain: the entry a new Payment or Receipt names as
/// previous, and the balance after it.
pub struct LedgerTip {
    /// The newest Payment or Receipt, else the Account.
    pub previous_entry: ActionHash,
    /// The balance after it, in micro-IOEN (0 for the Account).
    pub balance: MicroIoen,
    /// The caller's credit limit, which the entry carries from the Account (rule I14).
    pub credit_limit: MicroIoen,
}

/// The caller's [`LedgerTip`].
pub fn ledger_tip() -> ExternResult<LedgerTip> {
    let payments = own_payments()?.into_iter().map(|p| {
        (
            p.action_seq,
            p.hash,
            p.data.balance_after,
            p.data.credit_limit,
        )
    });
    let receipts = own_receipts()?.into_iter().map(|r| {
        (
            r.action_seq,
            r.hash,
            r.data.balance_after,
            r.data.credit_limit,
        )
    });
    match payments.chain(receipts).max_by_key(|(seq, ..)| *seq) {
        Some((_, previous_entry, balance, credit_limit)) => Ok(LedgerTip {
            previous_entry,
            balance,
            credit_limit,
        }),
        None => {
            let (previous_entry, account) = my_account_data()?;
            Ok(LedgerTip {
                previous_entry,
                balance: account.balance,
                credit_limit: account.credit_limit,
            })
        }
    }
}

/// A Payment with who wrote it and when.
#[derive(Clone, Debug)]
pub struct PaymentRecord {
    /// Its action hash.
    pub hash: ActionHash,
    /// The payer (its author).
    pub payer: AgentPubKey,
    /// When it was written, in microseconds since the Unix epoch.
    pub at: i64,
    /// Its position on the payer's chain.
    pub action_seq: u32,
    /// Its content.
    pub data: PaymentData,
}

/// A Receipt with who wrote it and when.
#[derive(Clone, Debug)]
pub struct ReceiptRecord {
    /// Its action hash.
    pub hash: ActionHash,
    /// The payee (its author).
    pub payee: AgentPubKey,
    /// When it was written, in microseconds since the Unix epoch.
    pub at: i64,
    /// Its position on the payee's chain.
    pub action_seq: u32,
    /// Its content.
    pub data: ReceiptData,
}

impl PaymentRecord {
    /// The payment in `record`, if it is a Payment create.
    pub fn from_record(record: &Record) -> ExternResult<Option<Self>> {
        let def = ioen_hdi::app_entry_def(zome_names::LEDGER, entry_index::PAYMENT)?;
        if !matches!(record.action(), Action::Create(_))
            || !ioen_hdi::is_entry_of(record.action(), def)
        {
            return Ok(None);
        }
        Ok(ioen_hdk::decode::<PaymentData>(record).map(|data| Self {
            hash: record.action_address().clone(),
            payer: record.action().author().clone(),
            at: record.action().timestamp().as_micros(),
            action_seq: record.action().action_seq(),
            data,
        }))
    }
}

impl ReceiptRecord {
    /// The receipt in `record`, if it is a Receipt create.
    pub fn from_record(record: &Record) -> ExternResult<Option<Self>> {
        let def = ioen_hdi::app_entry_def(zome_names::LEDGER, entry_index::RECEIPT)?;
        if !matches!(record.action(), Action::Create(_))
            || !ioen_hdi::is_entry_of(record.action(), def)
        {
            return Ok(None);
        }
        Ok(ioen_hdk::decode::<ReceiptData>(record).map(|data| Self {
            hash: record.action_address().clone(),
            payee: record.action().author().clone(),
            at: record.action().timestamp().as_micros(),
            action_seq: record.action().action_seq(),
            data,
        }))
    }
}

/// The caller's payments, oldest first.
pub fn own_payments() -> ExternResult<Vec<PaymentRecord>> {
    let mut payments = Vec::new();
    for record in ioen_hdk::own_records(zome_names::LEDGER, entry_index::PAYMENT)? {
        if let Some(payment) = PaymentRecord::from_record(&record)? {
            payments.push(payment);
        }
    }
    Ok(payments)
}

/// The caller's receipts, oldest first.
pub fn own_receipts() -> ExternResult<Vec<ReceiptRecord>> {
    let mut receipts = Vec::new();
    for record in ioen_hdk::own_records(zome_names::LEDGER, entry_index::RECEIPT)? {
        if let Some(receipt) = ReceiptRecord::from_record(&record)? {
            receipts.push(receipt);
        }
    }
    Ok(receipts)
}
