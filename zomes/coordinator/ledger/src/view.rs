//! Invoices as the UI sees them: lines with their contracts, and a status that includes the
//! payment and receipt made for the issued version.
//!
//! The caller's own invoices are read from its chain; other producers' invoices through the
//! caller's `InvoiceInbox`, each followed from its create action to its latest version.

use std::collections::HashMap;

use hdk::prelude::*;
use ioen_core::{InvoiceStatus, MicroIoen, PricePerKwh, Wh};
use ioen_hdi::records::InvoiceData;
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::is_warranted;
use ioen_hdk::standing::standing_word;
use ledger_integrity::{period_tag, LinkTypes};

use crate::chain::{
    own_invoice, own_invoices, own_payments, own_receipts, OwnInvoice, PaymentRecord, ReceiptRecord,
};
use crate::market::{contract_with_cycle, fetch_typed};
use crate::payment::payments_to;
use crate::receipt::receipts_to;

/// Where an invoice stands, as shown: its own status, or for an issued one whether it was paid
/// and the payment acknowledged.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceViewStatus {
    /// Still collecting lines.
    Open,
    /// Issued, not paid yet.
    Issued,
    /// Paid, not acknowledged yet.
    Paid,
    /// Paid and acknowledged with a receipt.
    Receipted,
    /// Closed without lines; never paid.
    Void,
}

/// One line of an invoice, with what its contract says.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct InvoiceLineView {
    /// The contract.
    pub contract: ActionHash,
    /// The consumer's confirmation of it.
    pub confirmation: ActionHash,
    /// The contract's supply cycle.
    pub supply_cycle: u64,
    /// Energy contracted, in Wh.
    pub contracted_wh: Wh,
    /// Energy delivered, in Wh.
    pub delivered_wh: Wh,
    /// The contract's price, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// `cost(delivered_wh, price_per_kwh)`, in micro-IOEN.
    pub amount: MicroIoen,
}

/// An invoice at its latest version.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct InvoiceView {
    /// The create action: the invoice's identity.
    pub invoice_hash: ActionHash,
    /// Its latest version (what `pay_invoice` pays once it is issued).
    pub version_hash: ActionHash,
    /// Who invoices (the author).
    pub producer: AgentPubKey,
    /// Who is invoiced.
    pub consumer: AgentPubKey,
    /// The billing period.
    pub period: u64,
    /// The lines, in the order they were recorded.
    pub lines: Vec<InvoiceLineView>,
    /// The sum of the line amounts, in micro-IOEN.
    pub total: MicroIoen,
    /// Where it stands.
    pub status: InvoiceViewStatus,
    /// The payment of the issued version, once made.
    pub payment_hash: Option<ActionHash>,
    /// The receipt of that payment, once made.
    pub receipt_hash: Option<ActionHash>,
    /// How the other party stands on the network, from the caller's side: `"good"`,
    /// `"warranted"`, `"forked"` or `"invalid"` (`ioen_hdk::standing`). Only a `"good"`
    /// counterpart's bills are paid or acknowledged. Read for issued and paid invoices, where a
    /// payment or a receipt is still to be written; `"good"` for the others.
    pub counterpart_standing: String,
}

/// An invoice at its latest version, whoever wrote it.
#[derive(Clone, Debug)]
pub struct InvoiceRef {
    /// The create action.
    pub invoice_hash: ActionHash,
    /// The latest version.
    pub version_hash: ActionHash,
    /// The author.
    pub producer: AgentPubKey,
    /// The latest version's content.
    pub data: InvoiceData,
}

impl InvoiceRef {
    /// One of the caller's own invoices.
    pub fn own(invoice: OwnInvoice, me: &AgentPubKey) -> Self {
        Self {
            invoice_hash: invoice.invoice_hash,
            version_hash: invoice.version_hash,
            producer: me.clone(),
            data: invoice.data,
        }
    }
}

