//! Reading the caller's own chain: its account, invoices, payments and receipts.
//!
//! Everything here is a local `query`, so it is cheap and always up to date with the caller's
//! own writes, including those made earlier in the same call. What the writes read walks back
//! only as far as it must (the newest ledger entry, the invoices of periods still open to
//! settlement), so their cost does not grow with the chain's history (decision 53).

use hdk::prelude::*;
use ioen_core::MicroIoen;
use ioen_hdi::records::{AccountData, InvoiceData, PaymentData, ReceiptData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_chain::{newest, own_record, since, walk_back, Walk};
use ioen_hdk::{decode, entry_type, own_entries};

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
    /// When the latest version was written, in microseconds since the Unix epoch: for an issued
    /// invoice, its issue (every payment of it is dated later, rule I13).
    pub version_at: i64,
    /// The latest version's content.
    pub data: InvoiceData,
}

fn ledger_type(index: u8) -> ExternResult<EntryType> {
    entry_type(zome_names::LEDGER, index, EntryVisibility::Public)
}

/// Folds invoice records, oldest first, into invoices at their latest versions, in create
/// order. An update whose create is not among `records` is left out.
///
/// Versions are linked by `original_action_address`, which validation makes the previous
/// version, so folding the updates in chain order follows each invoice to its newest version.
fn fold_invoices(records: Vec<Record>) -> Vec<OwnInvoice> {
    let mut invoices: Vec<OwnInvoice> = Vec::new();
    for record in records {
        let Some(data) = decode::<InvoiceData>(&record) else {
            continue;
        };
        let hash = record.action_address().clone();
        match record.action() {
            Action::Create(create) => invoices.push(OwnInvoice {
                invoice_hash: hash.clone(),
                version_hash: hash.clone(),
                versions: vec![hash],
                version_at: create.timestamp.as_micros(),
                data,
            }),
            Action::Update(update) => {
                if let Some(invoice) = invoices
                    .iter_mut()
                    .find(|i| i.version_hash == update.original_action_address)
                {
                    invoice.version_hash = hash.clone();
                    invoice.versions.push(hash);
                    invoice.version_at = update.timestamp.as_micros();
                    invoice.data = data;
                }
            }
            _ => {}
        }
    }
    invoices
}

/// The caller's invoices in the order they were created, each at its latest version: every
/// one, for the pages that list them.
pub fn own_invoices() -> ExternResult<Vec<OwnInvoice>> {
    own_invoices_from(0)
}

/// The caller's invoices for billing periods `first_period` and later, in create order, each
/// at its latest version. Rule I8 opens invoices in period order, so the walk back stops at the
/// first create of an earlier period.
pub fn own_invoices_from(first_period: u64) -> ExternResult<Vec<OwnInvoice>> {
    let mut records = Vec::new();
    walk_back(&[ledger_type(entry_index::INVOICE)?], 0, |record| {
        let earlier = matches!(record.action(), Action::Create(_))
            && decode::<InvoiceData>(record).is_some_and(|d| d.period < first_period);
        if earlier {
            return Ok(Walk::Stop);
        }
        records.push(record.clone());
        Ok(Walk::Continue)
    })?;
    records.reverse();
    Ok(fold_invoices(records))
}

/// The caller's invoice with this create action or version, if it is one of its own: its
/// create is read locally, then only the invoice records written since (decision 53).
pub fn own_invoice(hash: &ActionHash) -> ExternResult<Option<OwnInvoice>> {
    let mut at = hash.clone();
    // Back along the versions to the create; each step is one of the caller's own records.
    let create = loop {
        let Some(record) = own_record(&at, zome_names::LEDGER, entry_index::INVOICE)? else {
            return Ok(None);
        };
        match record.action() {
            Action::Create(_) => break record,
            Action::Update(update) => at = update.original_action_address.clone(),
            _ => return Ok(None),
        }
    };
    let create_hash = create.action_address().clone();
    let records = since(
        &[ledger_type(entry_index::INVOICE)?],
        create.action().action_seq(),
        |record| Some(record.clone()),
    )?;
    Ok(fold_invoices(records)
        .into_iter()
        .find(|i| i.invoice_hash == create_hash && i.versions.contains(hash)))
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
    let newest = newest(
        &[ledger_type(entry_index::INVOICE)?],
        0,
        |record| match record.action() {
            Action::Create(_) => {
                decode::<InvoiceData>(record).map(|d| (record.action_address().clone(), d.period))
            }
            _ => None,
        },
    )?;
    match newest {
        Some((hash, period)) => Ok((hash, Some(period))),
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

/// The caller's [`LedgerTip`]: its newest Payment or Receipt, walking back only to it.
pub fn ledger_tip() -> ExternResult<LedgerTip> {
    let types = [
        ledger_type(entry_index::PAYMENT)?,
        ledger_type(entry_index::RECEIPT)?,
    ];
    let mut tip = None;
    walk_back(&types, 0, |record| {
        if let Some(p) = PaymentRecord::from_record(record)? {
            tip = Some((p.hash, p.data.balance_after, p.data.credit_limit));
        } else if let Some(r) = ReceiptRecord::from_record(record)? {
            tip = Some((r.hash, r.data.balance_after, r.data.credit_limit));
        }
        Ok(if tip.is_some() {
            Walk::Stop
        } else {
            Walk::Continue
        })
    })?;
    match tip {
        Some((previous_entry, balance, credit_limit)) => Ok(LedgerTip {
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

/// The caller's payments dated `from` (microseconds since the Unix epoch) or later, newest
/// first. Its own clock only rises along its chain, so the walk stops at the first older one.
pub fn own_payments_since(from: i64) -> ExternResult<Vec<PaymentRecord>> {
    own_since(entry_index::PAYMENT, from, PaymentRecord::from_record)
}

/// The caller's receipts dated `from` or later, newest first, as [`own_payments_since`].
pub fn own_receipts_since(from: i64) -> ExternResult<Vec<ReceiptRecord>> {
    own_since(entry_index::RECEIPT, from, ReceiptRecord::from_record)
}

/// The caller's ledger records of type `index` dated `from` or later, newest first, as `read`
/// makes them.
fn own_since<T>(
    index: u8,
    from: i64,
    read: impl Fn(&Record) -> ExternResult<Option<T>>,
) -> ExternResult<Vec<T>> {
    let mut found = Vec::new();
    walk_back(&[ledger_type(index)?], 0, |record| {
        if record.action().timestamp().as_micros() < from {
            return Ok(Walk::Stop);
        }
        found.extend(read(record)?);
        Ok(Walk::Continue)
    })?;
    Ok(found)
}