/// The invoice with this create action or version: the caller's own, or another producer's
/// (`None` when it cannot be found, is not an invoice, or its producer is warranted here).
pub fn resolve_invoice(hash: &ActionHash) -> ExternResult<Option<InvoiceRef>> {
    let me = agent_info()?.agent_initial_pubkey;
    if let Some(own) = own_invoice(hash)? {
        return Ok(Some(InvoiceRef::own(own, &me)));
    }
    let Some(record) = invoice_record(hash)? else {
        return Ok(None);
    };
    match create_of(record)? {
        Some(create) => from_create(&create),
        None => Ok(None),
    }
}

/// The create record of the invoice `record` is a version of (itself when it is the create).
/// A version names the one before it; the create action is the invoice's identity. `None` when
/// a version on the way has not reached this node.
fn create_of(mut record: Record) -> ExternResult<Option<Record>> {
    while let Action::Update(update) = record.action() {
        let original = update.original_action_address.clone();
        let Some(previous) = invoice_record(&original)? else {
            return Ok(None);
        };
        record = previous;
    }
    Ok(Some(record))
}

/// The invoices in the caller's `InvoiceInbox` (of one period, or all), at their latest
/// versions; invoices by producers this conductor holds a warrant against are skipped.
pub fn invoices_to_me(period: Option<u64>) -> ExternResult<Vec<InvoiceRef>> {
    let me = agent_info()?.agent_initial_pubkey;
    let mut query = LinkQuery::try_new(me.clone(), LinkTypes::InvoiceInbox)?;
    if let Some(period) = period {
        query = query.tag_prefix(period_tag(period));
    }
    let mut invoices: Vec<InvoiceRef> = Vec::new();
    for link in get_links(query, GetStrategy::Network)? {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        if invoices.iter().any(|i| i.invoice_hash == hash) {
            continue;
        }
        let Some(record) = invoice_record(&hash)? else {
            continue;
        };
        if record.action().author() != &link.author {
            continue;
        }
        if let Some(invoice) = from_create(&record)? {
            if invoice.data.consumer == me && period.is_none_or(|p| p == invoice.data.period) {
                invoices.push(invoice);
            }
        }
    }
    Ok(invoices)
}

/// An Invoice record (create or update) by hash.
fn invoice_record(hash: &ActionHash) -> ExternResult<Option<Record>> {
    Ok(
        fetch_typed::<InvoiceData>(hash, zome_names::LEDGER, entry_index::INVOICE)?
            .map(|(record, _)| record),
    )
}

/// The invoice created by `create`, followed to its latest version.
fn from_create(create: &Record) -> ExternResult<Option<InvoiceRef>> {
    if !matches!(create.action(), Action::Create(_)) {
        return Ok(None);
    }
    let producer = create.action().author().clone();
    if is_warranted(&producer)? {
        return Ok(None);
    }
    let latest = latest_version(create, &producer)?;
    let Some(data) = ioen_hdk::decode::<InvoiceData>(&latest) else {
        return Ok(None);
    };
    Ok(Some(InvoiceRef {
        invoice_hash: create.action_address().clone(),
        version_hash: latest.action_address().clone(),
        producer,
        data,
    }))
}

/// Follows an invoice's updates by its producer to the newest version that reached this node.
fn latest_version(create: &Record, producer: &AgentPubKey) -> ExternResult<Record> {
    Ok(versions_from(create, producer)?
        .pop()
        .unwrap_or_else(|| create.clone()))
}

/// Every version of an invoice, from its create to the newest version that reached this node.
/// Validation makes the versions one line (each update follows the latest version), so each
/// version has at most one valid update; should there be more, the earliest is taken.
fn versions_from(create: &Record, producer: &AgentPubKey) -> ExternResult<Vec<Record>> {
    let mut versions = vec![create.clone()];
    loop {
        let Some(latest) = versions.last() else {
            return Ok(versions);
        };
        let Some(Details::Record(details)) =
            get_details(latest.action_address().clone(), GetOptions::network())?
        else {
            return Ok(versions);
        };
        let next = details
            .updates
            .iter()
            .filter(|update| update.action().author() == producer)
            .min_by_key(|update| update.action().timestamp())
            .map(|update| update.as_hash().clone());
        let Some(next) = next else {
            return Ok(versions);
        };
        match invoice_record(&next)? {
            Some(record) => versions.push(record),
            None => return Ok(versions),
        }
    }
}

/// Every version of the invoice created by `invoice_hash`, decoded, oldest first; `None` when
/// the create is missing or not an invoice create, or a version does not decode.
pub fn invoice_versions(
    invoice_hash: &ActionHash,
) -> ExternResult<Option<Vec<(Record, InvoiceData)>>> {
    let Some(create) = invoice_record(invoice_hash)? else {
        return Ok(None);
    };
    if !matches!(create.action(), Action::Create(_)) {
        return Ok(None);
    }
    let producer = create.action().author().clone();
    Ok(versions_from(&create, &producer)?
        .into_iter()
        .map(|record| ioen_hdk::decode::<InvoiceData>(&record).map(|data| (record, data)))
        .collect())
}

/// Which payments and receipts can settle an invoice, from where the caller stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Side {
    /// The caller is the producer: payments in its inbox, its own receipts.
    Producer,
    /// The caller is the consumer: its own payments, receipts in its inbox.
    Consumer,
    /// A third party: the producer's payment inbox and the consumer's receipt inbox.
    Between(AgentPubKey, AgentPubKey),
}

/// Payments and receipts read for one [`Side`].
struct Settlements {
    payments: Vec<PaymentRecord>,
    receipts: Vec<ReceiptRecord>,
}

impl Settlements {
    fn load(side: &Side) -> ExternResult<Self> {
        let me = agent_info()?.agent_initial_pubkey;
        Ok(match side {
            Side::Producer => Self {
                payments: payments_to(&me, None)?,
                receipts: own_receipts()?,
            },
            Side::Consumer => Self {
                payments: own_payments()?,
                receipts: receipts_to(&me, None)?,
            },
            Side::Between(producer, consumer) => Self {
                payments: payments_to(producer, Some(consumer))?,
                receipts: receipts_to(consumer, Some(producer))?,
            },
        })
    }

    /// The payment of `invoice`'s version by its consumer to its producer, and that payment's
    /// receipt by the producer.
    fn of(&self, invoice: &InvoiceRef) -> (Option<ActionHash>, Option<ActionHash>) {
        let payment = self.payments.iter().find(|p| {
            p.data.invoice == invoice.version_hash
                && p.payer == invoice.data.consumer
                && p.data.payee == invoice.producer
        });
        let Some(payment) = payment else {
            return (None, None);
        };
        let receipt = self
            .receipts
            .iter()
            .find(|r| r.data.payment == payment.hash && r.payee == invoice.producer)
            .map(|r| r.hash.clone());
        (Some(payment.hash.clone()), receipt)
    }
}

/// Views of `invoices`, in the same order. Payments and receipts are read only when an
/// invoice is issued, once per side.
pub fn views(invoices: Vec<InvoiceRef>) -> ExternResult<Vec<InvoiceView>> {
    let me = agent_info()?.agent_initial_pubkey;
    let mut cache = ViewCache::default();
    invoices
        .into_iter()
        .map(|invoice| build(invoice, &me, &mut cache))
        .collect()
}

/// The view of one invoice.
pub fn view(invoice: InvoiceRef) -> ExternResult<InvoiceView> {
    let me = agent_info()?.agent_initial_pubkey;
    build(invoice, &me, &mut ViewCache::default())
}

/// What building several views reads once: settlements per side, standing per counterpart.
#[derive(Default)]
struct ViewCache {
    settlements: HashMap<Side, Settlements>,
    standings: HashMap<AgentPubKey, &'static str>,
}

impl ViewCache {
    fn standing(&mut self, agent: &AgentPubKey) -> ExternResult<&'static str> {
        if let Some(word) = self.standings.get(agent) {
            return Ok(word);
        }
        let word = standing_word(agent)?;
        self.standings.insert(agent.clone(), word);
        Ok(word)
    }
}

fn build(
    invoice: InvoiceRef,
    me: &AgentPubKey,
    cache: &mut ViewCache,
) -> ExternResult<InvoiceView> {
    let settlements = &mut cache.settlements;
    let (status, payment_hash, receipt_hash) = match invoice.data.status {
        InvoiceStatus::Open => (InvoiceViewStatus::Open, None, None),
        InvoiceStatus::Void => (InvoiceViewStatus::Void, None, None),
        InvoiceStatus::Issued => {
            let side = if &invoice.producer == me {
                Side::Producer
            } else if &invoice.data.consumer == me {
                Side::Consumer
            } else {
                Side::Between(invoice.producer.clone(), invoice.data.consumer.clone())
            };
            let found = match settlements.entry(side) {
                std::collections::hash_map::Entry::Occupied(s) => s.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    let loaded = Settlements::load(slot.key())?;
                    slot.insert(loaded)
                }
            };
            match found.of(&invoice) {
                (None, _) => (InvoiceViewStatus::Issued, None, None),
                (Some(p), None) => (InvoiceViewStatus::Paid, Some(p), None),
                (Some(p), Some(r)) => (InvoiceViewStatus::Receipted, Some(p), Some(r)),
            }
        }
    };
    let mut lines = Vec::with_capacity(invoice.data.lines.len());
    for line in &invoice.data.lines {
        let (contract, supply_cycle) = contract_with_cycle(&line.contract)?;
        lines.push(InvoiceLineView {
            contract: line.contract.clone(),
            confirmation: line.confirmation.clone(),
            supply_cycle,
            contracted_wh: contract.energy_wh,
            delivered_wh: line.delivered_wh,
            price_per_kwh: contract.price_per_kwh,
            amount: line.amount,
        });
    }
    let counterpart = if &invoice.producer == me {
        &invoice.data.consumer
    } else {
        &invoice.producer
    };
    let counterpart_standing = match status {
        InvoiceViewStatus::Issued | InvoiceViewStatus::Paid => cache.standing(counterpart)?,
        InvoiceViewStatus::Open | InvoiceViewStatus::Receipted | InvoiceViewStatus::Void => "good",
    }
    .to_string();
    Ok(InvoiceView {
        counterpart_standing,
        invoice_hash: invoice.invoice_hash,
        version_hash: invoice.version_hash,
        producer: invoice.producer,
        consumer: invoice.data.consumer,
        period: invoice.data.period,
        lines,
        total: invoice.data.total,
        status,
        payment_hash,
        receipt_hash,
    })
}

/// The caller's own invoices as [`InvoiceRef`]s, in creation order.
pub fn own_invoice_refs() -> ExternResult<Vec<InvoiceRef>> {
    let me = agent_info()?.agent_initial_pubkey;
    Ok(own_invoices()?
        .into_iter()
        .map(|i| InvoiceRef::own(i, &me))
        .collect())
}

/// An invoice version's identity (its create action) and content, as a payment names it:
/// the caller's own invoices from its chain, others' by walking back from the version.
pub fn invoice_at_version(version: &ActionHash) -> ExternResult<Option<(ActionHash, InvoiceData)>> {
    if let Some(own) = own_invoice(version)? {
        // Own versions all keep the period; lines only grow, and a paid version is the last.
        return Ok(Some((own.invoice_hash, own.data)));
    }
    let Some((record, data)) =
        fetch_typed::<InvoiceData>(version, zome_names::LEDGER, entry_index::INVOICE)?
    else {
        return Ok(None);
    };
    Ok(create_of(record)?.map(|create| (create.action_address().clone(), data)))
}
